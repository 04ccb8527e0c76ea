#include "ProjectTreeProxy.h"

#include "ProjectTreeModel.h"

#include <QRegularExpression>

namespace hawkmoth {

ProjectTreeProxy::ProjectTreeProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(ProjectTreeModel::SortRole);
    setFilterKeyColumn(ProjectTreeModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setRecursiveFilteringEnabled(true); // ancestors of a match stay
    setAutoAcceptChildRows(true);       // a matching folder shows what it holds
}

void ProjectTreeProxy::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.contains(QLatin1Char('*')) || trimmed.contains(QLatin1Char('?'))) {
        setFilterRegularExpression(
            QRegularExpression(QRegularExpression::wildcardToRegularExpression(
                                   trimmed, QRegularExpression::UnanchoredWildcardConversion),
                               QRegularExpression::CaseInsensitiveOption));
    } else {
        setFilterFixedString(trimmed);
    }
}

bool ProjectTreeProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftFolder = left.data(ProjectTreeModel::IsFolderRole).toBool();
    const bool rightFolder = right.data(ProjectTreeModel::IsFolderRole).toBool();
    // Folders first whichever way the column is sorted.
    if (leftFolder != rightFolder)
        return (sortOrder() == Qt::AscendingOrder) == leftFolder;
    const QVariant l = left.data(ProjectTreeModel::SortRole);
    const QVariant r = right.data(ProjectTreeModel::SortRole);
    if (left.column() == ProjectTreeModel::SizeColumn && l.toLongLong() != r.toLongLong())
        return l.toLongLong() < r.toLongLong();
    if (left.column() != ProjectTreeModel::NameColumn) {
        const int byColumn = m_collator.compare(l.toString(), r.toString());
        if (byColumn != 0)
            return byColumn < 0;
    }
    // Equal keys fall back to the name, so the order never depends on arrival.
    return m_collator.compare(left.siblingAtColumn(0).data().toString(),
                              right.siblingAtColumn(0).data().toString()) < 0;
}

} // namespace hawkmoth
