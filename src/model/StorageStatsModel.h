#pragma once
// The exact numbers behind the stats panel's layer chart: files and bytes of each layer and in
// all, one row per layer and a total row, updated in place from a StorageStatus.

#include "Layer.h"

#include <QAbstractTableModel>

namespace hawkmoth {

class StorageStatus;

class StorageStatsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        LayerColumn,
        FilesColumn,
        BytesColumn,
        ColumnCount
    };
    enum RowKind
    {
        GitRow,
        HubRow,
        SessionRow,
        TotalRow,
        RowCount
    };
    // The number itself (files or bytes) for the Files and Bytes columns.
    static constexpr int ValueRole = Qt::UserRole + 1;

    explicit StorageStatsModel(StorageStatus &status, QObject *parent = nullptr);

    static Layer layerOf(int row) { return Layer(row); } // for rows before TotalRow
    qint64 files(int row) const;
    qint64 bytes(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void update();

    StorageStatus &m_status;
};

} // namespace hawkmoth
