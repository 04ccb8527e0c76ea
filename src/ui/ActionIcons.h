#pragma once
// The toolbar's and menus' own SVG icons (resources/icons/actions, compiled into this library):
// drawn for HAWKMOTH in one style, scalable so they stay sharp at any device pixel ratio, and the
// same on every desktop whatever icon theme it has (or none).

#include <QIcon>

namespace hawkmoth {

// name: the icon's file name without ".svg" (sync, push, pull, rescan, new-file, import, save,
// settings).
QIcon actionIcon(const QString &name);

} // namespace hawkmoth
