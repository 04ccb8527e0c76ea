#include "AppCommandService.h"

#include "CommandCompleter.h"
#include "CommandExecutor.h"
#include "CommandTables.h"
#include "StorageCore.h"

namespace hawkmoth {

AppCommandService::AppCommandService(StorageCore &core, const CommandCatalog &catalog,
                                     QObject *parent)
    : CommandService(parent)
    , m_core(core)
    , m_catalog(catalog)
    , m_completer(new CommandCompleter(core, catalog, this))
{
    connect(m_completer, &CommandCompleter::grew, this, &CommandService::completionsChanged);
}

AppCommandService::~AppCommandService() = default;

QFuture<CommandReply> AppCommandService::run(const QString &line)
{
    return m_core.run([core = &m_core, catalog = &m_catalog, wake = m_wake, line]() {
        StorageContext storage = core->context();
        // Warnings a script would see on stderr go below the answer.
        auto warnings = std::make_shared<QStringList>();
        ExecutionContext ctx{catalog,
                             core->registry(),
                             storage,
                             core->handlers(),
                             *core,
                             {},
                             std::nullopt,
                             {},
                             {},
                             {},
                             wake,
                             [warnings](const QString &w) {
                                 if (!warnings->contains(w))
                                     warnings->append(w);
                             }};
        const CommandExecutor executor(*catalog);
        auto command = executor.parser().parse(line);
        if (!command)
            return CommandReply::failure(command.error().message);
        CommandReply reply = commandReply(command->verb, executor.execute(*command, ctx));
        if (command->verb == QLatin1String("help")) {
            // A command without phrases reads a token from stdin: the CLI's alone (the window
            // takes tokens in its settings).
            QStringList cliOnly;
            for (const CommandSpec &spec : catalog->specs()) {
                if (spec.phrases.isEmpty())
                    cliOnly.append(spec.usage);
            }
            reply.rows.removeIf(
                [&cliOnly](const QStringList &row) { return cliOnly.contains(row.value(0)); });
        }
        if (!warnings->isEmpty()) {
            const QString said = warnings->join(QLatin1Char('\n'));
            reply.text = reply.text.isEmpty() ? said : reply.text + QLatin1Char('\n') + said;
            if (reply.isTable())
                reply.caption +=
                    QStringLiteral(" (") + warnings->join(QStringLiteral("; ")) + QLatin1Char(')');
        }
        return reply;
    });
}

QStringList AppCommandService::completions(const QString &line, int cursor) const
{
    return m_completer->complete(line, cursor);
}

} // namespace hawkmoth
