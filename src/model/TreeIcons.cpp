#include "TreeIcons.h"

namespace hawkmoth {

namespace {

constexpr TreeIcons::Status allStatuses[] = {
    TreeIcons::Status::Synced,     TreeIcons::Status::Pending,  TreeIcons::Status::Uploading,
    TreeIcons::Status::RemoteOnly, TreeIcons::Status::Conflict, TreeIcons::Status::Error,
    TreeIcons::Status::Local,
};

} // namespace

TreeIcons::TreeIcons()
{
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session})
        m_layers.insert(int(l), QIcon(layerIconPath(l)));
    for (Status s : allStatuses)
        m_statuses.insert(int(s), QIcon(statusIconPath(s)));
    m_folder = QIcon(QStringLiteral(":/icons/tree/folder.svg"));
    m_file = QIcon(QStringLiteral(":/icons/tree/file.svg"));
}

QString TreeIcons::statusName(Status status)
{
    switch (status) {
    case Status::Synced:
        return QStringLiteral("synced");
    case Status::Pending:
        return QStringLiteral("pending");
    case Status::Uploading:
        return QStringLiteral("uploading");
    case Status::RemoteOnly:
        return QStringLiteral("remote-only");
    case Status::Conflict:
        return QStringLiteral("conflict");
    case Status::Error:
        return QStringLiteral("error");
    case Status::Local:
        return QStringLiteral("local");
    }
    return {};
}

QString TreeIcons::layerIconPath(Layer layer)
{
    return QStringLiteral(":/icons/tree/layer-%1.svg").arg(layerName(layer));
}

QString TreeIcons::statusIconPath(Status status)
{
    return QStringLiteral(":/icons/tree/state-%1.svg").arg(statusName(status));
}

} // namespace hawkmoth
