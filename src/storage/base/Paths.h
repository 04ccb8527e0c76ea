#pragma once
// Where HAWKMOTH keeps its data: the data root (workspaces, settings) and the cache root (blob
// cache, editor crash journal). Tests and portable setups redirect them with environment variables.

#include <QString>

namespace hawkmoth {

class Paths
{
public:
    // HAWKMOTH_DATA_DIR, else the platform's application data folder.
    // HAWKMOTH_CACHE_DIR, else $XDG_CACHE_HOME/hawkmoth (the platform's generic cache folder).
    static Paths fromEnvironment();
    Paths(QString dataRoot, QString cacheRoot);

    const QString &dataRoot() const { return m_dataRoot; }
    const QString &cacheRoot() const { return m_cacheRoot; }
    QString workspacesDir() const { return m_dataRoot + QStringLiteral("/workspaces"); }
    QString trashDir() const { return m_dataRoot + QStringLiteral("/trash"); }
    QString settingsFile() const { return m_dataRoot + QStringLiteral("/settings.json"); }
    QString journalDir() const { return m_cacheRoot + QStringLiteral("/journal"); }
    QString blobDir() const { return m_cacheRoot + QStringLiteral("/blobs"); }

private:
    QString m_dataRoot;
    QString m_cacheRoot;
};

} // namespace hawkmoth
