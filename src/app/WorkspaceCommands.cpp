// The workspace commands: create, list, switch, current, rename, delete, and storage status.

#include "CommandCatalog.h"
#include "Formatting.h"
#include "StorageCore.h"
#include "TemplateLibrary.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

CommandResult createProject(const Command &cmd, ExecutionContext &ctx)
{
    const QString name = cmd.option(QStringLiteral("name"));
    const QString tmpl = cmd.option(QStringLiteral("template"), QStringLiteral("empty"));
    const bool makeCurrent = !cmd.flag(QStringLiteral("no-switch"));
    auto created = ctx.core.workspaces().create(name, tmpl, makeCurrent).result();
    if (!created)
        return fail(created.error());
    QString text = QStringLiteral("created workspace '%1' from template '%2' at %3")
                       .arg(created->workspace.name(), tmpl, created->workspace.root());
    if (created->madeCurrent)
        text += QStringLiteral("; it is now the current workspace");
    return CommandResult::success(
        text, created->info ? QJsonValue(workspaceInfoJson(*created->info)) : QJsonValue());
}

CommandResult listProjects(const Command &, ExecutionContext &ctx)
{
    auto all = ctx.core.workspaces().list().result();
    if (!all)
        return fail(all.error());
    QStringList lines;
    QJsonArray data;
    for (const WorkspaceInfo &info : std::as_const(*all)) {
        lines.append(workspaceInfoText(info));
        data.append(workspaceInfoJson(info));
    }
    if (lines.isEmpty())
        lines.append(QStringLiteral("no workspaces; create one with 'create project NAME'"));
    return CommandResult::success(lines.join(QLatin1Char('\n')), data);
}

CommandResult switchProject(const Command &cmd, ExecutionContext &ctx)
{
    auto info = ctx.core.workspaces().switchTo(cmd.option(QStringLiteral("name"))).result();
    if (!info)
        return fail(info.error());
    return CommandResult::success(QStringLiteral("switched to workspace '%1'").arg(info->name),
                                  workspaceInfoJson(*info));
}

CommandResult currentProject(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto info = ctx.core.workspaces().info(ws->name()).result();
    if (!info)
        return fail(info.error());
    return CommandResult::success(workspaceInfoText(*info).trimmed() +
                                      QStringLiteral("\n  folder: ") + info->root,
                                  workspaceInfoJson(*info));
}

CommandResult renameProject(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.core.workspaces()
                  .rename(cmd.option(QStringLiteral("from")), cmd.option(QStringLiteral("to")))
                  .result();
    if (!ws)
        return fail(ws.error());
    return CommandResult::success(
        QStringLiteral("renamed workspace to '%1'").arg(ws->name()),
        QJsonObject{{QStringLiteral("name"), ws->name()}, {QStringLiteral("root"), ws->root()}});
}

CommandResult deleteProject(const Command &cmd, ExecutionContext &ctx)
{
    const QString name = cmd.option(QStringLiteral("name"));
    const bool confirmed = cmd.flag(QStringLiteral("yes"));
    if (auto done = ctx.core.workspaces().remove(name, confirmed).result(); !done) {
        Error e = done.error();
        if (!confirmed && e.code == ErrorCode::InvalidArgument)
            e.message += QStringLiteral(" (add --yes, or type 'delete project %1 yes')").arg(name);
        return fail(e);
    }
    return CommandResult::success(QStringLiteral("deleted workspace '%1'").arg(name),
                                  QJsonObject{{QStringLiteral("deleted"), name}});
}

CommandResult storageStatus(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    // One rescan first, so that every section reads an index that matches the disk (edits,
    // additions and deletions by other programs): the git layer's uncommitted files are counted
    // from it instead of by a second walk of the working tree. A scan that fails leaves the index
    // as it was, which the sections still describe.
    auto scanned = ctx.core.files().rescan(*ws, false, ctx.control()).result();
    // The totals are counted on the pool while the layers' sections run: neither reads what the
    // other writes.
    auto counting = ctx.core.workspaces().statistics(*ws);
    QJsonObject sections;
    QStringList sectionLines;
    for (const StatusSection &section : ctx.catalog->statusSections())
        section(*ws, ctx, sections, sectionLines);
    auto stats = counting.result();
    if (!stats)
        return fail(stats.error());
    QJsonObject data = stats->toJson();
    QStringList lines{statsText(*stats)};
    if (!scanned) {
        data.insert(QStringLiteral("scanError"), scanned.error().message);
        lines.append(QStringLiteral("  scan: ") + scanned.error().message +
                     QStringLiteral(" (the figures are those of the last scan)"));
    }
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it)
        data.insert(it.key(), it.value());
    lines.append(sectionLines);
    return CommandResult::success(lines.join(QLatin1Char('\n')), data);
}

} // namespace

void registerWorkspaceCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("create-project"),
                 {QStringLiteral("create project <name> from <template>"),
                  QStringLiteral("create project <name>"), QStringLiteral("new project <name>")},
                 QStringLiteral("create project NAME [from TEMPLATE]"),
                 QStringLiteral("create a workspace (templates: %1) and switch to it")
                     .arg(TemplateLibrary::names().join(QStringLiteral(", "))),
                 createProject});
    catalog.add({QStringLiteral("list-projects"),
                 {QStringLiteral("list projects"), QStringLiteral("projects")},
                 QStringLiteral("list projects"),
                 QStringLiteral("show every workspace"),
                 listProjects});
    catalog.add({QStringLiteral("switch"),
                 {QStringLiteral("switch to <name>"), QStringLiteral("switch <name>")},
                 QStringLiteral("switch to NAME"),
                 QStringLiteral("make NAME the current workspace"),
                 switchProject});
    catalog.add({QStringLiteral("current"),
                 {QStringLiteral("current project"), QStringLiteral("current")},
                 QStringLiteral("current project"),
                 QStringLiteral("show the current workspace"),
                 currentProject});
    catalog.add({QStringLiteral("rename-project"),
                 {QStringLiteral("rename project <from> to <to>")},
                 QStringLiteral("rename project NAME to NEW"),
                 QStringLiteral("rename a workspace"),
                 renameProject});
    catalog.add(
        {QStringLiteral("delete-project"),
         {QStringLiteral("delete project <name> {yes}"), QStringLiteral("delete project <name>")},
         QStringLiteral("delete project NAME yes"),
         QStringLiteral("delete a workspace and its folder (needs the word 'yes')"),
         deleteProject});
    catalog.add({QStringLiteral("status"),
                 {QStringLiteral("storage status"), QStringLiteral("status")},
                 QStringLiteral("storage status"),
                 QStringLiteral("files and bytes per layer, jobs, last scan and sync"),
                 storageStatus});
}

} // namespace hawkmoth
