#pragma once
// Every path that comes from the Hub (its listing, a manifest that arrived through git, the name of
// a conflict copy) passes the rules for a path the user types before anything is written at it:
// whoever can write to a dataset must not be able to write into .git or out of the workspace.

#include "Result.h"
#include "Workspace.h"

namespace hawkmoth::hub {

class HubPaths
{
public:
    // HAWKMOTH's own files in a dataset, never materialised: .gitattributes, workspace.json.
    static bool isInternal(const QString &path);
    // The rules for a path the user types (PathValidator), without looking at the disk.
    static Status check(const QString &path);
    // check(), then the absolute path to write the dataset's `path` at (no symlink leads out), or
    // why it is refused.
    static Result<QString> resolve(const Workspace &workspace, const QString &path);
    // "data/table.csv" -> "data/table.hub-1a2b3c4.csv": where the Hub's version of a file changed
    // on both sides is kept.
    static QString copyPath(const QString &path, const QString &oid);
    // "'name' (reason)", control characters shown as \xNN so that a name cannot drive a terminal.
    static QString refusal(const QString &path, const Error &why);
};

} // namespace hawkmoth::hub
