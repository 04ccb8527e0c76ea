#pragma once
// The workspaces of the data root as a list (name, folder, files, current), for the switcher's
// combo box: read once from core.workspaces(), then kept current in place from the change
// notifications (added, renamed, removed, current changed) without a reset.

#include "WorkspaceRegistry.h"

#include <QAbstractListModel>
#include <QSet>

namespace hawkmoth {

class StorageCore;

class WorkspaceListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        NameRole = Qt::UserRole + 1,
        RootRole,
        CurrentRole,
        ProblemRole,
    };

    explicit WorkspaceListModel(StorageCore &core, QObject *parent = nullptr);

    // Reads the whole list again (once at start; later only after an error).
    void refresh();
    bool isLoaded() const { return m_loaded; }
    QString currentName() const { return m_current; }
    // The row of the workspace called name (ignoring case, as the registry does); -1 if none.
    int rowOf(const QString &name) const;
    QStringList names() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void loaded();
    void currentChanged(const QString &name);
    // A read failed; the message says what to do.
    void failed(const QString &message);

private:
    void reset(const QList<WorkspaceInfo> &all);
    void added(const QString &name);
    void renamed(const QString &from, const QString &to);
    void removed(const QString &name);
    void setCurrent(const QString &name);
    // Reads one workspace's description and puts it in its row (inserting it if still missing).
    void describe(const QString &name);
    void put(const WorkspaceInfo &info);
    int insertionRow(const QString &name) const;

    StorageCore &m_core;
    QList<WorkspaceInfo> m_rows;
    QString m_current;
    bool m_loaded = false;
    quint64 m_generation = 0; // a refresh drops the answers of earlier ones
    QSet<QString> m_gone;     // removed (lower case) while a description was on its way
};

} // namespace hawkmoth
