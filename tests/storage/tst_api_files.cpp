// The file and workspace calls of the asynchronous API (core.files(), core.workspaces()): each
// returns a future that runs off the caller's thread, signals what it changed, and carries the
// editor-grade details — versions on load and save, a cancellable Hub-only open with progress,
// the crash journal — and the import choices with per-item error codes.

#include "CopyName.h"
#include "FileIndex.h"
#include "ProgressChannel.h"
#include "Sha256.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace hawkmoth;

namespace {

// A started core on a fresh data root, with its default workspace.
class CoreFixture
{
public:
    explicit CoreFixture(RemoteFetcher fetcher = {})
        : m_core(Paths(m_tmp.dataRoot(), m_tmp.cacheRoot()))
    {
        if (fetcher)
            m_core.setRemoteFetcher(std::move(fetcher));
        if (auto started = m_core.start().result(); !started)
            qFatal("core: %s", qPrintable(started.error().message));
        auto ws = m_core.workspaces().current().result();
        if (!ws)
            qFatal("core: %s", qPrintable(ws.error().message));
        m_ws = *ws;
    }

    StorageCore &core() { return m_core; }
    FileOperations &files() { return m_core.files(); }
    const Workspace &ws() const { return m_ws; }
    test::TempRoot &tmp() { return m_tmp; }
    QString onDisk(const QString &rel) const { return m_ws.absolutePath(rel); }

    // The index knows path as a Hub file that is not on this disk (as after opening from the Hub).
    void markRemoteOnly(const QString &path)
    {
        auto db = m_ws.connect();
        QVERIFY(db.ok());
        FileEntry remote;
        remote.path = path;
        remote.layer = Layer::Hub;
        remote.state = SyncState::RemoteOnly;
        QVERIFY(FileIndex(**db).upsert(remote).ok());
    }

private:
    test::TempRoot m_tmp;
    StorageCore m_core;
    Workspace m_ws;
};

// The error of a failed result, for a failure message (nothing when it succeeded).
template<typename R>
QByteArray why(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

void writeOutside(const QString &absolute, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(absolute).absolutePath());
    QFile f(absolute);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(content), content.size());
}

