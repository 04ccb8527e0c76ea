#pragma once
// What a walk of the disk (a rescan, an import) left out on purpose, and why: every such path is
// shown to the user by name, never dropped without a word.

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace hawkmoth {

struct SkippedPath
{
    QString path;
    QString reason;
};
using SkippedPaths = QList<SkippedPath>;

// A file name's bytes for the user: valid UTF-8 as it is, any other byte escaped as \xNN, so a
// name that is not UTF-8 can be named without being mistaken for another one.
QString escapedName(QByteArrayView bytes);

// Why a name is left out when its bytes are not UTF-8 (HAWKMOTH's paths are UTF-8 throughout).
QString notUtf8Reason();

} // namespace hawkmoth
