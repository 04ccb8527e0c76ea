#pragma once
// Where an import's items go when their names are taken, as OnExists says: the target itself, a
// numbered name free on disk and not given out earlier in the run, or nowhere (refused or
// skipped, reported). One per import run.

#include "ImportReport.h"
#include "Workspace.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace hawkmoth {

class ImportNames
{
public:
    ImportNames(const Workspace &workspace, OnExists onExists);

    // The place of an item whose target is target (targetOnDisk: something stands there); the
    // caller resolves the place it gets, refusing a bad one.
    std::optional<QString> placeFor(const QString &source, const QString &target, bool targetOnDisk,
                                    ImportReport &report);
    // A dropped folder whose name is taken is one item, as in a file manager: KeepBoth imports it
    // whole under a free numbered name ("data (2)"), Skip leaves it out whole. Replace merges it
    // file by file (files of the same name are replaced, the folder's others stay); Refuse
    // refuses each file that is taken. Returns the names for the planner; skipped folders leave
    // sources.
    QHash<QString, QString> placeFolders(QStringList &sources, const QString &dest,
                                         ImportReport &report);

private:
    const Workspace &m_workspace;
    const OnExists m_onExists;
    QSet<QString> m_claimed; // numbered names given out in this run, not yet on disk
};

} // namespace hawkmoth
