#pragma once
// Completes a command-language line: the words of the commands' phrases, then their arguments —
// workspace names, template and layer names, and paths of the current workspace. What it offers
// comes from memory; a folder not listed yet is fetched on the core's pool, and grew() says when
// it has arrived.

#include "CommandCatalog.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

namespace hawkmoth {

class StorageCore;

class CommandCompleter : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxCompletions = 200;

    CommandCompleter(StorageCore &core, const CommandCatalog &catalog, QObject *parent = nullptr);

    // Whole lines that begin with the text before cursor.
    QStringList complete(const QString &line, int cursor);

Q_SIGNALS:
    void grew();

private:
    QStringList values(const QString &placeholder, const QString &partial);
    QStringList paths(const QString &partial);
    void loadWorkspaces();
    void loadFolder(const QString &dir);
    void forgetFolders();

    StorageCore &m_core;
    const CommandCatalog &m_catalog;
    QStringList m_workspaces;
    QString m_current;
    QHash<QString, QStringList> m_folders; // folder of the current workspace -> its entries
    QSet<QString> m_loading;
    quint64 m_generation = 0; // drops listings of a workspace no longer current
};

} // namespace hawkmoth
