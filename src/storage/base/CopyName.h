#pragma once
// The one naming rule for a copy placed beside a file (a conflict's remote version, an import that
// keeps both): the tag goes before the extension, so the copy keeps its type and sorts next to it.

#include <QString>

namespace hawkmoth {

// "data/table.csv" + ".remote-1a2b3c4" -> "data/table.remote-1a2b3c4.csv";
// "notes.md" + " (2)" -> "notes (2).md"; ".bashrc" + " (2)" -> ".bashrc (2)".
QString copyPathWith(const QString &path, const QString &tag);

} // namespace hawkmoth
