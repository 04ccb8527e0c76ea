#pragma once
// The past of a hub-layer file. Its bytes live on the Hub, its versions in git: every sync commits
// .hawkmoth/manifest.json, which records each hub file's sha256 and the Hub commit that stored it.
// A version is therefore named by the git commit whose manifest first recorded it, like a git-layer
// file's, and its content is downloaded from that Hub commit and checked against the sha256.

#include "FileEntry.h"
#include "GitLogEntry.h"
#include "HubManifest.h"
#include "OperationControl.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <optional>

namespace hawkmoth::hub {

struct HubVersion
{
    git::LogEntry commit; // the git commit whose manifest first recorded this version
    ManifestEntry entry;  // sha256, size and the Hub commit that stored it
    QString dataset;
};

class HubFileHistory
{
public:
    // How many commits of the manifest a log reads at most: each is a JSON document to parse.
    static constexpr int maxManifestCommits = 2000;

    // Newest first: one entry per content the manifest recorded for path (a version that stayed
    // over several syncs is listed once, at the commit that recorded it first).
    static Result<QList<HubVersion>> log(const Workspace &ws, const QString &path, int limit);
    // The version of path recorded by the manifest at rev; nullopt when it lists no such file.
    static Result<std::optional<HubVersion>> at(const Workspace &ws, const QString &path,
                                                const QString &rev);
    // Downloads the version into the blob cache (unless it is there); returns the cached file.
    static Result<QString> fetch(const StorageContext &context, const QString &path,
                                 const HubVersion &version, const OperationControl &control);
    // Saves the version as path's current content, a new change the next sync uploads: fetched,
    // then imported over the file as a drop that replaces it would be.
    static Result<FileEntry> restore(const Workspace &ws, const StorageContext &context,
                                     const QString &path, const HubVersion &version,
                                     const OperationControl &control);
};

} // namespace hawkmoth::hub
