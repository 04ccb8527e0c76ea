#pragma once
// What a walk of the disk (a rescan, an import) left out on purpose, and why: every such path is
// shown to the user by name, never dropped without a word.

#include "TextEscape.h"

#include <QList>
#include <QString>

namespace hawkmoth {

struct SkippedPath
{
    QString path;
    QString reason;
};
using SkippedPaths = QList<SkippedPath>;

// Why a name is left out when its bytes are not UTF-8 (HAWKMOTH's paths are UTF-8 throughout).
QString notUtf8Reason();

} // namespace hawkmoth
