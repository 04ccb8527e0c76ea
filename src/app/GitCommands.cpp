// The git commands: history, show, restore, remote set, clone-project, git-login, and git's part of
// "storage status", each a call on core.git() whose typed result is formatted here. (sync, push and
// pull run as jobs: see SyncCommands.cpp.)

#include "CommandCatalog.h"
#include "Formatting.h"
#include "PathValidator.h"
#include "StorageCore.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

CommandResult history(const Command &cmd, ExecutionContext &ctx)
{
    bool number = false;
    const QString limitText = cmd.option(QStringLiteral("limit"), QStringLiteral("100"));
    const int limit = limitText.toInt(&number);
    if (!number || limit <= 0)
        return CommandResult::usageFailure(Error::invalid(
            QStringLiteral("history: --limit needs a positive number of commits, not '%1'")
                .arg(limitText)));
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    const QString given = cmd.option(QStringLiteral("path"));
    const QString path = PathValidator::normalize(given).valueOr(given);
    auto versions = ctx.core.history().log(*ws, given, limit).result();
    if (!versions)
        return fail(versions.error());
    QStringList lines;
    QJsonArray data;
    for (const PastVersion &v : std::as_const(*versions)) {
        const git::LogEntry &e = v.commit;
        QJsonObject row{
            {QStringLiteral("commit"), e.oid},
            {QStringLiteral("author"), e.author},
            {QStringLiteral("email"), e.email},
            {QStringLiteral("time"), isoTime(e.time)},
            {QStringLiteral("summary"), e.summary},
            {QStringLiteral("layer"), v.hub ? QStringLiteral("hub") : QStringLiteral("git")}};
        QString where;
        if (v.hub) {
            row.insert(QStringLiteral("sha256"), v.hub->entry.sha256);
            row.insert(QStringLiteral("size"), double(v.hub->entry.size));
            row.insert(QStringLiteral("hubCommit"), v.hub->entry.commit);
            where = QStringLiteral("  [hub %1, %2]")
                        .arg(humanBytes(v.hub->entry.size), v.hub->entry.sha256.left(12));
        }
        lines.append(QStringLiteral("%1  %2  %3  %4%5")
                         .arg(e.oid.left(7), e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                              e.author, e.summary, where));
        data.append(row);
    }
    if (lines.isEmpty())
        lines.append(path.isEmpty() ? QStringLiteral("no commits yet")
                                    : QStringLiteral("no commits touch %1").arg(path));
    return CommandResult::success(lines.join(QLatin1Char('\n')), data);
}

// "PATH@REV": the last '@' separates, so paths may contain '@'.
std::optional<std::pair<QString, QString>> splitAt(const QString &spec)
{
    const qsizetype at = spec.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == spec.size() - 1)
        return std::nullopt;
    return std::make_pair(spec.left(at), spec.mid(at + 1));
}

CommandResult show(const Command &cmd, ExecutionContext &ctx)
{
    auto spec = splitAt(cmd.option(QStringLiteral("spec")));
    if (!spec)
        return fail(Error::invalid(QStringLiteral("give PATH@REV, e.g. notes.md@HEAD~1")));
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto content = ctx.core.history().show(*ws, spec->first, spec->second, ctx.control()).result();
    if (!content)
        return fail(content.error());
    CommandResult result = CommandResult::success(
        QString::fromUtf8(*content),
        QJsonObject{
            {QStringLiteral("path"), PathValidator::normalize(spec->first).valueOr(spec->first)},
            {QStringLiteral("rev"), spec->second},
            {QStringLiteral("base64"), QString::fromLatin1(content->toBase64())}});
    result.raw = *content;
    return result;
}

CommandResult restore(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    const QString rev = cmd.option(QStringLiteral("rev"));
    auto saved = ctx.core.history()
                     .restore(*ws, cmd.option(QStringLiteral("path")), rev, ctx.control())
                     .result();
    if (!saved)
        return fail(saved.error());
    return CommandResult::success(
        QStringLiteral("restored %1 as it was at %2; the next sync stores it")
            .arg(saved->path, rev),
        fileEntryJson(*saved));
}

CommandResult setRemote(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto url = ctx.core.git().setRemote(*ws, cmd.option(QStringLiteral("url"))).result();
    if (!url)
        return fail(url.error());
    return CommandResult::success(QStringLiteral("remote of %1 set to %2").arg(ws->name(), *url),
                                  QJsonObject{{QStringLiteral("remote"), *url}});
}

