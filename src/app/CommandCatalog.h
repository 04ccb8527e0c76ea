#pragma once
// The commands HAWKMOTH understands: for each, its canonical verb, the phrases of the command
// language that name it, a line of help, and the function that carries it out. Feature modules
// (workspaces, files, git, hub) each add their commands here.

#include "Command.h"
#include "ExecutionContext.h"

#include <QJsonObject>
#include <QList>

#include <functional>

namespace hawkmoth {

using CommandHandler = std::function<CommandResult(const Command &, ExecutionContext &)>;
// Adds a section to "storage status" (the git and hub layers report their state here).
using StatusSection = std::function<void(const Workspace &, ExecutionContext &, QJsonObject &data,
                                         QStringList &lines)>;

struct CommandSpec
{
    QString verb;
    // Phrases: literal words, <placeholders> (one or more words, or a quoted string), {flag}
    // words that set an option when typed, and +option markers that set one implicitly; e.g.
    // "create project <name> from <template>", "delete folder <path> +recursive".
    QStringList phrases;
    QString usage; // shown in help, e.g. "create project NAME [from TEMPLATE]"
    QString help;
    CommandHandler handler;
};

class CommandCatalog
{
public:
    void add(CommandSpec spec) { m_specs.append(std::move(spec)); }
    const CommandSpec *find(const QString &verb) const
    {
        for (const CommandSpec &s : m_specs) {
            if (s.verb == verb)
                return &s;
        }
        return nullptr;
    }
    const QList<CommandSpec> &specs() const { return m_specs; }
    void addStatusSection(StatusSection section) { m_status.append(std::move(section)); }
    const QList<StatusSection> &statusSections() const { return m_status; }

private:
    QList<CommandSpec> m_specs;
    QList<StatusSection> m_status;
};

void registerWorkspaceCommands(CommandCatalog &catalog);
void registerFileCommands(CommandCatalog &catalog);
void registerSyncCommands(CommandCatalog &catalog);
void registerGitCommands(CommandCatalog &catalog);
void registerHubCommands(CommandCatalog &catalog);
void registerJobCommands(CommandCatalog &catalog);
void registerRuleCommands(CommandCatalog &catalog);
void registerHelpCommand(CommandCatalog &catalog);

} // namespace hawkmoth
