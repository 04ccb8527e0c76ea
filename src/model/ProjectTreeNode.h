#pragma once
// One row of the project tree: a file with its index entry, or a folder whose children are
// listed on demand. Owned by its parent; the root stands for the workspace folder.

#include "FileEntry.h"

#include <QHash>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace hawkmoth {

struct ProjectTreeNode
{
    enum class Load
    {
        NotLoaded,
        Loading,
        Loaded
    };

    QString name;
    QString path; // workspace-relative; "" for the root
    bool folder = false;
    FileEntry entry; // files only
    // The model's change count when a notification last brought new content (or a new pending
    // state or layer) to this file; 0 when only listings did. A running upload step holds the
    // files changed no later than its start.
    quint64 changedAt = 0;
    ProjectTreeNode *parent = nullptr;
    int row = -1; // position in parent->children, kept current on every insert and removal
    std::vector<std::unique_ptr<ProjectTreeNode>> children;
    QHash<QString, ProjectTreeNode *> byName;
    Load load = Load::NotLoaded;
    quint64 token = 0; // the listing in flight; a reply carrying another token is stale
    // Direct children changed by notifications while a listing was in flight: true = present,
    // false = removed. They are newer than the listing and win over it.
    QHash<QString, bool> journal;

    ProjectTreeNode *child(const QString &childName) const { return byName.value(childName); }
    static QString join(const QString &dir, const QString &childName)
    {
        return dir.isEmpty() ? childName : QString(dir + QLatin1Char('/') + childName);
    }
};

} // namespace hawkmoth
