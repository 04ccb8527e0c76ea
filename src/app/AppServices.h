#pragma once
// Everything one HAWKMOTH process wires together once — the storage core, the sync pipeline and
// the command catalogue — with every module (files, git, hub) installed. The GUI, the CLI and the
// REST server all start from one of these, so they offer the same commands with the same effects.

#include "CommandCatalog.h"
#include "StorageCore.h"
#include "SyncPipeline.h"

namespace hawkmoth {

class AppServices
{
public:
    explicit AppServices(const Paths &paths);

    StorageCore &core() { return m_core; }
    SyncPipeline &sync() { return m_sync; }
    SyncPipeline &pull() { return m_pull; }
    const CommandCatalog &catalog() const { return m_catalog; }
    CommandCatalog &catalog() { return m_catalog; }

    // A context for one command against the given storage snapshot.
    ExecutionContext context(StorageContext &storage, const QString &workspaceOverride = {});

private:
    StorageCore m_core;
    SyncPipeline m_sync;
    SyncPipeline m_pull{QString::fromLatin1(SyncPipeline::pullJobKind)};
    CommandCatalog m_catalog;
};

// Each module adds its job handlers, sync steps, workspace initialisers and commands.
void installModules(AppServices &services);

} // namespace hawkmoth
