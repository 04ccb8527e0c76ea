#pragma once
// Per-user settings in <data root>/settings.json: the current workspace and preferences that are
// not part of any workspace (they never travel with git or the Hub). Unknown keys are kept.

#include "Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QUrl>

namespace hawkmoth {

class AppSettings
{
public:
    // The newest "version" of the file this build reads (the key is optional).
    static constexpr int version = 1;
    // Defaults when missing; an error naming the file and key when a value HAWKMOTH reads has the
    // wrong type or range, or the file is from a newer version.
    static Result<AppSettings> load(const QString &file);
    Status save(const QString &file) const;

    QString currentWorkspace() const;
    void setCurrentWorkspace(const QString &name);

    // Automatic sync after changes, once this many seconds pass without another change.
    bool autoSync() const;
    int autoSyncDelaySeconds() const;
    // -1 when automatic sync is off.
    qint64 autoSyncDelayMs() const
    {
        return autoSync() ? qint64(autoSyncDelaySeconds()) * 1000 : -1;
    }
    qint64 cacheBudgetBytes() const;
    // Where the Hub is: HF_ENDPOINT, else the setting hubEndpoint, else https://huggingface.co;
    // without a trailing slash. The hub layer talks to it, and git knows its remotes by it.
    QUrl hubEndpoint() const;
    // The window's local REST server ("restServer", "restServerPort"): off unless turned on; the
    // port `hawkmoth serve` uses by default, 0 for any free one.
    static constexpr int defaultRestServerPort = 8765;
    bool restServer() const;
    int restServerPort() const;

    QJsonValue value(const QString &key, const QJsonValue &fallback = {}) const;
    void setValue(const QString &key, const QJsonValue &value);

private:
    QJsonObject m_values;
};

} // namespace hawkmoth
