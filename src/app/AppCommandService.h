#pragma once
// The command bar's CommandService: runs a typed line through the CommandExecutor on the core's
// pool (never on the GUI thread), with the formatting `hawkmoth do` prints, plus a table for
// list-like answers; completion comes from a CommandCompleter.

#include "CommandCatalog.h"
#include "CommandService.h"

#include <functional>

namespace hawkmoth {

class CommandCompleter;
class StorageCore;

class AppCommandService : public CommandService
{
    Q_OBJECT

public:
    // catalog and core must outlive this object.
    AppCommandService(StorageCore &core, const CommandCatalog &catalog, QObject *parent = nullptr);
    ~AppCommandService() override;

    QFuture<CommandReply> run(const QString &line) override;
    QStringList completions(const QString &line, int cursor) const override;

    // A long-lived window runs queued jobs in its scheduler: wake it instead of running the jobs
    // inside the command (what the CLI does, and what happens while none is set).
    void setJobWaker(std::function<void(const Workspace &)> wake) { m_wake = std::move(wake); }

private:
    StorageCore &m_core;
    const CommandCatalog &m_catalog;
    std::function<void(const Workspace &)> m_wake;
    CommandCompleter *m_completer;
};

} // namespace hawkmoth
