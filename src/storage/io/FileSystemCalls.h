#pragma once
// The file-system steps around writing files: creating folders, flushing file systems, the limit
// of open files. AtomicWriter and the batch writers (import, pull) use them.

#include "Result.h"

#include <QString>
#include <QStringList>

namespace hawkmoth {

// Creates a workspace's staging folder (.hawkmoth/tmp) only while the workspace folder itself is
// there, so a write racing a rename of the workspace cannot re-create its old folder.
Status ensureStagingDir(const QString &stagingDir);

// Flushes every file and folder of the file systems that hold these folders (syncfs, once per
// file system): after a batch of Unsynced writes, one call makes them all durable, where an
// fdatasync per file waits for the disk once per file.
Status syncFileSystems(const QStringList &folders);

// The process's limit of open files, raised to its hard limit (at most 65,536) first: Linux starts
// programs at 1,024, too few for the writers an import holds open (preferUnnamed()).
qint64 openFileLimit();

// Creates the folders above path; refuses when a file stands where a folder must be. root: when
// given, the folder that must already exist (a workspace's, which a rename may have moved).
Status ensureParentFolder(const QString &path, const QString &root = {});
// The same for the folder itself and those above it.
Status ensureFolder(const QString &folder, const QString &root = {});

} // namespace hawkmoth