QByteArray readOutside(const QString &absolute)
{
    QFile f(absolute);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestApiFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileCallsRunOnThePoolAndSignalChanges()
    {
        CoreFixture fx;
        QSignalSpy changed(&fx.core(), &StorageCore::filesChanged);
        QThread *ranOn = nullptr;
        auto saved = fx.files().save(fx.ws(), QStringLiteral("docs/a.md"), "alpha");
        saved.then([&ranOn](const Result<FileEntry> &) { ranOn = QThread::currentThread(); })
            .waitForFinished();
        QVERIFY(saved.result().ok());
        QVERIFY(ranOn && ranOn != QThread::currentThread());
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.takeFirst().first().toString(), fx.ws().name());

        auto listing = fx.files().list(fx.ws(), QStringLiteral("docs"), false).result();
        QVERIFY(listing.ok());
        QCOMPARE(listing->files.size(), 1);
        QCOMPARE(listing->files.first().path, QStringLiteral("docs/a.md"));

        auto moved =
            fx.files().move(fx.ws(), QStringLiteral("docs/a.md"), QStringLiteral("b.md")).result();
        QVERIFY2(moved.ok(), why(moved).constData());
        QCOMPARE(*moved, QStringLiteral("b.md"));
        QVERIFY(changed.wait(5000));
        changed.clear();

        auto pinned =
            fx.files().pin(fx.ws(), QStringLiteral("b.md"), Layer::Session, RunJobs::Now).result();
        QVERIFY2(pinned.ok(), why(pinned).constData());
        QVERIFY(pinned->job > 0);
        QVERIFY2(pinned->moved, qPrintable(pinned->notMovedBecause));
        auto root = fx.files().list(fx.ws(), {}, false).result();
        QCOMPARE(root->files.first().pinned, std::optional<Layer>(Layer::Session));
        QCOMPARE(root->files.first().layer, Layer::Session);
        auto unpinned =
            fx.files().unpin(fx.ws(), QStringLiteral("b.md"), RunJobs::Background).result();
        QVERIFY(unpinned.ok());
        QVERIFY(!unpinned->moved); // left to the scheduler the signal wakes
        QVERIFY(changed.wait(5000));
        QCOMPARE(fx.files().list(fx.ws(), {}, false).result()->files.first().pinned,
                 std::optional<Layer>());

        auto removed = fx.files().remove(fx.ws(), QStringLiteral("b.md"), false).result();
        QVERIFY(removed.ok());
        QCOMPARE(*removed, QStringList{QStringLiteral("b.md")});
        QVERIFY(!QFileInfo::exists(fx.onDisk(QStringLiteral("b.md"))));
    }

    void rescanAndCleanupThroughTheCore()
    {
        CoreFixture fx;
        writeOutside(fx.onDisk(QStringLiteral("outside.txt")), "made by another program");
        QSignalSpy changed(&fx.core(), &StorageCore::filesChanged);
        auto rescanned = fx.files().rescan(fx.ws(), false).result();
        QVERIFY(rescanned.ok());
        QCOMPARE(rescanned->scan.added, QStringList{QStringLiteral("outside.txt")});
        QVERIFY(rescanned->rebuiltAside.isEmpty());
        QVERIFY(changed.wait(5000));

        auto rebuilt = fx.files().rescan(fx.ws(), true).result();
        QVERIFY2(rebuilt.ok(), why(rebuilt).constData());
        QVERIFY(!rebuilt->rebuiltAside.isEmpty());

        QVERIFY(
            fx.files().save(fx.ws(), QStringLiteral("scratch/tmp.txt"), "scratch").result().ok());
        auto cleaned = fx.files().cleanup(fx.ws(), false, false).result();
        QVERIFY(cleaned.ok());
        QCOMPARE(cleaned->removedFiles, QStringList{QStringLiteral("scratch/tmp.txt")});
        QVERIFY(!QFileInfo::exists(fx.onDisk(QStringLiteral("scratch/tmp.txt"))));
    }

    void loadReturnsTheVersionAndSaveDetectsAConflict()
    {
        CoreFixture fx;
        QVERIFY(fx.files().save(fx.ws(), QStringLiteral("notes.md"), "first").result().ok());
        auto loaded = fx.files().load(fx.ws(), QStringLiteral("notes.md")).result();
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->content, QByteArray("first"));
        QCOMPARE(loaded->version.sha256.toLatin1(), Sha256::ofData("first"));
        QCOMPARE(loaded->version.size, qint64(5));
        QVERIFY(loaded->version.mtimeNs > 0);

        // Another program writes the file after the editor loaded it.
        writeOutside(fx.onDisk(QStringLiteral("notes.md")), "edited elsewhere");
        auto refused =
            fx.files().save(fx.ws(), QStringLiteral("notes.md"), "mine", loaded->version).result();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY2(refused.error().message.contains(
                     QLatin1String("notes.md changed on disk since it was loaded")),
                 qPrintable(refused.error().message));
        QCOMPARE(readOutside(fx.onDisk(QStringLiteral("notes.md"))),
                 QByteArray("edited elsewhere"));

        // Loaded again, the save goes through; a hash alone (the CLI's --expect) is enough.
        auto again = fx.files().load(fx.ws(), QStringLiteral("notes.md")).result();
        auto saved =
            fx.files().save(fx.ws(), QStringLiteral("notes.md"), "mine", again->version).result();
        QVERIFY2(saved.ok(), why(saved).constData());
        const FileVersion hashOnly{QString::fromLatin1(Sha256::ofData("mine")), -1, 0};
        QVERIFY(
            fx.files().save(fx.ws(), QStringLiteral("notes.md"), "third", hashOnly).result().ok());
        QCOMPARE(fx.files()
                     .save(fx.ws(), QStringLiteral("notes.md"), "x", hashOnly)
                     .result()
                     .error()
                     .code,
                 ErrorCode::Conflict);

        // A file deleted meanwhile is a conflict too, not a silent recreation.
        auto current = fx.files().load(fx.ws(), QStringLiteral("notes.md")).result();
        QVERIFY(QFile::remove(fx.onDisk(QStringLiteral("notes.md"))));
        auto gone =
            fx.files().save(fx.ws(), QStringLiteral("notes.md"), "y", current->version).result();
        QCOMPARE(gone.error().code, ErrorCode::Conflict);
        QVERIFY(!QFileInfo::exists(fx.onDisk(QStringLiteral("notes.md"))));
    }

    void openingAHubOnlyFileReportsProgress()
    {
        // The fetcher stands in for the Hub layer: it reports progress through the control it is
        // given and puts the file on disk.
        CoreFixture fx([](const Workspace &ws, const StorageContext &, const QString &path,
                          const OperationControl &control) -> Status {
            for (qint64 done = 4; done <= 12; done += 4)
                control.report(Progress{done, 12, 0, 1});
            writeOutside(ws.absolutePath(path), "downloaded!!");
            return {};
        });
        fx.markRemoteOnly(QStringLiteral("data/model.bin"));
        ProgressChannel channel;
        QSignalSpy progressed(&channel, &ProgressChannel::progressed);
        auto loaded =
            fx.files().load(fx.ws(), QStringLiteral("data/model.bin"), channel.control()).result();
        QVERIFY2(loaded.ok(), why(loaded).constData());
        QCOMPARE(loaded->content, QByteArray("downloaded!!"));
        QCOMPARE(loaded->version.sha256.toLatin1(), Sha256::ofData("downloaded!!"));
        QTRY_VERIFY(!progressed.isEmpty());
        QCOMPARE(progressed.last().first().value<Progress>().bytesDone, qint64(12));
    }

    void openingAHubOnlyFileCanBeCancelled()
    {
        // The download runs until it is cancelled, as a slow one would.
        CoreFixture fx([](const Workspace &, const StorageContext &, const QString &,
                          const OperationControl &control) -> Status {
            control.report(Progress{1, 100, 0, 1});
            const QDeadlineTimer limit(10000);
            while (!control.cancel.isCancelled()) {
                if (limit.hasExpired())
                    return Error::internal(QStringLiteral("never cancelled"));
                QThread::msleep(2);
            }
            return Error::cancelled();
        });
        fx.markRemoteOnly(QStringLiteral("big.bin"));
        ProgressChannel channel;
        QSignalSpy progressed(&channel, &ProgressChannel::progressed);
        auto future = fx.files().load(fx.ws(), QStringLiteral("big.bin"), channel.control());
        QVERIFY(progressed.wait(5000));
        QVERIFY(!future.isFinished());
        channel.cancel();
        auto result = future.result();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(!QFileInfo::exists(fx.onDisk(QStringLiteral("big.bin"))));
    }

    void editorJournalThroughTheApi()
    {
        CoreFixture fx;
        QVERIFY(fx.files().journalStore(fx.ws(), QStringLiteral("a.md"), "unsaved").result().ok());
        QVERIFY(fx.files().journalStore(fx.ws(), QStringLiteral("b.md"), "draft").result().ok());
        auto entries = fx.files().journalList(fx.ws()).result();
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 2);
        QStringList paths;
        for (const JournalEntry &e : std::as_const(*entries)) {
            paths.append(e.path);
            QCOMPARE(e.workspace, fx.ws().name());
        }
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("a.md"), QStringLiteral("b.md")}));
        QVERIFY(fx.files().journalDiscard(fx.ws(), QStringLiteral("a.md")).result().ok());
        entries = fx.files().journalList(fx.ws()).result();
        QCOMPARE(entries->size(), 1);
        QCOMPARE(entries->first().path, QStringLiteral("b.md"));
        QCOMPARE(entries->first().content, QByteArray("draft"));
    }

    void importChoicesForAnExistingTarget()
    {
        CoreFixture fx;
        QVERIFY(fx.files().save(fx.ws(), QStringLiteral("a.txt"), "old").result().ok());
        const QString source = fx.tmp().file(QStringLiteral("in/a.txt"));
        writeOutside(source, "new");
        auto import = [&](OnExists choice) {
            return fx.files().import(fx.ws(), {source}, {}, choice).result();
        };

        auto refused = import(OnExists::Refuse);
        QVERIFY(refused.ok());
        QVERIFY(refused->imported.isEmpty());
        QCOMPARE(refused->failures.size(), 1);
        QCOMPARE(refused->failures.first().code, ErrorCode::AlreadyExists);
        QCOMPARE(refused->failures.first().path, source);
        QCOMPARE(refused->failures.first().target, QStringLiteral("a.txt"));
        QCOMPARE(refused->errors.size(), 1);

        auto skipped = import(OnExists::Skip);
        QVERIFY(skipped.ok());
        QVERIFY(skipped->imported.isEmpty());
        QVERIFY(skipped->errors.isEmpty());
        QCOMPARE(skipped->skipped.size(), 1);
        QCOMPARE(skipped->skipped.first().path, source);
        QCOMPARE(readOutside(fx.onDisk(QStringLiteral("a.txt"))), QByteArray("old"));

        auto both = import(OnExists::KeepBoth);
        QVERIFY(both.ok());
        QCOMPARE(both->imported.size(), 1);
        QCOMPARE(both->imported.first().path, QStringLiteral("a (2).txt"));
        QCOMPARE(readOutside(fx.onDisk(QStringLiteral("a (2).txt"))), QByteArray("new"));
        QCOMPARE(readOutside(fx.onDisk(QStringLiteral("a.txt"))), QByteArray("old"));
        auto third = import(OnExists::KeepBoth);
        QCOMPARE(third->imported.first().path, QStringLiteral("a (3).txt"));

        auto replaced = import(OnExists::Replace);
        QVERIFY(replaced.ok());
        QCOMPARE(replaced->imported.size(), 1);
        QCOMPARE(replaced->imported.first().path, QStringLiteral("a.txt"));
        QCOMPARE(readOutside(fx.onDisk(QStringLiteral("a.txt"))), QByteArray("new"));
    }

    void importErrorsCarryCodeAndPath()
    {
        CoreFixture fx;
        QVERIFY(fx.files().save(fx.ws(), QStringLiteral("d/inner.txt"), "x").result().ok());
        const QString missing = fx.tmp().file(QStringLiteral("nowhere.txt"));
        const QString folderClash = fx.tmp().file(QStringLiteral("in/d"));
        writeOutside(folderClash, "a file where the workspace has a folder");
        auto report =
            fx.files().import(fx.ws(), {missing, folderClash}, {}, OnExists::Replace).result();
        QVERIFY(report.ok());
        QCOMPARE(report->failures.size(), 2);
        QCOMPARE(report->failures.at(0).code, ErrorCode::NotFound);
        QCOMPARE(report->failures.at(0).path, missing);
        QCOMPARE(report->failures.at(1).code, ErrorCode::Conflict);
        QCOMPARE(report->failures.at(1).path, folderClash);
        QCOMPARE(report->failures.at(1).target, QStringLiteral("d"));
        QCOMPARE(report->errors.size(), 2);
        QVERIFY(report->errors.at(1).contains(QLatin1String("is a folder")));
    }

    void copyNamesKeepTheExtension()
    {
        QCOMPARE(copyPathWith(QStringLiteral("data/table.csv"), QStringLiteral(".remote-1a2b3c4")),
                 QStringLiteral("data/table.remote-1a2b3c4.csv"));
        QCOMPARE(copyPathWith(QStringLiteral("notes.md"), QStringLiteral(" (2)")),
                 QStringLiteral("notes (2).md"));
        QCOMPARE(copyPathWith(QStringLiteral("dir.v2/.bashrc"), QStringLiteral(" (2)")),
                 QStringLiteral("dir.v2/.bashrc (2)"));
        QCOMPARE(copyPathWith(QStringLiteral("Makefile"), QStringLiteral(".hub-abc")),
                 QStringLiteral("Makefile.hub-abc"));
    }

    void workspaceCallsThroughTheCore()
    {
        CoreFixture fx;
        WorkspaceOperations &workspaces = fx.core().workspaces();
        QSignalSpy added(&fx.core(), &StorageCore::workspacesChanged);
        QSignalSpy current(&fx.core(), &StorageCore::currentWorkspaceChanged);

        auto created =
            workspaces.create(QStringLiteral("second"), QStringLiteral("python"), true).result();
        QVERIFY2(created.ok(), why(created).constData());
        QVERIFY(created->madeCurrent);
        QVERIFY(created->info.has_value());
        QCOMPARE(created->info->name, QStringLiteral("second"));
        QVERIFY(added.wait(5000));
        QTRY_COMPARE(current.count(), 1);
        QCOMPARE(current.first().first().toString(), QStringLiteral("second"));
        QCOMPARE(workspaces.current().result()->name(), QStringLiteral("second"));

        auto quiet =
            workspaces.create(QStringLiteral("third"), QStringLiteral("empty"), false).result();
        QVERIFY(quiet.ok());
        QVERIFY(!quiet->madeCurrent);
        QCOMPARE(workspaces.current().result()->name(), QStringLiteral("second"));
        QCOMPARE(workspaces.list().result()->size(), 3);

        auto switched = workspaces.switchTo(fx.ws().name()).result();
        QVERIFY(switched.ok());
        QCOMPARE(switched->name, fx.ws().name());
        QTRY_COMPARE(current.count(), 2);

        added.clear();
        auto renamed =
            workspaces.rename(QStringLiteral("third"), QStringLiteral("fourth")).result();
        QVERIFY(renamed.ok());
        QCOMPARE(renamed->name(), QStringLiteral("fourth"));
        QVERIFY(added.wait(5000));
        QCOMPARE(workspaces.info(QStringLiteral("fourth")).result()->name,
                 QStringLiteral("fourth"));

        auto unconfirmed = workspaces.remove(QStringLiteral("fourth"), false).result();
        QVERIFY(!unconfirmed.ok());
        QVERIFY(workspaces.remove(QStringLiteral("fourth"), true).result().ok());
        QCOMPARE(workspaces.info(QStringLiteral("fourth")).result().error().code,
                 ErrorCode::NotFound);

        QVERIFY(fx.files().save(fx.ws(), QStringLiteral("src/main.py"), "print(1)").result().ok());
        auto stats = workspaces.statistics(fx.ws()).result();
        QVERIFY(stats.ok());
        QCOMPARE(stats->layers.value(Layer::Git).files, qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestApiFiles)
#include "tst_api_files.moc"
