#pragma once
// Installs the layers into a storage core: the job handlers, the sync and pull pipelines with
// their steps, the workspace initialisers (a git repository, remote-only rows), the fetcher of
// remote-only files and the index rebuilder. A StorageCore owns one, so the core alone can sync,
// push and pull: the window, the CLI and a REST server need nothing from src/app for it.

#include "SyncPipeline.h"

namespace hawkmoth {

class StorageCore;

class StorageModules
{
public:
    explicit StorageModules(StorageCore &core);

    const SyncPipeline &sync() const { return m_sync; }
    const SyncPipeline &pull() const { return m_pull; }

private:
    SyncPipeline m_sync;
    SyncPipeline m_pull{QString::fromLatin1(SyncPipeline::pullJobKind)};
};

} // namespace hawkmoth