CommandResult cloneProject(const Command &cmd, ExecutionContext &ctx)
{
    auto opened = ctx.core.git()
                      .cloneProject(cmd.option(QStringLiteral("url")),
                                    cmd.option(QStringLiteral("name")), ctx.control())
                      .result();
    if (!opened)
        return fail(opened.error());
    for (const QString &warning : std::as_const(opened->warnings)) {
        if (ctx.warn)
            ctx.warn(warning);
    }
    return CommandResult::success(
        QStringLiteral("cloned %1 into workspace '%2'; it is now the current workspace")
            .arg(opened->source, opened->workspace.name()),
        opened->info ? QJsonValue(workspaceInfoJson(*opened->info)) : QJsonValue());
}

CommandResult gitLogin(const Command &cmd, ExecutionContext &ctx)
{
    const QString url = cmd.option(QStringLiteral("url"));
    const QString token = ctx.input ? QString::fromUtf8(*ctx.input) : QString();
    auto key = ctx.core.git()
                   .login(url, cmd.option(QStringLiteral("username"), QStringLiteral("git")), token)
                   .result();
    if (!key)
        return fail(key.error());
    return CommandResult::success(
        QStringLiteral("token for %1 stored in the system keychain").arg(*key),
        QJsonObject{{QStringLiteral("stored"), *key}});
}

QJsonValue optionalNumber(const std::optional<int> &n)
{
    return n ? QJsonValue(*n) : QJsonValue();
}

void gitStatus(const Workspace &ws, ExecutionContext &ctx, QJsonObject &data, QStringList &lines)
{
    auto status = ctx.core.git().layerStatus(ws).result();
    if (!status) {
        data.insert(QStringLiteral("git"),
                    QJsonObject{{QStringLiteral("error"), status.error().message}});
        lines.append(QStringLiteral("  git: ") + status.error().message);
        return;
    }
    QJsonObject git{{QStringLiteral("repository"), status->hasRepository},
                    {QStringLiteral("branch"), status->branch},
                    {QStringLiteral("head"), status->head},
                    {QStringLiteral("remote"), status->remote},
                    {QStringLiteral("uncommitted"), status->uncommitted.value_or(-1)},
                    {QStringLiteral("ahead"), optionalNumber(status->ahead)},
                    {QStringLiteral("behind"), optionalNumber(status->behind)}};
    QString line;
    if (!status->hasRepository) {
        line = QStringLiteral("  git: no repository yet; the next sync creates it");
    } else {
        line = QStringLiteral("  git: branch %1, %2 uncommitted")
                   .arg(status->branch)
                   .arg(status->uncommitted.value_or(0));
        if (status->ahead)
            line += QStringLiteral(", %1 ahead, %2 behind %3")
                        .arg(*status->ahead)
                        .arg(status->behind.value_or(0))
                        .arg(status->remote);
        else if (!status->remote.isEmpty())
            line += QStringLiteral(", remote %1 (not pushed yet)").arg(status->remote);
        else
            line += QStringLiteral(", no remote");
    }
    lines.append(line);
    // Files the last commit had to leave out (unreadable ones), by name: they are not safe yet.
    QJsonArray notCommitted;
    for (const git::NotCommitted &e : std::as_const(status->notCommitted)) {
        notCommitted.append(
            QJsonObject{{QStringLiteral("path"), e.path}, {QStringLiteral("error"), e.error}});
        lines.append(QStringLiteral("  git: not committed: %1 (%2)").arg(e.path, e.error));
    }
    git.insert(QStringLiteral("notCommitted"), notCommitted);
    data.insert(QStringLiteral("git"), git);
}

} // namespace
void registerGitCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("history"),
                 {QStringLiteral("history of <path>"), QStringLiteral("history")},
                 QStringLiteral("history [of PATH]"),
                 QStringLiteral("the commits of the workspace or of one file"),
                 history});
    catalog.add({QStringLiteral("show"),
                 {QStringLiteral("show <spec>")},
                 QStringLiteral("show PATH@REV"),
                 QStringLiteral("a file's content at a commit"),
                 show});
    catalog.add({QStringLiteral("restore"),
                 {QStringLiteral("restore <path> from <rev>")},
                 QStringLiteral("restore PATH from REV"),
                 QStringLiteral("bring back a past version, as a new change"),
                 restore});
    catalog.add({QStringLiteral("remote-set"),
                 {QStringLiteral("set remote <url>"), QStringLiteral("remote set <url>")},
                 QStringLiteral("remote set URL"),
                 QStringLiteral("where git pushes (https, ssh or a local path)"),
                 setRemote});
    catalog.add(
        {QStringLiteral("clone-project"),
         {QStringLiteral("clone project <url> as <name>"), QStringLiteral("clone project <url>")},
         QStringLiteral("clone project URL [as NAME]"),
         QStringLiteral("make a workspace from a git remote"),
         cloneProject});
    catalog.add({QStringLiteral("git-login"),
                 {},
                 QStringLiteral("git-login URL"),
                 QStringLiteral("store a git token (from stdin) in the keychain"),
                 gitLogin});
    catalog.addStatusSection(&gitStatus);
}

} // namespace hawkmoth
