#include "ProjectTreeProxy.h"

#include "NameFilter.h"
#include "ProjectTreeModel.h"

namespace hawkmoth {

namespace {

// "a9" before "a10", case aside: runs of digits compare by value, the rest by the collator (which
// cannot be trusted with numbers: without ICU, or in the C locale, it has no numeric mode).
int naturalCompare(const QCollator &collator, QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            QStringView da = a.mid(i, ei - i);
            QStringView db = b.mid(j, ej - j);
            while (da.size() > 1 && da.front() == QLatin1Char('0'))
                da = da.mid(1);
            while (db.size() > 1 && db.front() == QLatin1Char('0'))
                db = db.mid(1);
            if (da.size() != db.size())
                return da.size() < db.size() ? -1 : 1;
            if (const int c = da.compare(db); c != 0)
                return c;
            i = ei;
            j = ej;
            continue;
        }
        qsizetype ei = i;
        qsizetype ej = j;
        while (ei < a.size() && !a[ei].isDigit())
            ++ei;
        while (ej < b.size() && !b[ej].isDigit())
            ++ej;
        if (const int c = collator.compare(a.mid(i, ei - i), b.mid(j, ej - j)); c != 0)
            return c;
        i = ei;
        j = ej;
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    return 0;
}

} // namespace

ProjectTreeProxy::ProjectTreeProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(ProjectTreeModel::SortRole);
    setFilterKeyColumn(ProjectTreeModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setRecursiveFilteringEnabled(true); // ancestors of a match stay
    setAutoAcceptChildRows(true);       // a matching folder shows what it holds
}

void ProjectTreeProxy::setNameFilter(const QString &text)
{
    setFilterRegularExpression(NameFilter(text).expression());
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
    return naturalCompare(m_collator, left.siblingAtColumn(0).data().toString(),
                          right.siblingAtColumn(0).data().toString()) < 0;
}

} // namespace hawkmoth

#include "moc_ProjectTreeProxy.cpp"
