#pragma once
// What one HAWKMOTH process puts on top of the storage core (which wires the layers itself): the
// command catalogue. The GUI, the CLI and the REST server all start from one of these, so they
// offer the same commands with the same effects.

#include "CommandCatalog.h"
#include "StorageCore.h"

namespace hawkmoth {

class AppServices
{
public:
    explicit AppServices(const Paths &paths);

    StorageCore &core() { return m_core; }
    const CommandCatalog &catalog() const { return m_catalog; }
    CommandCatalog &catalog() { return m_catalog; }

    // A context for one command against the given storage snapshot.
    ExecutionContext context(StorageContext &storage, const QString &workspaceOverride = {});

private:
    StorageCore m_core;
    CommandCatalog m_catalog;
};

// Each module adds its commands.
void registerCommands(CommandCatalog &catalog);

} // namespace hawkmoth
