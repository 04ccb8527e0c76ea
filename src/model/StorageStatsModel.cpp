#include "StorageStatsModel.h"

#include "AmountText.h"
#include "StorageStatus.h"

#include <QLocale>

namespace hawkmoth {

StorageStatsModel::StorageStatsModel(StorageStatus &status, QObject *parent)
    : QAbstractTableModel(parent)
    , m_status(status)
{
    connect(&status, &StorageStatus::statsChanged, this, &StorageStatsModel::update);
}

void StorageStatsModel::update()
{
    // The rows never change, only their numbers.
    Q_EMIT dataChanged(index(0, FilesColumn), index(RowCount - 1, BytesColumn));
}

qint64 StorageStatsModel::files(int row) const
{
    const auto &stats = m_status.stats();
    if (!stats)
        return 0;
    if (row == TotalRow)
        return files(GitRow) + files(HubRow) + files(SessionRow);
    return stats->layers.value(layerOf(row)).files;
}

qint64 StorageStatsModel::bytes(int row) const
{
    const auto &stats = m_status.stats();
    if (!stats)
        return 0;
    if (row == TotalRow)
        return bytes(GitRow) + bytes(HubRow) + bytes(SessionRow);
    return stats->layers.value(layerOf(row)).bytes;
}

int StorageStatsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int StorageStatsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StorageStatsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= RowCount)
        return {};
    const int row = index.row();
    const QLocale locale;
    const bool known = m_status.stats().has_value();
    switch (index.column()) {
    case LayerColumn:
        if (role != Qt::DisplayRole)
            return {};
        return row == TotalRow ? tr("Total") : layerName(layerOf(row));
    case FilesColumn:
        if (role == ValueRole)
            return files(row);
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::DisplayRole)
            return known ? locale.toString(files(row)) : QStringLiteral("…");
        return {};
    case BytesColumn:
        if (role == ValueRole)
            return bytes(row);
        if (role == Qt::TextAlignmentRole)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::DisplayRole)
            return known ? amounttext::bytes(bytes(row)) : QStringLiteral("…");
        if (role == Qt::ToolTipRole)
            return tr("%1 bytes").arg(locale.toString(bytes(row)));
        return {};
    default:
        return {};
    }
}

QVariant StorageStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LayerColumn:
        return tr("Layer");
    case FilesColumn:
        return tr("Files");
    case BytesColumn:
        return tr("Size");
    default:
        return {};
    }
}

} // namespace hawkmoth

#include "moc_StorageStatsModel.cpp"
