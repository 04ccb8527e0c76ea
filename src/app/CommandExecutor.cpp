#include "CommandExecutor.h"

namespace hawkmoth {

CommandResult CommandExecutor::execute(const Command &command, ExecutionContext &context) const
{
    const CommandSpec *spec = m_catalog.find(command.verb);
    if (!spec)
        return CommandResult::failure(
            Error::invalid(QStringLiteral("unknown command '%1'").arg(command.verb)));
    return spec->handler(command, context);
}

CommandResult CommandExecutor::executeText(const QString &text, ExecutionContext &context) const
{
    auto command = m_parser.parse(text);
    if (!command)
        return CommandResult::failure(command.error());
    return execute(*command, context);
}

} // namespace hawkmoth
