#include "FileListModel.h"

#include "AmountText.h"
#include <QLocale>

namespace hawkmoth {

FileListModel::FileListModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void FileListModel::setFiles(const FileEntries &files)
{
    beginResetModel();
    m_files = files;
    endResetModel();
}

int FileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

int FileListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_files.size())
        return {};
    const FileEntry &e = m_files.at(index.row());
    if (role == EntryPathRole)
        return e.path;
    if (role == Qt::TextAlignmentRole && index.column() == SizeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case PathColumn:
        return e.path;
    case LayerColumn:
        return layerName(e.layer);
    case StateColumn:
        return syncStateName(e.state);
    case SizeColumn:
        return amounttext::bytes(e.size);
    default:
        return {};
    }
}

QVariant FileListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PathColumn:
        return tr("File");
    case LayerColumn:
        return tr("Layer");
    case StateColumn:
        return tr("State");
    case SizeColumn:
        return tr("Size");
    default:
        return {};
    }
}

} // namespace hawkmoth

#include "moc_FileListModel.cpp"
