#pragma once
// The parts of a workspace path ("a/b/c.txt"): its folder, its name in a folder, a folder and a
// name joined. The root is the empty folder.

#include <QString>

namespace hawkmoth {

// "a/b" for "a/b/c.txt", "" for "c.txt".
QString parentFolder(const QString &path);
// path's part below folder, one of path's folders ("" = the root): "b/c.txt" for "a", "a/b/c.txt".
QString nameIn(const QString &folder, const QString &path);
// "a/b" for "a", "b"; "b" for "", "b".
QString joinPath(const QString &folder, const QString &name);

} // namespace hawkmoth
