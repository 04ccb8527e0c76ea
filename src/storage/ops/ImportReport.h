#pragma once
// What an import was asked to do with names that are taken, and what it did with each item.

#include "FileEntry.h"
#include "ItemError.h"
#include "SkippedPath.h"

#include <QStringList>

namespace hawkmoth {

// What an import does where its target already exists.
enum class OnExists
{
    Refuse,   // leave it, report the item as not imported (an AlreadyExists error); the default
    Replace,  // overwrite it
    KeepBoth, // import beside it under a numbered name: "notes (2).md"
    Skip,     // leave it and list the item as skipped, not as an error
};

struct ImportReport
{
    FileEntries imported;
    QStringList errors;   // one line per file that was not imported, with the reason
    ItemErrors failures;  // the same, each with its code and path
    SkippedPaths skipped; // left out on purpose: links leading out, .git folders, FIFOs...
    QStringList links;    // links recreated inside the workspace, as "path -> target"
    qint64 bytes = 0;
    bool cancelled = false;

    void fail(const ItemError &e)
    {
        failures.append(e);
        errors.append(e.message);
    }
};

} // namespace hawkmoth
