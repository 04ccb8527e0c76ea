// "rules": the ordered rule list of the workspace's layer policy (first match wins), and adding
// or removing one, after which the files are re-layered in a job. Parsing and formatting only:
// the work is core.rules() (RuleEditor) and core.jobs().

#include "CommandCatalog.h"
#include "Formatting.h"
#include "JobCommands.h"
#include "LayerMover.h"
#include "StorageCore.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

QString conditionText(const PolicyRule &rule)
{
    QStringList parts;
    if (!rule.patterns.isEmpty())
        parts.append(rule.patterns.join(QLatin1Char(' ')));
    if (rule.sizeOver)
        parts.append(QStringLiteral("larger than %1").arg(humanBytes(*rule.sizeOver)));
    if (rule.binary)
        parts.append(*rule.binary ? QStringLiteral("binary") : QStringLiteral("not binary"));
    return parts.isEmpty() ? QStringLiteral("any file") : parts.join(QStringLiteral(", "));
}

QJsonObject ruleJson(int position, const PolicyRule &rule)
{
    return QJsonObject{
        {QStringLiteral("position"), position},
        {QStringLiteral("match"), QJsonArray::fromStringList(rule.patterns)},
        {QStringLiteral("sizeOver"),
         rule.sizeOver ? QJsonValue(double(*rule.sizeOver)) : QJsonValue()},
        {QStringLiteral("binary"), rule.binary ? QJsonValue(*rule.binary) : QJsonValue()},
        {QStringLiteral("layer"), layerName(rule.layer)}};
}

QJsonArray rulesJson(const QList<PolicyRule> &rules)
{
    QJsonArray out;
    for (int i = 0; i < rules.size(); ++i)
        out.append(ruleJson(i + 1, rules.at(i)));
    return out;
}

QString rulesText(const QString &workspace, const QList<PolicyRule> &rules)
{
    QStringList lines{
        QStringLiteral("rules of %1 (the first that matches decides):").arg(workspace)};
    for (int i = 0; i < rules.size(); ++i)
        lines.append(QStringLiteral("  %1. %2 -> %3")
                         .arg(i + 1)
                         .arg(conditionText(rules.at(i)), layerName(rules.at(i).layer)));
    return lines.join(QLatin1Char('\n'));
}

CommandResult listRules(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    auto rules = ctx.core.rules().list(*ws).result();
    if (!rules)
        return CommandResult::failure(rules.error());
    return CommandResult::success(rulesText(ws->name(), *rules),
                                  QJsonObject{{QStringLiteral("workspace"), ws->name()},
                                              {QStringLiteral("rules"), rulesJson(*rules)}});
}

// A 1-based position typed by the user, as the API's 0-based index.
std::optional<int> position(const QString &text)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    return ok && n >= 1 ? std::optional<int>(n - 1) : std::nullopt;
}

// Saves the edit's outcome and moves the files now (or lets the scheduler do it).
CommandResult relayered(ExecutionContext &ctx, const Workspace &ws, const QString &what,
                        const Result<RuleChange> &change)
{
    if (!change)
        return CommandResult::failure(change.error());
    QString moved = QStringLiteral("queued");
    auto run = runJobsNow(ctx, ws, {QString::fromLatin1(LayerMover::jobKind)});
    if (!run)
        moved = QStringLiteral("queued (%1)").arg(run.error().message);
    else if (run->has_value())
        moved = (*run)->pending > 0 ? QStringLiteral("pending") : QStringLiteral("done");
    return CommandResult::success(QStringLiteral("%1; files re-layered (%2)\n%3")
                                      .arg(what, moved, rulesText(ws.name(), change->rules)),
                                  QJsonObject{{QStringLiteral("workspace"), ws.name()},
                                              {QStringLiteral("rules"), rulesJson(change->rules)},
                                              {QStringLiteral("job"), double(change->relayerJob)},
                                              {QStringLiteral("relayer"), moved}});
}

CommandResult addRule(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    const auto layer = layerFromName(cmd.option(QStringLiteral("layer")).toLower());
    if (!layer)
        return CommandResult::usageFailure(
            Error::invalid(QStringLiteral("unknown layer '%1'; use git, hub or session")
                               .arg(cmd.option(QStringLiteral("layer")))));
    int at = -1;
    if (cmd.options.contains(QStringLiteral("at"))) {
        const auto p = position(cmd.option(QStringLiteral("at")));
        if (!p)
            return CommandResult::usageFailure(
                Error::invalid(QStringLiteral("--at takes a rule position: 1 is the first")));
        at = *p;
    }
    PolicyRule rule;
    rule.patterns = {cmd.option(QStringLiteral("pattern"))};
    rule.layer = *layer;
    auto change = ctx.core.rules().add(*ws, rule, at).result();
    const int shownAt = change ? (at < 0 ? int(change->rules.size()) : at + 1) : 0;
    return relayered(ctx, *ws,
                     QStringLiteral("added rule %1: %2 -> %3")
                         .arg(shownAt)
                         .arg(rule.patterns.first(), layerName(rule.layer)),
                     change);
}

CommandResult removeRule(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    const auto index = position(cmd.option(QStringLiteral("index")));
    if (!index)
        return CommandResult::usageFailure(
            Error::invalid(QStringLiteral("a rule is named by its position: 1 is the first (see "
                                          "'hawkmoth rules')")));
    auto change = ctx.core.rules().remove(*ws, *index).result();
    return relayered(ctx, *ws, QStringLiteral("removed rule %1").arg(*index + 1), change);
}

// The CLI's "rules [add PATTERN LAYER [--at N] | remove N]".
CommandResult rulesCommand(const Command &cmd, ExecutionContext &ctx)
{
    const QString action = cmd.option(QStringLiteral("action"));
    const bool hasPattern = cmd.options.contains(QStringLiteral("pattern"));
    const bool hasLayer = cmd.options.contains(QStringLiteral("layer"));
    if (action.isEmpty() && !cmd.options.contains(QStringLiteral("at")))
        return listRules(cmd, ctx);
    if (action == QLatin1String("add") && hasPattern && hasLayer)
        return addRule(cmd, ctx);
    if (action == QLatin1String("remove") && hasPattern && !hasLayer &&
        !cmd.options.contains(QStringLiteral("at"))) {
        Command remove = cmd;
        remove.options.insert(QStringLiteral("index"), cmd.option(QStringLiteral("pattern")));
        return removeRule(remove, ctx);
    }
    return CommandResult::usageFailure(Error::invalid(
        QStringLiteral("usage: hawkmoth rules [add PATTERN LAYER [--at N] | remove N] [--json]")));
}

} // namespace

void registerRuleCommands(CommandCatalog &catalog)
{
    catalog.add(
        {QStringLiteral("rules"),
         {QStringLiteral("rules"), QStringLiteral("list rules"), QStringLiteral("show rules")},
         QStringLiteral("list rules"),
         QStringLiteral("the layer rules in order; the first that matches a file decides"),
         rulesCommand});
    catalog.add({QStringLiteral("add-rule"),
                 {QStringLiteral("add rule <pattern> to <layer>"),
                  QStringLiteral("add rule <pattern> to <layer> at <at>")},
                 QStringLiteral("add rule PATTERN to LAYER [at N]"),
                 QStringLiteral("add a layer rule (at position N) and re-layer the files"),
                 addRule});
    catalog.add({QStringLiteral("remove-rule"),
                 {QStringLiteral("remove rule <index>")},
                 QStringLiteral("remove rule N"),
                 QStringLiteral("remove the Nth layer rule and re-layer the files"),
                 removeRule});
}

} // namespace hawkmoth
