// Ending a git conflict through the async API: a real conflict (a local bare remote, a second
// clone), then keep mine or take theirs; the copy goes, the file is pending with a sync queued,
// and the next sync commits the merge with both parents.

#include "ConflictResolver.h"
#include "GitConflict.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

QString gitOut(const QString &dir, const QStringList &args)
{
    return QString::fromUtf8(
        runProgram(QStringLiteral("git"), QStringList{QStringLiteral("-C"), dir} + args)
            .out.trimmed());
}

std::optional<FileEntry> entryOf(StorageCore &core, const Workspace &ws, const QString &path)
{
    auto listing = core.files().list(ws, {}, true).result();
    if (listing) {
        for (const FileEntry &e : listing->files) {
            if (e.path == path)
                return e;
        }
    }
    return std::nullopt;
}

} // namespace

class TestApiConflicts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // libgit2 reads HOME once per process: one home for every test.
        isolateGitConfiguration(m_home);
        writeGitIdentity(m_home);
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_ENDPOINT");
    }
    void init() { m_root = std::make_unique<TempRoot>(); }

    void copyNames()
    {
        QVERIFY(ConflictResolver::isRemoteCopyOf(QStringLiteral("plan.remote-1a2b3c4.md"),
                                                 QStringLiteral("plan.md")));
        QVERIFY(ConflictResolver::isRemoteCopyOf(QStringLiteral("d/t.remote-0123abc.csv"),
                                                 QStringLiteral("d/t.csv")));
        QVERIFY(ConflictResolver::isRemoteCopyOf(QStringLiteral(".bashrc.remote-abcdef0"),
                                                 QStringLiteral(".bashrc")));
        QVERIFY(!ConflictResolver::isRemoteCopyOf(QStringLiteral("plan.remote-.md"),
                                                  QStringLiteral("plan.md")));
        QVERIFY(!ConflictResolver::isRemoteCopyOf(QStringLiteral("plan.remote-XYZ1234.md"),
                                                  QStringLiteral("plan.md")));
        QVERIFY(!ConflictResolver::isRemoteCopyOf(QStringLiteral("other/plan.remote-1a2b3c4.md"),
                                                  QStringLiteral("plan.md")));
    }

    void keepMine() { resolve(Resolution::KeepMine, "my line\n"); }
    void takeTheirs() { resolve(Resolution::TakeTheirs, "their line\n"); }

    void onlyConflictsResolve()
    {
        StorageCore core(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(core.start().result().ok());
        const Workspace ws = *core.workspaces().current().result();
        QVERIFY(core.files().save(ws, QStringLiteral("calm.md"), "calm\n").result().ok());
        auto refused = core.files()
                           .resolveConflict(ws, QStringLiteral("calm.md"), Resolution::KeepMine)
                           .result();
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(refused.error().message.contains(QLatin1String("not in conflict")),
                 qPrintable(refused.error().message));
        QVERIFY(!core.files().conflictCopy(ws, QStringLiteral("missing.md")).result());
        QVERIFY(!core.files()
                     .resolveConflict(ws, QStringLiteral("../x"), Resolution::KeepMine)
                     .result());
    }

    void makeFolder()
    {
        StorageCore core(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(core.start().result().ok());
        const Workspace ws = *core.workspaces().current().result();
        QVERIFY(core.files().makeFolder(ws, QStringLiteral("a/b")).result().ok());
        QVERIFY(QFileInfo(ws.absolutePath(QStringLiteral("a/b"))).isDir());
        auto again = core.files().makeFolder(ws, QStringLiteral("a/b")).result();
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
        QVERIFY(core.files().save(ws, QStringLiteral("f.txt"), "x").result().ok());
        QVERIFY(!core.files().makeFolder(ws, QStringLiteral("f.txt")).result());
        QVERIFY(!core.files().makeFolder(ws, QStringLiteral("f.txt/sub")).result());
        QVERIFY(!core.files().makeFolder(ws, QStringLiteral("../outside")).result());
        auto listing = core.files().list(ws, QStringLiteral("a"), false).result();
        QVERIFY(listing.ok());
        QCOMPARE(listing->folders.size(), 1);
        QCOMPARE(listing->folders.first().path, QStringLiteral("a/b"));
    }

private:
    void resolve(Resolution resolution, const QByteArray &expected)
    {
        StorageCore core(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(core.start().result().ok());
        const Workspace ws = *core.workspaces().current().result();
        const QString path = QStringLiteral("plan.md");
        const QString made = makeGitConflict(core, ws, *m_root, path, "my line\n", "their line\n");
        QVERIFY2(made.isEmpty(), qPrintable(made));

        auto copy = core.files().conflictCopy(ws, path).result();
        QVERIFY2(copy.ok(), qPrintable(copy ? QString() : copy.error().message));
        QVERIFY(copy->startsWith(QLatin1String("plan.remote-")));
        QCOMPARE(readFile(ws.absolutePath(*copy)), QByteArray("their line\n"));
        QVERIFY(readFile(ws.policyFile()).contains(copy->toUtf8())); // pinned to session
        const int jobsBefore = core.workspaces().statistics(ws).result()->queuedJobs;

        auto resolved = core.files().resolveConflict(ws, path, resolution).result();
        QVERIFY2(resolved.ok(), qPrintable(resolved ? QString() : resolved.error().message));
        QCOMPARE(resolved->state, SyncState::Pending);
        QCOMPARE(readFile(ws.absolutePath(path)), expected);
        QVERIFY(!QFileInfo::exists(ws.absolutePath(*copy)));
        QVERIFY(!readFile(ws.policyFile()).contains(copy->toUtf8()));
        QCOMPARE(entryOf(core, ws, path)->state, SyncState::Pending);
        QVERIFY(!entryOf(core, ws, *copy));
        QVERIFY(core.workspaces().statistics(ws).result()->queuedJobs >= qMax(1, jobsBefore));
        // Resolved once is resolved: a second call has nothing to do.
        QVERIFY(!core.files().resolveConflict(ws, path, resolution).result());

        // The sync commits the merge: two parents, the chosen content, pushed to the remote.
        auto synced = core.sync().push(ws, {}).result();
        QVERIFY2(
            synced.ok() && synced->complete(),
            qPrintable(synced ? synced->problems.join(QLatin1Char('\n')) : synced.error().message));
        QCOMPARE(gitOut(ws.root(), {QStringLiteral("log"), QStringLiteral("-1"),
                                    QStringLiteral("--format=%P")})
                     .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                     .size(),
                 2);
        const QString bare = m_root->file(QStringLiteral("remote.git"));
        QCOMPARE(gitOut(bare, {QStringLiteral("show"), QStringLiteral("main:plan.md")}).toUtf8() +
                     '\n',
                 expected);
        QVERIFY(!gitOut(bare, {QStringLiteral("ls-tree"), QStringLiteral("-r"),
                               QStringLiteral("--name-only"), QStringLiteral("main")})
                     .contains(QLatin1String("remote-")));
        QCOMPARE(entryOf(core, ws, path)->state, SyncState::Synced);
    }

    TempRoot m_home;
    std::unique_ptr<TempRoot> m_root;
};

QTEST_GUILESS_MAIN(TestApiConflicts)
#include "tst_api_conflicts.moc"
