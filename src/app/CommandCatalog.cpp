#include "CommandCatalog.h"

#include <QJsonArray>

namespace hawkmoth {

void registerHelpCommand(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("help"),
                 {QStringLiteral("help"), QStringLiteral("?")},
                 QStringLiteral("help"),
                 QStringLiteral("list the commands"),
                 [](const Command &, ExecutionContext &ctx) -> CommandResult {
                     const CommandCatalog &all = *ctx.catalog;
                     QStringList lines{QStringLiteral("Commands:")};
                     QJsonArray data;
                     int width = 0;
                     for (const CommandSpec &s : all.specs())
                         width = qMax(width, int(s.usage.size()));
                     for (const CommandSpec &s : all.specs()) {
                         lines.append(QStringLiteral("  %1  %2").arg(s.usage, -width).arg(s.help));
                         data.append(QJsonObject{{QStringLiteral("usage"), s.usage},
                                                 {QStringLiteral("help"), s.help}});
                     }
                     return CommandResult::success(lines.join(QLatin1Char('\n')), data);
                 }});
}

} // namespace hawkmoth
