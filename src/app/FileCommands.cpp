// The file commands: list, save, load, delete, move (between folders or layers), pin, import,
// rescan and cleanup.

#include "CommandCatalog.h"
#include "Formatting.h"
#include "JobCommands.h"
#include "LayerMover.h"
#include "StorageCore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

namespace hawkmoth {

namespace {

// "skipped" in --json output: [{"path": ..., "reason": ...}].
QJsonArray skippedJson(const SkippedPaths &skipped)
{
    QJsonArray out;
    for (const SkippedPath &s : skipped)
        out.append(
            QJsonObject{{QStringLiteral("path"), s.path}, {QStringLiteral("reason"), s.reason}});
    return out;
}

void appendSkippedLines(QStringList &lines, const SkippedPaths &skipped)
{
    for (const SkippedPath &s : skipped)
        lines.append(QStringLiteral("  skipped: %1 (%2)").arg(s.path, s.reason));
}

OperationControl control(const ExecutionContext &ctx)
{
    return {ctx.cancel, ctx.progress, ctx.note};
}

CommandResult listFiles(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto listing =
        ctx.core.files()
            .list(*ws, cmd.option(QStringLiteral("dir")), cmd.flag(QStringLiteral("recursive")))
            .result();
    if (!listing)
        return fail(listing.error());
    return CommandResult::success(listingText(ws->name(), *listing),
                                  listingJson(ws->name(), *listing));
}

CommandResult saveFile(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    if (!ctx.input)
        return fail(
            Error::invalid(QStringLiteral("nothing to save: give the content (stdin, --from FILE, "
                                          "or the editor's buffer)")));
    std::optional<FileVersion> expected;
    if (cmd.options.contains(QStringLiteral("expect"))) {
        const QString sha = cmd.option(QStringLiteral("expect")).toLower();
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        if (!hex.match(sha).hasMatch())
            return CommandResult::usageFailure(Error::invalid(
                QStringLiteral("--expect takes the SHA-256 'cat --json' showed (64 hex digits)")));
        expected = FileVersion{sha, -1, 0};
    }
    auto entry = ctx.core.files()
                     .save(*ws, cmd.option(QStringLiteral("path")), *ctx.input, expected)
                     .result();
    if (!entry)
        return fail(entry.error());
    return CommandResult::success(QStringLiteral("saved %1 (%2, %3 layer, %4)")
                                      .arg(entry->path, humanBytes(entry->size),
                                           layerName(entry->layer), syncStateName(entry->state)),
                                  fileEntryJson(*entry));
}

CommandResult loadFile(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    const QString path = cmd.option(QStringLiteral("path"));
    auto loaded = ctx.core.files().load(*ws, path, control(ctx)).result();
    if (!loaded)
        return fail(loaded.error());
    const QByteArray &content = loaded->content;
    const bool binary = content.left(8192).contains('\0');
    QJsonObject data{{QStringLiteral("path"), path},
                     {QStringLiteral("size"), double(content.size())},
                     {QStringLiteral("version"), fileVersionJson(loaded->version)}};
    if (binary)
        data.insert(QStringLiteral("base64"), QString::fromLatin1(content.toBase64()));
    else
        data.insert(QStringLiteral("content"), QString::fromUtf8(content));
    const QString text =
        binary ? QStringLiteral("%1 is binary (%2)").arg(path, humanBytes(content.size()))
               : QString::fromUtf8(content);
    return CommandResult::success(text, data);
}

CommandResult deleteFile(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto removed =
        ctx.core.files()
            .remove(*ws, cmd.option(QStringLiteral("path")), cmd.flag(QStringLiteral("recursive")))
            .result();
    if (!removed)
        return fail(removed.error());
    return CommandResult::success(
        QStringLiteral("deleted %1 (%2 files)")
            .arg(cmd.option(QStringLiteral("path")))
            .arg(removed->size()),
        QJsonObject{{QStringLiteral("deleted"), QJsonArray::fromStringList(*removed)}});
}

// How the move a pin queued went when the jobs were run for it.
QString moveState(const Result<std::optional<DrainReport>> &run, qint64 job)
{
    if (!run)
        return QStringLiteral("queued (%1)").arg(run.error().message);
    if (!run->has_value())
        return QStringLiteral("queued");
    for (const FinishedJob &f : (*run)->finished) {
        if (f.id != job)
            continue;
        if (f.state == JobState::Done)
            return QStringLiteral("done");
        return QStringLiteral("%1 (%2)").arg(jobStateName(f.state), f.message);
    }
    return QStringLiteral("queued");
}

CommandResult pinFile(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    const QString path = cmd.option(QStringLiteral("path"));
    std::optional<Layer> layer;
    if (!cmd.flag(QStringLiteral("unpin"))) {
        layer = layerFromName(cmd.option(QStringLiteral("layer")));
        if (!layer)
            return fail(Error::invalid(QStringLiteral("unknown layer '%1'; use git, hub or session")
                                           .arg(cmd.option(QStringLiteral("layer")))));
    }
    FileOperations &files = ctx.core.files();
    auto pinned = (layer ? files.pin(*ws, path, *layer, RunJobs::Background, control(ctx))
                         : files.unpin(*ws, path, RunJobs::Background, control(ctx)))
                      .result();
    if (!pinned)
        return fail(pinned.error());
    // A background scheduler (the window) runs the move; a one-shot run moves the files now.
    const QString state =
        moveState(runJobsNow(ctx, *ws, {QString::fromLatin1(LayerMover::jobKind)}), pinned->job);
    const QString text =
        layer ? QStringLiteral("pinned %1 to the %2 layer (move %3)")
                    .arg(path, layerName(*layer), state)
              : QStringLiteral("unpinned %1; the policy decides its layer again (move %2)")
                    .arg(path, state);
    return CommandResult::success(
        text,
        QJsonObject{{QStringLiteral("path"), path},
                    {QStringLiteral("layer"), layer ? QJsonValue(layerName(*layer)) : QJsonValue()},
                    {QStringLiteral("job"), double(pinned->job)}});
}

CommandResult moveFile(const Command &cmd, ExecutionContext &ctx)
{
    // "move PATH to hub" changes the layer; "move PATH to OTHER/PLACE" renames.
    const QString target = cmd.option(QStringLiteral("dst"));
    if (!cmd.flag(QStringLiteral("rename")) && layerFromName(target)) {
        Command pin = cmd;
        pin.options.insert(QStringLiteral("path"), cmd.option(QStringLiteral("src")));
        pin.options.insert(QStringLiteral("layer"), target);
        return pinFile(pin, ctx);
    }
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto moved = ctx.core.files().move(*ws, cmd.option(QStringLiteral("src")), target).result();
    if (!moved)
        return fail(moved.error());
    return CommandResult::success(
        QStringLiteral("moved %1 to %2").arg(cmd.option(QStringLiteral("src")), *moved),
        QJsonObject{{QStringLiteral("from"), cmd.option(QStringLiteral("src"))},
                    {QStringLiteral("to"), *moved}});
}

// --on-exists replace|keep-both|skip; --overwrite is replace; neither leaves existing targets
// and reports them as not imported.
Result<OnExists> onExistsChoice(const Command &cmd)
{
    const bool overwrite = cmd.flag(QStringLiteral("overwrite"));
    if (!cmd.options.contains(QStringLiteral("on-exists")))
        return overwrite ? OnExists::Replace : OnExists::Refuse;
    const QString choice = cmd.option(QStringLiteral("on-exists"));
    std::optional<OnExists> chosen;
    if (choice == QLatin1String("replace"))
        chosen = OnExists::Replace;
    else if (choice == QLatin1String("keep-both"))
        chosen = OnExists::KeepBoth;
    else if (choice == QLatin1String("skip"))
        chosen = OnExists::Skip;
    if (!chosen)
        return Error::invalid(
            QStringLiteral("--on-exists takes replace, keep-both or skip, not '%1'").arg(choice));
    if (overwrite && *chosen != OnExists::Replace)
        return Error::invalid(
            QStringLiteral("--overwrite contradicts --on-exists %1; give one of them").arg(choice));
    return *chosen;
}

QJsonArray itemErrorsJson(const ItemErrors &errors)
{
    QJsonArray out;
    for (const ItemError &e : errors)
        out.append(QJsonObject{{QStringLiteral("code"), errorCodeName(e.code)},
                               {QStringLiteral("path"), e.path},
                               {QStringLiteral("target"), e.target},
                               {QStringLiteral("message"), e.message}});
    return out;
}

CommandResult importFiles(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    QStringList sources = cmd.args;
    if (sources.isEmpty() && cmd.options.contains(QStringLiteral("source")))
        sources.append(cmd.option(QStringLiteral("source")));
    if (sources.isEmpty())
        return fail(Error::invalid(QStringLiteral("name the files or folders to import")));
    auto onExists = onExistsChoice(cmd);
    if (!onExists)
        return CommandResult::usageFailure(onExists.error());
    for (QString &s : sources)
        s = QFileInfo(s).absoluteFilePath();
    auto report =
        ctx.core.files()
            .import(*ws, sources, cmd.option(QStringLiteral("dest")), *onExists, control(ctx))
            .result();
    if (!report)
        return fail(report.error());
    QJsonArray files;
    if (ctx.wantsData) {
        for (const FileEntry &e : std::as_const(report->imported))
            files.append(fileEntryJson(e));
    }
    QStringList lines{QStringLiteral("imported %1 files (%2)%3")
                          .arg(report->imported.size())
                          .arg(humanBytes(report->bytes))
                          .arg(report->cancelled ? QStringLiteral(", then cancelled") : QString())};
    for (const QString &l : std::as_const(report->links))
        lines.append(QStringLiteral("  linked: ") + l);
    for (const QString &e : std::as_const(report->errors))
        lines.append(QStringLiteral("  not imported: ") + e);
    appendSkippedLines(lines, report->skipped);
    QJsonObject data{{QStringLiteral("imported"), files},
                     {QStringLiteral("errors"), QJsonArray::fromStringList(report->errors)},
                     {QStringLiteral("failures"), itemErrorsJson(report->failures)},
                     {QStringLiteral("skipped"), skippedJson(report->skipped)},
                     {QStringLiteral("links"), QJsonArray::fromStringList(report->links)},
                     {QStringLiteral("bytes"), double(report->bytes)},
                     {QStringLiteral("cancelled"), report->cancelled}};
    if (report->imported.isEmpty() && !report->errors.isEmpty())
        return {false, ErrorCode::InvalidArgument, lines.join(QLatin1Char('\n')), data, {}};
    return CommandResult::success(lines.join(QLatin1Char('\n')), data);
}

CommandResult rescan(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto outcome =
        ctx.core.files().rescan(*ws, cmd.flag(QStringLiteral("rebuild")), control(ctx)).result();
    if (!outcome)
        return fail(outcome.error());
    const ScanReport &report = outcome->scan;
    const QString rebuilt =
        outcome->rebuiltAside.isEmpty()
            ? QString()
            : QStringLiteral("index rebuilt from the disk and git; the old one is kept as '%1'\n")
                  .arg(outcome->rebuiltAside);
    QStringList lines{rebuilt +
                      QStringLiteral("rescanned %1: %2 added, %3 changed, %4 removed, %5 unchanged")
                          .arg(ws->name())
                          .arg(report.added.size())
                          .arg(report.changed.size())
                          .arg(report.removed.size())
                          .arg(report.unchanged)};
    appendSkippedLines(lines, report.skipped);
    return CommandResult::success(
        lines.join(QLatin1Char('\n')),
        QJsonObject{{QStringLiteral("added"), QJsonArray::fromStringList(report.added)},
                    {QStringLiteral("changed"), QJsonArray::fromStringList(report.changed)},
                    {QStringLiteral("removed"), QJsonArray::fromStringList(report.removed)},
                    {QStringLiteral("unchanged"), double(report.unchanged)},
                    {QStringLiteral("skipped"), skippedJson(report.skipped)}});
}

CommandResult cleanup(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto report =
        ctx.core.files()
            .cleanup(*ws, cmd.flag(QStringLiteral("expired")), cmd.flag(QStringLiteral("force")))
            .result();
    if (!report)
        return fail(report.error());
    QString text =
        QStringLiteral("cleanup of %1: removed %2 session files (%3), %4 interrupted-write "
                       "leftovers, %5 of cached contents")
            .arg(ws->name())
            .arg(report->removedFiles.size())
            .arg(humanBytes(report->bytesFreed))
            .arg(report->stagingLeftovers)
            .arg(humanBytes(report->cacheBytesDropped));
    if (!report->kept.isEmpty())
        text += QStringLiteral("\nkept %1 file(s) whose content is in no commit and no dataset: "
                               "%2\n(run 'hawkmoth cleanup --force' to delete them too)")
                    .arg(report->kept.size())
                    .arg(report->kept.join(QStringLiteral(", ")));
    return CommandResult::success(
        text,
        QJsonObject{{QStringLiteral("removed"), QJsonArray::fromStringList(report->removedFiles)},
                    {QStringLiteral("kept"), QJsonArray::fromStringList(report->kept)},
                    {QStringLiteral("bytesFreed"), double(report->bytesFreed)},
                    {QStringLiteral("stagingLeftovers"), report->stagingLeftovers},
                    {QStringLiteral("cacheBytesDropped"), double(report->cacheBytesDropped)}});
}

} // namespace

void registerFileCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("list-files"),
                 {QStringLiteral("list files"), QStringLiteral("list files <dir>"),
                  QStringLiteral("list all files +recursive"), QStringLiteral("ls"),
                  QStringLiteral("ls <dir>")},
                 QStringLiteral("list files [DIR]"),
                 QStringLiteral("show files with layer, state and size"),
                 listFiles});
    catalog.add({QStringLiteral("save"),
                 {QStringLiteral("save <path>")},
                 QStringLiteral("save PATH"),
                 QStringLiteral("save the given content (the editor's buffer) at PATH"),
                 saveFile});
    catalog.add({QStringLiteral("load"),
                 {QStringLiteral("load <path>"), QStringLiteral("open <path>")},
                 QStringLiteral("load PATH"),
                 QStringLiteral("show a file's content"),
                 loadFile});
    catalog.add(
        {QStringLiteral("delete"),
         {QStringLiteral("delete folder <path> +recursive"), QStringLiteral("delete <path>")},
         QStringLiteral("delete PATH"),
         QStringLiteral("delete a file (a folder: 'delete folder PATH')"),
         deleteFile});
    catalog.add(
        {QStringLiteral("move"),
         {QStringLiteral("move <src> to <dst>"), QStringLiteral("rename <src> to <dst> +rename")},
         QStringLiteral("move PATH to git|hub|session"),
         QStringLiteral("persist PATH in another layer (or 'rename PATH to NEW')"),
         moveFile});
    catalog.add({QStringLiteral("pin"),
                 {QStringLiteral("pin <path> to <layer>"), QStringLiteral("{unpin} <path>")},
                 QStringLiteral("pin PATH to LAYER"),
                 QStringLiteral("keep PATH in a layer whatever the policy says"),
                 pinFile});
    catalog.add({QStringLiteral("import"),
                 {QStringLiteral("import <source> into <dest>"), QStringLiteral("import <source>")},
                 QStringLiteral("import LOCALPATH [into DIR]"),
                 QStringLiteral("copy a local file or folder into the workspace"),
                 importFiles});
    catalog.add({QStringLiteral("rescan"),
                 {QStringLiteral("rescan {rebuild}"), QStringLiteral("rescan")},
                 QStringLiteral("rescan [rebuild]"),
                 QStringLiteral("find changes made outside HAWKMOTH; rebuild: set the index aside "
                                "and build a new one"),
                 rescan});
    catalog.add({QStringLiteral("cleanup"),
                 {QStringLiteral("cleanup"), QStringLiteral("clean up")},
                 QStringLiteral("cleanup"),
                 QStringLiteral("remove session files and leftovers, trim the cache"),
                 cleanup});
}

} // namespace hawkmoth
