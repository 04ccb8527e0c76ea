#pragma once
// Brings one version of a Hub file, as a manifest records it, into the blob cache: the token, one
// download (from the head of main or from the Hub commit given) checked against the recorded
// sha256. Opening a remote-only file and reading a past version of a hub-layer file share it.

#include "HubManifest.h"
#include "OperationControl.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth::hub {

class HubFileFetch
{
public:
    // The dataset the workspace's files live in: workspace.json's, else the manifest's.
    static QString datasetOf(const Workspace &workspace, const QString &manifestDataset);

    // The sha256 of the blob now in the cache; nothing is downloaded when the cache has it.
    // revision: the Hub commit to read path at; empty: the head of main.
    static Result<QString> toCache(const StorageContext &context, const QString &dataset,
                                   const QString &path, const ManifestEntry &entry,
                                   const QString &revision, const OperationControl &control);
};

} // namespace hawkmoth::hub
