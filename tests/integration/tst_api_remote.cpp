// The git, hub and sync operations of the async API, called through StorageCore alone (no
// src/app): each future's typed result checked against real git repositories (the git CLI, git
// http-backend) and the test Hub; and a status read that must leave the workspace untouched.

#include "GitHttpServer.h"
#include "HubServer.h"
#include "Sha256.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

// Every file under dir (hidden ones too) with its content's digest: a byte-for-byte snapshot,
// but for SQLite's shared memory.
QMap<QString, QString> snapshot(const QString &dir)
{
    QMap<QString, QString> out;
    QDirIterator it(dir,
                    QDir::Files | QDir::Dirs | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(dir).relativeFilePath(path);
        // SQLite's wal-index: shared memory every reader of the index writes its read mark into
        // (a read-only connection too). It holds no data; its size still counts.
        if (relative.endsWith(QLatin1String("-shm"))) {
            out.insert(relative, QString::number(it.fileInfo().size()));
            continue;
        }
        out.insert(relative, it.fileInfo().isDir()
                                 ? QStringLiteral("dir")
                                 : QString::fromLatin1(Sha256::ofFile(path).valueOr("unreadable")));
    }
    return out;
}

// A data root of its own, with a git identity, for one StorageCore in this process.
class CoreRoot
{
public:
    CoreRoot()
    {
        writeFile(m_root.file(QStringLiteral("home/.gitconfig")),
                  "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n"
                  "[init]\n\tdefaultBranch = main\n");
        qputenv("HOME", m_root.file(QStringLiteral("home")).toUtf8());
        qputenv("XDG_CACHE_HOME", m_root.file(QStringLiteral("xdg-cache")).toUtf8());
        qunsetenv("HAWKMOTH_GIT_TOKEN");
        qunsetenv("HAWKMOTH_GIT_USERNAME");
    }
    TempRoot &root() { return m_root; }
    Paths paths() const { return Paths(m_root.dataRoot(), m_root.cacheRoot()); }
    ProcessResult git(const QString &dir, const QStringList &args) const
    {
        return runProgram(QStringLiteral("git"), QStringList{QStringLiteral("-C"), dir} + args);
    }

private:
    TempRoot m_root;
};

template<typename T>
T take(QFuture<Result<T>> future)
{
    const Result<T> r = future.result();
    if (!r)
        qWarning("%s", qPrintable(r.error().message));
    return r ? *r : T();
}

} // namespace

class TestApiRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_ENDPOINT");
        QVERIFY2(m_git.isRunning(), qPrintable(m_git.error()));
    }

    // Reads never write: the status of a workspace without a repository creates none, nor any
    // other file, and says the next sync creates it.
    void layerStatusWritesNothing()
    {
        CoreRoot root;
        StorageCore core(root.paths());
        QVERIFY(core.start().result().ok());
        auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());
        QVERIFY(QDir(ws->root() + QStringLiteral("/.git")).removeRecursively());
        const auto before = snapshot(ws->root());
        QVERIFY(!before.isEmpty());

        const Result<git::LayerStatus> git = core.git().layerStatus(*ws).result();
        QVERIFY(git.ok());
        QVERIFY(!git->hasRepository);
        QVERIFY(!git->ahead.has_value());
        const Result<hub::LayerStatus> hub = core.hub().layerStatus(*ws).result();
        QVERIFY(hub.ok());
        QCOMPARE(hub->token, hub::LayerStatus::Token::None);
        QCOMPARE(hub->pendingUploads, qint64(0));
        QVERIFY(take(core.git().history(*ws)).isEmpty());
        QVERIFY(take(core.git().remote(*ws)).isEmpty());
        QVERIFY(!core.git().show(*ws, QStringLiteral("a.md"), QStringLiteral("HEAD")).result());

        const auto after = snapshot(ws->root());
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            QVERIFY2(before.value(it.key()) == it.value(), qPrintable(it.key()));
        QCOMPARE(after.keys(), before.keys());
        QVERIFY(!QFileInfo::exists(ws->root() + QStringLiteral("/.git")));
    }

    // Save, sync (commit), history, show, restore, and the status's uncommitted count, with the
    // git CLI as the judge.
    void historyShowRestore()
    {
        CoreRoot root;
        StorageCore core(root.paths());
        QVERIFY(core.start().result().ok());
        auto ws = *core.workspaces().current().result();
        QVERIFY(core.files().save(ws, QStringLiteral("notes.md"), "first\n").result().ok());
        QVERIFY(core.sync().sync(ws, {}).result().ok());
        QVERIFY(core.files().save(ws, QStringLiteral("notes.md"), "second\n").result().ok());
        const SyncOutcome synced = take(core.sync().sync(ws, {}));
        QVERIFY(synced.complete());
        QVERIFY(synced.queuedJob > 0);
        QVERIFY(!synced.jobs.isEmpty());
        QCOMPARE(synced.jobs.first().outcome, JobOutcome::Kind::Done);
        QCOMPARE(root.git(ws.root(), {QStringLiteral("rev-list"), QStringLiteral("--count"),
                                      QStringLiteral("HEAD")})
                     .out.trimmed(),
                 QByteArray("2"));

        const auto log = take(core.git().history(ws, QStringLiteral("notes.md"), 10));
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.first().oid,
                 QString::fromUtf8(
                     root.git(ws.root(), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")})
                         .out.trimmed()));
        QCOMPARE(take(core.git().history(ws, {}, 1)).size(), 1);
        QVERIFY(!core.git().history(ws, QStringLiteral("../x"), 10).result().ok());
        QCOMPARE(take(core.git().show(ws, QStringLiteral("notes.md"), QStringLiteral("HEAD~1"))),
                 QByteArray("first\n"));

        QSignalSpy changed(&core, &StorageCore::filesChanged);
        const FileEntry restored =
            take(core.git().restore(ws, QStringLiteral("notes.md"), QStringLiteral("HEAD~1")));
        QCOMPARE(restored.path, QStringLiteral("notes.md"));
        QCOMPARE(readFile(ws.absolutePath(QStringLiteral("notes.md"))), QByteArray("first\n"));
        QVERIFY(changed.wait(5000));
        const git::LayerStatus status = take(core.git().layerStatus(ws));
        QVERIFY(status.hasRepository);
        QCOMPARE(status.branch, QStringLiteral("main"));
        QCOMPARE(status.uncommitted, std::optional<int>(1));
        QCOMPARE(status.head, log.first().oid);
        // History was not rewritten: the restore is a change, the git CLI sees it as one.
        QVERIFY(root.git(ws.root(), {QStringLiteral("diff"), QStringLiteral("--quiet")}).exitCode !=
                0);
    }

    // Remote set (the password goes to no file), push and pull through git http-backend, with
    // ahead/behind in the status, and clone-project into a new current workspace.
    void remotePushPullClone()
    {
        CoreRoot root;
        qputenv("HAWKMOTH_GIT_USERNAME", GitHttpServer::user);
        qputenv("HAWKMOTH_GIT_TOKEN", GitHttpServer::password);
        QVERIFY(m_git.createRepository(QStringLiteral("api.git")));
        StorageCore core(root.paths());
        QVERIFY(core.start().result().ok());
        auto ws = *core.workspaces().current().result();
        const QString url = m_git.url(QStringLiteral("api.git"));
        QCOMPARE(take(core.git().setRemote(ws, url)), url);
        QCOMPARE(take(core.git().remote(ws)), url);
        QCOMPARE(QString::fromUtf8(
                     root.git(ws.root(), {QStringLiteral("remote"), QStringLiteral("get-url"),
                                          QStringLiteral("origin")})
                         .out.trimmed()),
                 url);
        QVERIFY(readFile(ws.metadataFile()).contains(url.toUtf8()));

        QVERIFY(core.files().save(ws, QStringLiteral("app.py"), "print(1)\n").result().ok());
        QStringList notes;
        OperationControl control;
        control.note = [&notes](const QString &line) { notes.append(line); };
        const SyncOutcome pushed = take(core.sync().push(ws, control));
        QVERIFY2(pushed.complete(), qPrintable(pushed.problems.join(QLatin1Char('\n'))));
        QVERIFY(!notes.isEmpty());
        QCOMPARE(notes, pushed.notes);
        QCOMPARE(root.git(m_git.repositoryPath(QStringLiteral("api.git")),
                          {QStringLiteral("rev-list"), QStringLiteral("--count"),
                           QStringLiteral("main")})
                     .out.trimmed(),
                 QByteArray("1"));
        git::LayerStatus status = take(core.git().layerStatus(ws));
        QCOMPARE(status.ahead, std::optional<int>(0));
        QCOMPARE(status.behind, std::optional<int>(0));

        // Someone else pushes a commit: the status sees it after a fetch; pull brings it.
        const QString other = root.root().file(QStringLiteral("bob"));
        QCOMPARE(runProgram(QStringLiteral("git"),
                            {QStringLiteral("clone"), QStringLiteral("-q"),
                             m_git.urlWithCredentials(QStringLiteral("api.git")), other})
                     .exitCode,
                 0);
        writeFile(other + QStringLiteral("/bob.md"), "from bob\n");
        QCOMPARE(root.git(other, {QStringLiteral("add"), QStringLiteral("-A")}).exitCode, 0);
        QCOMPARE(root.git(other,
                          {QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("bob")})
                     .exitCode,
                 0);
        QCOMPARE(root.git(other, {QStringLiteral("push"), QStringLiteral("-q")}).exitCode, 0);
        const SyncOutcome pulled = take(core.sync().pull(ws, {}));
        QVERIFY2(pulled.complete(), qPrintable(pulled.problems.join(QLatin1Char('\n'))));
        QCOMPARE(pulled.jobs.first().kind, QStringLiteral("pull"));
        QCOMPARE(readFile(ws.absolutePath(QStringLiteral("bob.md"))), QByteArray("from bob\n"));
        status = take(core.git().layerStatus(ws));
        QCOMPARE(status.behind, std::optional<int>(0));

        // A change queued as a long-lived process does, then run with what else is due: pushed.
        QVERIFY(core.files().save(ws, QStringLiteral("later.md"), "later\n").result().ok());
        const qint64 queued = take(core.sync().queue(ws, SyncRequest::Sync));
        QVERIFY(queued > 0);
        const SyncOutcome due = take(core.sync().runDueJobs(ws, {}));
        QVERIFY(std::any_of(due.jobs.cbegin(), due.jobs.cend(),
                            [queued](const FinishedJob &j) { return j.id == queued; }));
        QCOMPARE(root.git(m_git.repositoryPath(QStringLiteral("api.git")),
                          {QStringLiteral("rev-list"), QStringLiteral("--count"),
                           QStringLiteral("main")})
                     .out.trimmed(),
                 QByteArray("3"));
        status = take(core.git().layerStatus(ws));
        QCOMPARE(status.ahead, std::optional<int>(0));

        // clone-project: a new workspace, current, its remote without the password.
        QSignalSpy current(&core, &StorageCore::currentWorkspaceChanged);
        const OpenedWorkspace cloned = take(
            core.git().cloneProject(m_git.urlWithCredentials(QStringLiteral("api.git")), {}, {}));
        QCOMPARE(cloned.workspace.name(), QStringLiteral("api"));
        QVERIFY(cloned.warnings.isEmpty());
        QVERIFY(cloned.info.has_value());
        // As every message shows it: the user stays, the password goes.
        QCOMPARE(cloned.source,
                 QString(url).replace(QStringLiteral("http://"), QStringLiteral("http://alice@")));
        QVERIFY(QFileInfo::exists(cloned.workspace.absolutePath(QStringLiteral("bob.md"))));
        QVERIFY(!readFile(cloned.workspace.root() + QStringLiteral("/.git/config"))
                     .contains(GitHttpServer::password));
        QCOMPARE(core.workspaces().current().result()->name(), QStringLiteral("api"));
        QVERIFY(current.wait(5000));
        QCOMPARE(current.first().first().toString(), QStringLiteral("api"));
        QVERIFY(!core.git().cloneProject(url, QStringLiteral("api"), {}).result().ok());
        qunsetenv("HAWKMOTH_GIT_USERNAME");
        qunsetenv("HAWKMOTH_GIT_TOKEN");
    }

    // git-login without a keychain: one clear error, nothing stored in plain text.
    void gitLoginWithoutKeychain()
    {
        CoreRoot root;
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        StorageCore core(root.paths());
        QVERIFY(core.start().result().ok());
        auto empty = core.git().login(m_git.url(QStringLiteral("x.git")), {}, {}).result();
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, ErrorCode::InvalidArgument);
        auto stored = core.git()
                          .login(m_git.url(QStringLiteral("x.git")), {}, QStringLiteral("tok"))
                          .result();
        QVERIFY(!stored.ok());
        QVERIFY2(stored.error().message.contains(QLatin1String("keychain")),
                 qPrintable(stored.error().message));
    }

    // Against the test Hub: sync uploads and the hub status counts nothing pending; login checks
    // the token with the Hub; open-from-hub restores the workspace as the current one.
    void hubOperations()
    {
        HubServer hub;
        QVERIFY2(hub.isRunning(), qPrintable(hub.error()));
        CoreRoot root;
        qputenv("HF_ENDPOINT", hub.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
        StorageCore core(root.paths());
        QVERIFY(core.start().result().ok());
        auto ws = *core.workspaces().current().result();
        const QByteArray big(300 * 1024, 'x');
        QVERIFY(core.files().save(ws, QStringLiteral("data/big.bin"), big).result().ok());
        hub::LayerStatus status = take(core.hub().layerStatus(ws));
        QCOMPARE(status.pendingUploads, qint64(1));
        QCOMPARE(status.pendingBytes, qint64(big.size()));
        QCOMPARE(status.token, hub::LayerStatus::Token::Configured);
        QCOMPARE(status.tokenText(), QStringLiteral("HF_TOKEN"));
        QCOMPARE(status.endpoint, QUrl(hub.url()));

        const SyncOutcome synced = take(core.sync().sync(ws, {}));
        QVERIFY2(synced.complete(), qPrintable(synced.problems.join(QLatin1Char('\n'))));
        status = take(core.hub().layerStatus(ws));
        QCOMPARE(status.pendingUploads, qint64(0));
        QVERIFY(!status.dataset.isEmpty());
        QVERIFY(!status.lastCommit.isEmpty());

        // A token the Hub refuses: login says so, and stores nothing.
        auto refused = core.hub().login(QStringLiteral("hf_wrong"), ws).result();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Unauthenticated);

        // Logging out: with a keychain the answer names the endpoint and says HF_TOKEN still
        // gives a token; without one, it is one clear error naming the keychain.
        auto out = core.hub().logout().result();
        if (out.ok()) {
            QCOMPARE(out->endpoint, QUrl(hub.url()));
            QVERIFY(out->environmentTokenSet);
        } else {
            QVERIFY2(out.error().message.contains(QLatin1String("keychain")),
                     qPrintable(out.error().message));
        }

        // Restored from the dataset under another name, which becomes current.
        const OpenedWorkspace opened =
            take(core.hub().openFromHub(status.dataset, QStringLiteral("restored"), {}));
        QCOMPARE(opened.workspace.name(), QStringLiteral("restored"));
        QVERIFY(opened.refused.isEmpty());
        QCOMPARE(readFile(opened.workspace.absolutePath(QStringLiteral("data/big.bin"))), big);
        QCOMPARE(core.workspaces().current().result()->name(), QStringLiteral("restored"));
        qunsetenv("HF_ENDPOINT");
        qunsetenv("HF_TOKEN");
    }

private:
    GitHttpServer m_git;
};

QTEST_MAIN(TestApiRemote)
#include "tst_api_remote.moc"
