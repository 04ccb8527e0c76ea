#pragma once
// A flat table of a workspace's files (path, layer, state, size) for views; filled from a
// Listing computed off the GUI thread and swapped in whole.

#include "FileStore.h"

#include <QAbstractTableModel>

namespace hawkmoth {

class FileListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PathColumn,
        LayerColumn,
        StateColumn,
        SizeColumn,
        ColumnCount
    };
    enum Role
    {
        EntryPathRole = Qt::UserRole + 1
    };

    explicit FileListModel(QObject *parent = nullptr);

    void setFiles(const FileEntries &files);
    const FileEntries &files() const { return m_files; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    FileEntries m_files;
};

} // namespace hawkmoth
