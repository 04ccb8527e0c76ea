#include "CommandRunner.h"

#include "CommandExecutor.h"

namespace hawkmoth {

Result<Workspace> CommandRunner::resolve(const QString &workspace) const
{
    WorkspaceRegistry &registry = m_services.core().registry();
    return workspace.isEmpty() ? registry.current() : registry.find(workspace);
}

RestReply CommandRunner::run(const Command &command, const QString &workspace,
                             const std::optional<QByteArray> &input) const
{
    if (!workspace.isEmpty()) {
        if (auto ws = resolve(workspace); !ws)
            return RestReply::failure(ws.error());
    }
    StorageContext storage = m_services.core().context();
    ExecutionContext ctx = m_services.context(storage, workspace);
    ctx.input = input;
    ctx.wakeJobs = m_wakeJobs;
    const CommandExecutor executor(m_services.catalog());
    return RestReply::fromCommand(executor.execute(command, ctx));
}

RestReply CommandRunner::runText(const QString &line, const QString &workspace,
                                 const std::optional<QByteArray> &input) const
{
    const CommandExecutor executor(m_services.catalog());
    auto command = executor.parser().parse(line);
    if (!command)
        return RestReply::failure(command.error());
    return run(*command, workspace, input);
}

} // namespace hawkmoth
