#pragma once
// The project tree's SVG icons (compiled into this library's resources): one per layer, one per
// file status, and the folder and file glyphs. Loaded once per model and shared by its rows.

#include "Layer.h"

#include <QHash>
#include <QIcon>

namespace hawkmoth {

class TreeIcons
{
public:
    // What a row shows: the index's sync state, plus "uploading" while a sync runs.
    enum class Status
    {
        Synced,
        Pending,
        Uploading,
        RemoteOnly,
        Conflict,
        Error,
        Local,
    };

    TreeIcons();

    QIcon layer(Layer layer) const { return m_layers.value(int(layer)); }
    QIcon status(Status status) const { return m_statuses.value(int(status)); }
    QIcon folder() const { return m_folder; }
    QIcon file() const { return m_file; }

    static QString statusName(Status status);
    // Resource path of an icon, for widgets that build their own (menus, buttons).
    static QString layerIconPath(Layer layer);
    static QString statusIconPath(Status status);

private:
    QHash<int, QIcon> m_layers;
    QHash<int, QIcon> m_statuses;
    QIcon m_folder;
    QIcon m_file;
};

} // namespace hawkmoth
