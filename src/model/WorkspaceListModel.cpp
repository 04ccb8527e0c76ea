#include "WorkspaceListModel.h"

#include "AmountText.h"
#include "FutureGuard.h"
#include "StorageCore.h"
#include "WorkspaceName.h"

#include <QFont>
#include <QLocale>

#include <algorithm>

namespace hawkmoth {

namespace {

QString key(const QString &name)
{
    return name.toLower();
}

} // namespace

WorkspaceListModel::WorkspaceListModel(StorageCore &core, QObject *parent)
    : QAbstractListModel(parent)
    , m_core(core)
{
    const ChangeNotifier &changes = core.changes();
    connect(&changes, &ChangeNotifier::workspaceAdded, this, &WorkspaceListModel::added);
    connect(&changes, &ChangeNotifier::workspaceRenamed, this, &WorkspaceListModel::renamed);
    connect(&changes, &ChangeNotifier::workspaceRemoved, this, &WorkspaceListModel::removed);
    connect(&changes, &ChangeNotifier::currentWorkspaceChanged, this,
            &WorkspaceListModel::setCurrent);
    // Made from a remote (clone, open from the Hub): announced by the core itself.
    connect(&core, &StorageCore::currentWorkspaceChanged, this, [this](const QString &name) {
        if (rowOf(name) < 0)
            added(name);
        setCurrent(name);
    });
}

void WorkspaceListModel::refresh()
{
    const quint64 generation = ++m_generation;
    onResult(m_core.workspaces().list(), this,
             [this, generation](const Result<QList<WorkspaceInfo>> &all) {
                 if (generation != m_generation)
                     return;
                 if (!all) {
                     Q_EMIT failed(all.error().message);
                     return;
                 }
                 reset(*all);
             });
}

void WorkspaceListModel::reset(const QList<WorkspaceInfo> &all)
{
    // The first load (or a reload after an error) is the one reset this model does.
    beginResetModel();
    m_rows = all;
    std::sort(m_rows.begin(), m_rows.end(), [](const WorkspaceInfo &a, const WorkspaceInfo &b) {
        return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    });
    m_gone.clear();
    QString current;
    for (const WorkspaceInfo &info : std::as_const(m_rows)) {
        if (info.current)
            current = info.name;
    }
    endResetModel();
    m_loaded = true;
    Q_EMIT loaded();
    if (!current.isEmpty())
        setCurrent(current);
}

int WorkspaceListModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (WorkspaceName::same(m_rows.at(i).name, name))
            return i;
    }
    return -1;
}

QStringList WorkspaceListModel::names() const
{
    QStringList out;
    for (const WorkspaceInfo &info : m_rows)
        out.append(info.name);
    return out;
}

int WorkspaceListModel::insertionRow(const QString &name) const
{
    int row = 0;
    while (row < m_rows.size() &&
           QString::compare(m_rows.at(row).name, name, Qt::CaseInsensitive) < 0)
        ++row;
    return row;
}

void WorkspaceListModel::put(const WorkspaceInfo &given)
{
    WorkspaceInfo info = given;
    info.current = WorkspaceName::same(info.name, m_current);
    const int row = rowOf(info.name);
    if (row >= 0) {
        m_rows[row] = info;
        Q_EMIT dataChanged(index(row), index(row));
        return;
    }
    const int at = insertionRow(info.name);
    beginInsertRows({}, at, at);
    m_rows.insert(at, info);
    endInsertRows();
}

void WorkspaceListModel::describe(const QString &name)
{
    const quint64 generation = m_generation;
    onResult(m_core.workspaces().info(name), this,
             [this, generation, name](const Result<WorkspaceInfo> &info) {
                 if (generation != m_generation || m_gone.contains(key(name)))
                     return;
                 if (info) {
                     put(*info);
                     return;
                 }
                 if (info.error().code == ErrorCode::NotFound)
                     return; // renamed or deleted since it was asked for: its notice follows
                 // Known by name only (its index may be damaged): still listed, with the reason.
                 WorkspaceInfo bare;
                 bare.name = name;
                 bare.problem = info.error().message;
                 put(bare);
             });
}

void WorkspaceListModel::added(const QString &name)
{
    m_gone.remove(key(name));
    if (rowOf(name) < 0) {
        // Listed at once by name; the numbers follow.
        WorkspaceInfo bare;
        bare.name = name;
        put(bare);
    }
    describe(name);
}

void WorkspaceListModel::renamed(const QString &from, const QString &to)
{
    const int row = rowOf(from);
    if (row < 0) {
        added(to);
        return;
    }
    const bool wasCurrent = WorkspaceName::same(m_current, from);
    // An answer about the old name still on its way (asked for when it was added) must not list
    // it again.
    if (!WorkspaceName::same(from, to))
        m_gone.insert(key(from));
    m_gone.remove(key(to));
    m_rows[row].name = to;
    Q_EMIT dataChanged(index(row), index(row));
    // The row moves, in place, to where the new name sorts among the others.
    int dest = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (i != row && QString::compare(m_rows.at(i).name, to, Qt::CaseInsensitive) < 0)
            ++dest;
    }
    if (dest != row) {
        beginMoveRows({}, row, row, {}, dest > row ? dest + 1 : dest);
        m_rows.move(row, dest);
        endMoveRows();
    }
    if (wasCurrent)
        setCurrent(to);
    describe(to);
}

void WorkspaceListModel::removed(const QString &name)
{
    m_gone.insert(key(name));
    const int row = rowOf(name);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void WorkspaceListModel::setCurrent(const QString &name)
{
    const int before = rowOf(m_current);
    const bool changed = !WorkspaceName::same(m_current, name) || m_current != name;
    m_current = name;
    for (int row : {before, rowOf(name)}) {
        if (row < 0)
            continue;
        m_rows[row].current = WorkspaceName::same(m_rows.at(row).name, name);
        Q_EMIT dataChanged(index(row), index(row));
    }
    if (rowOf(name) < 0 && !name.isEmpty())
        added(name);
    if (changed)
        Q_EMIT currentChanged(name);
}

int WorkspaceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant WorkspaceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkspaceInfo &info = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole:
        return info.name;
    case RootRole:
        return info.root;
    case CurrentRole:
        return info.current;
    case ProblemRole:
        return info.problem;
    case Qt::FontRole:
        if (info.current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole: {
        if (!info.problem.isEmpty())
            return QStringLiteral("%1: %2").arg(info.name, info.problem);
        qint64 files = 0, bytes = 0;
        for (const LayerTotals &t : info.totals) {
            files += t.files;
            bytes += t.bytes;
        }
        return tr("%1\n%2, %3\n%4")
            .arg(info.name, amounttext::files(files), amounttext::bytes(bytes), info.root);
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> WorkspaceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, "name");
    names.insert(RootRole, "root");
    names.insert(CurrentRole, "current");
    names.insert(ProblemRole, "problem");
    return names;
}

} // namespace hawkmoth

#include "moc_WorkspaceListModel.cpp"
