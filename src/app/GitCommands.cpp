// The git commands: history, show, restore, remote set, clone-project, git-login, and git's part of
// "storage status". (sync, push and pull run as jobs: see SyncCommands.cpp.)

#include "CommandCatalog.h"
#include "FileIndex.h"
#include "FileStore.h"
#include "Formatting.h"
#include "PathValidator.h"
#include "WorkspaceName.h"
#include "git/GitCredentials.h"
#include "git/GitHistory.h"
#include "git/GitTransport.h"

#include <QDir>
#include <QJsonArray>
#include <QUrl>

namespace hawkmoth {

namespace {

// The workspace's repository, opened on this thread for the length of one command.
Result<git::Repository> repositoryOf(ExecutionContext &ctx, Workspace *out = nullptr)
{
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    if (out)
        *out = *ws;
    return git::Repository::openOrInit(ws->root());
}

CommandResult history(const Command &cmd, ExecutionContext &ctx)
{
    bool number = false;
    const QString limitText = cmd.option(QStringLiteral("limit"), QStringLiteral("100"));
    const int limit = limitText.toInt(&number);
    if (!number || limit <= 0)
        return CommandResult::usageFailure(Error::invalid(
            QStringLiteral("history: --limit needs a positive number of commits, not '%1'")
                .arg(limitText)));
    auto repo = repositoryOf(ctx);
    if (!repo)
        return fail(repo.error());
    QString path = cmd.option(QStringLiteral("path"));
    if (!path.isEmpty()) {
        auto normalized = PathValidator::normalize(path);
        if (!normalized)
            return fail(normalized.error());
        path = *normalized;
    }
    git::History history(*repo);
    auto entries = history.log(path, limit);
    if (!entries)
        return fail(entries.error());
    QStringList lines;
    QJsonArray data;
    for (const git::LogEntry &e : std::as_const(*entries)) {
        lines.append(QStringLiteral("%1  %2  %3  %4")
                         .arg(e.oid.left(7), e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                              e.author, e.summary));
        data.append(QJsonObject{{QStringLiteral("commit"), e.oid},
                                {QStringLiteral("author"), e.author},
                                {QStringLiteral("email"), e.email},
                                {QStringLiteral("time"), isoTime(e.time)},
                                {QStringLiteral("summary"), e.summary}});
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
    auto path = PathValidator::normalize(spec->first);
    if (!path)
        return fail(path.error());
    auto repo = repositoryOf(ctx);
    if (!repo)
        return fail(repo.error());
    auto content = git::History(*repo).show(*path, spec->second);
    if (!content)
        return fail(content.error());
    CommandResult result = CommandResult::success(
        QString::fromUtf8(*content),
        QJsonObject{{QStringLiteral("path"), *path},
                    {QStringLiteral("rev"), spec->second},
                    {QStringLiteral("base64"), QString::fromLatin1(content->toBase64())}});
    result.raw = *content;
    return result;
}

CommandResult restore(const Command &cmd, ExecutionContext &ctx)
{
    Workspace ws;
    auto repo = repositoryOf(ctx, &ws);
    if (!repo)
        return fail(repo.error());
    auto path = PathValidator::normalize(cmd.option(QStringLiteral("path")));
    if (!path)
        return fail(path.error());
    const QString rev = cmd.option(QStringLiteral("rev"));
    auto content = git::History(*repo).show(*path, rev);
    if (!content)
        return fail(content.error());
    // A new change on top of history, never a rewrite of it.
    auto saved = FileStore(ws, ctx.storage).save(*path, *content);
    if (!saved)
        return fail(saved.error());
    return CommandResult::success(
        QStringLiteral("restored %1 as it was at %2; sync to commit it").arg(*path, rev),
        fileEntryJson(*saved));
}

CommandResult setRemote(const Command &cmd, ExecutionContext &ctx)
{
    Workspace ws;
    auto repo = repositoryOf(ctx, &ws);
    if (!repo)
        return fail(repo.error());
    QString url = cmd.option(QStringLiteral("url")).trimmed();
    if (url.isEmpty())
        return fail(
            Error::invalid(QStringLiteral("give the remote's URL (https, ssh or a local path)")));
    const QUrl parsed(url);
    if (!parsed.password().isEmpty()) {
        // A token in the URL would end up in .git/config in plain text: keep it in the keychain.
        if (auto stored = git::Credentials::store(url, parsed.userName(), parsed.password());
            !stored)
            return fail(Error::invalid(
                QStringLiteral("the URL carries a password, which HAWKMOTH keeps only in the "
                               "keychain, and %1")
                    .arg(stored.error().message)));
        url = git::Transport::redact(url);
    }
    if (auto set = repo->setRemoteUrl(url); !set)
        return fail(set.error());
    if (auto meta = ws.metadata(); meta) {
        meta->gitRemote = url;
        (void)meta->save(ws.metadataFile());
    }
    return CommandResult::success(QStringLiteral("remote of %1 set to %2").arg(ws.name(), url),
                                  QJsonObject{{QStringLiteral("remote"), url}});
}

QString nameFromUrl(const QString &url)
{
    QString name = url.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty);
    name = name.section(QLatin1Char(':'), -1);
    if (name.endsWith(QLatin1String(".git")))
        name.chop(4);
    QString clean;
    for (const QChar c : name)
        clean += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('.') ||
                         c == QLatin1Char('_') || c == QLatin1Char('-')
                     ? c
                     : QLatin1Char('-');
    while (clean.startsWith(QLatin1Char('.')) || clean.startsWith(QLatin1Char('-')))
        clean.remove(0, 1);
    return clean.left(WorkspaceName::maxLength);
}

CommandResult cloneProject(const Command &cmd, ExecutionContext &ctx)
{
    const QString url = cmd.option(QStringLiteral("url"));
    const QString name = cmd.option(QStringLiteral("name"), nameFromUrl(url));
    if (auto valid = WorkspaceName::validate(name); !valid)
        return fail(
            valid.error().context(QStringLiteral("name the workspace: clone-project URL NAME")));
    if (ctx.registry.find(name))
        return fail(
            Error::exists(QStringLiteral("a workspace named '%1' already exists").arg(name)));
    const QString staging = ctx.registry.stagingPath(name);
    git::Transport transport(ctx.storage.settings, ctx.cancel, ctx.progress);
    if (auto cloned = transport.clone(url, staging); !cloned) {
        QDir(staging).removeRecursively();
        return fail(cloned.error());
    }
    {
        auto repo = git::Repository::open(staging);
        if (repo && QUrl(url).password().size() > 0)
            (void)repo->setRemoteUrl(git::Transport::redact(url));
    }
    auto ws = ctx.registry.adopt(name, staging, QStringLiteral("clone"));
    if (!ws)
        return fail(ws.error());
    if (auto meta = ws->metadata(); meta) {
        meta->gitRemote = git::Transport::redact(url);
        (void)meta->save(ws->metadataFile());
    }
    if (auto switched = ctx.registry.setCurrent(ws->name()); !switched)
        return fail(switched.error());
    auto info = ctx.registry.info(ws->name());
    return CommandResult::success(
        QStringLiteral("cloned %1 into workspace '%2'; it is now the current workspace")
            .arg(git::Transport::redact(url), ws->name()),
        info ? QJsonValue(workspaceInfoJson(*info)) : QJsonValue());
}

CommandResult gitLogin(const Command &cmd, ExecutionContext &ctx)
{
    const QString url = cmd.option(QStringLiteral("url"));
    const QString token = ctx.input ? QString::fromUtf8(*ctx.input).trimmed() : QString();
    if (token.isEmpty())
        return fail(Error::invalid(QStringLiteral("give the token on standard input")));
    const QString user = cmd.option(QStringLiteral("username"), QStringLiteral("git"));
    if (auto stored = git::Credentials::store(url, user, token); !stored)
        return fail(stored.error());
    return CommandResult::success(
        QStringLiteral("token for %1 stored in the system keychain")
            .arg(git::Credentials::keychainKey(url)),
        QJsonObject{{QStringLiteral("stored"), git::Credentials::keychainKey(url)}});
}

void gitStatus(const Workspace &ws, ExecutionContext &, QJsonObject &data, QStringList &lines)
{
    auto repo = git::Repository::openOrInit(ws.root());
    if (!repo) {
        data.insert(QStringLiteral("git"),
                    QJsonObject{{QStringLiteral("error"), repo.error().message}});
        lines.append(QStringLiteral("  git: ") + repo.error().message);
        return;
    }
    git::History history(*repo);
    const auto changes = history.uncommitted();
    const auto aheadBehind = history.aheadBehind();
    const auto remote = repo->remoteUrl();
    const auto head = repo->headCommit();
    QString headId;
    if (head && head->has_value()) {
        char text[GIT_OID_HEXSZ + 1];
        git_oid_tostr(text, sizeof text, git_commit_id(head->value().get()));
        headId = QString::fromLatin1(text);
    }
    QJsonObject git{
        {QStringLiteral("branch"), repo->branch()},
        {QStringLiteral("head"), headId},
        {QStringLiteral("remote"), remote ? *remote : QString()},
        {QStringLiteral("uncommitted"), changes ? changes->count() : -1},
        {QStringLiteral("ahead"), aheadBehind ? QJsonValue(aheadBehind->first) : QJsonValue()},
        {QStringLiteral("behind"), aheadBehind ? QJsonValue(aheadBehind->second) : QJsonValue()}};
    QString line = QStringLiteral("  git: branch %1, %2 uncommitted")
                       .arg(repo->branch())
                       .arg(changes ? changes->count() : 0);
    if (aheadBehind)
        line += QStringLiteral(", %1 ahead, %2 behind %3")
                    .arg(aheadBehind->first)
                    .arg(aheadBehind->second)
                    .arg(remote ? *remote : QString());
    else if (remote && !remote->isEmpty())
        line += QStringLiteral(", remote %1 (not pushed yet)").arg(*remote);
    else
        line += QStringLiteral(", no remote");
    lines.append(line);
    // Files the last commit had to leave out (unreadable ones), by name: they are not safe yet.
    QJsonArray notCommitted;
    if (auto db = ws.connect(); db) {
        if (auto failed = FileIndex(**db).withState(SyncState::Error); failed) {
            for (const FileEntry &e : std::as_const(*failed)) {
                if (e.layer != Layer::Git)
                    continue;
                notCommitted.append(QJsonObject{{QStringLiteral("path"), e.path},
                                                {QStringLiteral("error"), e.error}});
                lines.append(QStringLiteral("  git: not committed: %1 (%2)").arg(e.path, e.error));
            }
        }
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
