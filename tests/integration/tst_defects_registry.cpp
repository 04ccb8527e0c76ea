// The workspace registry and the command line under hostile use: a damaged index, names that are
// not UTF-8, renames racing listings and creations, odd settings, control characters in names.

#include "TestSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

#include <memory>
#include <vector>

using namespace hawkmoth::test;

namespace {

QString workspaceDir(const TempRoot &root, const QString &name = QStringLiteral("default"))
{
    return root.dataRoot() + QStringLiteral("/workspaces/") + name;
}

// Runs a shell script with the hawkmoth binary as $B, for arguments QProcess cannot carry (bytes
// that are not UTF-8).
ProcessResult runShell(const TempRoot &root, const QString &script)
{
    QProcessEnvironment env = root.environment();
    env.insert(QStringLiteral("B"), hawkmothBinary());
    return runProgram(QStringLiteral("bash"), {QStringLiteral("-c"), script}, root.path(), env);
}

// Moves everything from the WAL into the database file, so damage to the file is damage to all.
void checkpoint(const QString &file)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), file);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=DELETE")));
    }
    QSqlDatabase::removeDatabase(file);
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
}

QStringList damagedCopies(const TempRoot &root)
{
    return QDir(workspaceDir(root) + QStringLiteral("/.hawkmoth"))
        .entryList({QStringLiteral("index.db.damaged-*Z")}, QDir::Files);
}

// A workspace with one committed file and one edited after the commit.
void prepareSyncedWorkspace(const TempRoot &root)
{
    EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("kept.md")}, "kept\n"));
    EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("edited.md")}, "one\n"));
    EXPECT_OK(runHawkmoth(root, {QStringLiteral("sync")}));
    writeFile(workspaceDir(root) + QStringLiteral("/edited.md"), "two\n");
}

QStringList projectNames(const QByteArray &listJson)
{
    QStringList names;
    const QJsonDocument doc = QJsonDocument::fromJson(listJson);
    const QJsonArray items =
        doc.isArray() ? doc.array() : doc.object().value(QLatin1String("workspaces")).toArray();
    for (const QJsonValue &v : items)
        names.append(v.toObject().value(QLatin1String("name")).toString());
    return names;
}

} // namespace

class TestDefectsRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Defect 9: an index that is not a database at all, or whose schema page is garbage.
    void damagedIndexIsSetAsideAndRebuilt_data()
    {
        QTest::addColumn<int>("keepHeader");
        QTest::newRow("not a database") << 0;
        QTest::newRow("malformed") << 100;
    }
    void damagedIndexIsSetAsideAndRebuilt()
    {
        QFETCH(int, keepHeader);
        TempRoot root;
        prepareSyncedWorkspace(root);
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("other"),
                                     QStringLiteral("--no-switch")}));
        const QString index = workspaceDir(root) + QStringLiteral("/.hawkmoth/index.db");
        checkpoint(index);
        QByteArray bytes = readFile(index);
        QVERIFY(bytes.size() >= 4096);
        const QByteArray garbage = randomBytes(bytes.size() - keepHeader, 7);
        bytes.replace(keepHeader, garbage.size(), garbage);
        writeFile(index, bytes);

        // Listing works whatever one workspace's index holds, and writes nothing.
        auto listed =
            runHawkmoth(root, {QStringLiteral("list-projects"), QStringLiteral("--json")});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        QCOMPARE(projectNames(listed.out),
                 (QStringList{QStringLiteral("default"), QStringLiteral("other")}));
        QVERIFY(damagedCopies(root).isEmpty());
        auto text = runHawkmoth(root, {QStringLiteral("list-projects")});
        QVERIFY2(text.exitCode == 0 && text.out.contains("damaged") &&
                     text.out.contains("rescan --rebuild"),
                 qPrintable(text.describe()));

        auto ls = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--json")});
        QVERIFY2(ls.exitCode == 0, qPrintable(ls.describe()));
        QVERIFY2(ls.err.contains("damaged") && ls.err.contains("rebuilt"), ls.err.constData());
        QCOMPARE(damagedCopies(root).size(), 1);
        QCOMPARE(
            lsEntry(ls.out, QStringLiteral("kept.md")).value(QLatin1String("state")).toString(),
            QStringLiteral("synced"));
        QVERIFY(lsEntry(ls.out, QStringLiteral("edited.md")).value(QLatin1String("state")) !=
                QStringLiteral("synced"));
        // Once rebuilt, quiet again.
        auto again = runHawkmoth(root, {QStringLiteral("status")});
        QVERIFY2(again.exitCode == 0 && !again.err.contains("damaged"),
                 qPrintable(again.describe()));
    }

    // Several processes finding the same damage at once set it aside once and all work.
    void damagedIndexFoundByProcessesAtOnce()
    {
        TempRoot root;
        prepareSyncedWorkspace(root);
        const QString index = workspaceDir(root) + QStringLiteral("/.hawkmoth/index.db");
        checkpoint(index);
        writeFile(index, randomBytes(readFile(index).size(), 9));
        std::vector<std::unique_ptr<QProcess>> procs;
        for (int i = 0; i < 4; ++i) {
            procs.push_back(std::make_unique<QProcess>());
            procs.back()->setProcessEnvironment(root.environment());
            procs.back()->start(hawkmothBinary(), {QStringLiteral("status")});
        }
        for (const auto &p : procs) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0,
                     p->readAllStandardError().constData());
        }
        QCOMPARE(damagedCopies(root).size(), 1);
        const QByteArray ls =
            runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--json")}).out;
        QCOMPARE(lsEntry(ls, QStringLiteral("kept.md")).value(QLatin1String("state")).toString(),
                 QStringLiteral("synced"));
    }

    void rescanRebuildForcesARebuild()
    {
        TempRoot root;
        prepareSyncedWorkspace(root);
        auto r = runHawkmoth(root, {QStringLiteral("rescan"), QStringLiteral("--rebuild")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(damagedCopies(root).size(), 0);
        QCOMPARE(QDir(workspaceDir(root) + QStringLiteral("/.hawkmoth"))
                     .entryList({QStringLiteral("index.db.old-*Z")}, QDir::Files)
                     .size(),
                 1);
        const QByteArray ls =
            runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--json")}).out;
        QCOMPARE(lsEntry(ls, QStringLiteral("kept.md")).value(QLatin1String("state")).toString(),
                 QStringLiteral("synced"));
    }

    // Defect 13: two different non-UTF-8 names must not land on the same file.
    void nonUtf8PathArgumentIsRefused()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("current")}));
        auto r =
            runShell(root, QStringLiteral("echo one | \"$B\" save $'\\xff\\xfe x'; echo rc=$?; "
                                          "echo two | \"$B\" save $'\\xfe\\xff x'; echo rc=$?; "
                                          "\"$B\" -w $'\\xff' ls; echo rc=$?"));
        QVERIFY2(r.out.count("rc=2") == 3, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("not valid UTF-8"), r.err.constData());
        const QStringList files =
            QDir(workspaceDir(root)).entryList(QDir::Files | QDir::NoDotAndDotDot);
        QVERIFY2(files.isEmpty(), qPrintable(files.join(QLatin1Char(','))));
    }

    // Defect 15: renames racing listings and creations leave no folder that is not a workspace.
    void renameRacingListAndCreateLeavesNoGhost()
    {
        TempRoot root;
        // Workspaces listed before the renamed one widen the window in which a listing that
        // started before a rename reaches its old name.
        for (const char *name : {"m1", "m2", "m3", "m4", "m5", "zz"})
            EXPECT_OK(
                runHawkmoth(root, {QStringLiteral("create-project"), QString::fromLatin1(name),
                                   QStringLiteral("--no-switch")}));
        const QString workspaces = root.dataRoot() + QStringLiteral("/workspaces");
        const QString source = root.file(QStringLiteral("f.txt"));
        writeFile(source, "content");
        QString name = QStringLiteral("zz");
        for (int round = 0; round < 16; ++round) {
            const QString next =
                name == QLatin1String("zz") ? QStringLiteral("zy") : QStringLiteral("zz");
            std::vector<std::unique_ptr<QProcess>> procs;
            auto start = [&](const QStringList &args) {
                procs.push_back(std::make_unique<QProcess>());
                procs.back()->setProcessEnvironment(root.environment());
                procs.back()->start(hawkmothBinary(), args);
            };
            start({QStringLiteral("list-projects")});
            start({QStringLiteral("-w"), name, QStringLiteral("save"), QStringLiteral("f.txt"),
                   QStringLiteral("--from"), source});
            start({QStringLiteral("list-projects"), QStringLiteral("--json")});
            start({QStringLiteral("rename-project"), name, next});
            start({QStringLiteral("list-projects")});
            start({QStringLiteral("create-project"), name, QStringLiteral("--no-switch")});
            start({QStringLiteral("list-projects")});
            for (const auto &p : procs) {
                QVERIFY(p->waitForFinished(60000));
                QVERIFY2(p->exitStatus() == QProcess::NormalExit,
                         p->readAllStandardError().constData());
            }
            // Whatever order they ran in, every folder is a workspace -w can reach.
            const QStringList dirs = QDir(workspaces).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
            for (const QString &d : dirs) {
                auto r = runHawkmoth(root, {QStringLiteral("-w"), d, QStringLiteral("current")});
                QVERIFY2(
                    r.exitCode == 0,
                    qPrintable(
                        QStringLiteral("round %1, folder %2: %3").arg(round).arg(d, r.describe())));
            }
            // One of the two names for the next round.
            if (QDir(workspaces + QLatin1Char('/') + name).exists())
                EXPECT_OK(runHawkmoth(
                    root, {QStringLiteral("delete-project"), name, QStringLiteral("--yes")}));
            if (!QDir(workspaces + QLatin1Char('/') + next).exists())
                EXPECT_OK(runHawkmoth(
                    root, {QStringLiteral("create-project"), next, QStringLiteral("--no-switch")}));
            name = next;
        }
    }

    void leftoverFolderIsCleanedUpOnCreate()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("current")}));
        const QString ghost = workspaceDir(root, QStringLiteral("ghost"));
        QVERIFY(QDir().mkpath(ghost + QStringLiteral("/.hawkmoth")));
        writeFile(ghost + QStringLiteral("/.hawkmoth/index.db"), "");
        writeFile(ghost + QStringLiteral("/.hawkmoth/index.db-wal"), "");
        auto made = runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("ghost"),
                                       QStringLiteral("--no-switch")});
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
        EXPECT_OK(runHawkmoth(
            root, {QStringLiteral("-w"), QStringLiteral("ghost"), QStringLiteral("current")}));
        // A folder holding the user's files is never removed: the error says what is in the way.
        const QString busy = workspaceDir(root, QStringLiteral("busy"));
        QVERIFY(QDir().mkpath(busy));
        writeFile(busy + QStringLiteral("/notes.txt"), "mine");
        auto refused =
            runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("busy")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("not a workspace"), refused.err.constData());
        QCOMPARE(readFile(busy + QStringLiteral("/notes.txt")), QByteArray("mine"));
    }

    // Defect 16.
    void workspaceOptionWithoutNameIsUsageError_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("-w") << QStringList{QStringLiteral("-w")};
        QTest::newRow("--workspace") << QStringList{QStringLiteral("--workspace")};
        QTest::newRow("--workspace=") << QStringList{QStringLiteral("--workspace=")};
    }
    void workspaceOptionWithoutNameIsUsageError()
    {
        QFETCH(QStringList, args);
        TempRoot root;
        auto r = runHawkmoth(root, args, {}, 20000); // before the fix the window started
        QVERIFY2(r.exitCode == 2 && !r.crashed, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("needs a name"), r.err.constData());
    }

    // Small ones.
    void missingCurrentWorkspaceIsSaid()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("current")}));
        const QString settings = root.dataRoot() + QStringLiteral("/settings.json");
        QJsonObject s = QJsonDocument::fromJson(readFile(settings)).object();
        s.insert(QStringLiteral("currentWorkspace"), QStringLiteral("gone"));
        writeFile(settings, QJsonDocument(s).toJson());
        auto r = runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("x.txt")}, "x");
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("gone") && r.err.contains("settings.json") &&
                     r.err.contains("default"),
                 r.err.constData());
    }

    void badSettingsNameFileAndKey_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
        QTest::newRow("negative delay")
            << QByteArray(R"({"autoSyncDelaySeconds": -5})") << "autoSyncDelaySeconds";
        QTest::newRow("future version") << QByteArray(R"({"version": 99})") << "version";
    }
    void badSettingsNameFileAndKey()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("current")}));
        writeFile(root.dataRoot() + QStringLiteral("/settings.json"), content);
        auto r = runHawkmoth(root, {QStringLiteral("current")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(expected.toUtf8()) && r.err.contains("settings.json") &&
                     !r.err.contains("no error occurred"),
                 r.err.constData());
    }

    void controlCharactersInNamesAreEscaped()
    {
        TempRoot root;
        auto r = runShell(root, QStringLiteral("\"$B\" -w $'evil\\x1b[31m' ls"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.err.contains('\x1b'), r.err.constData());
        QVERIFY2(r.err.contains("\\x1b"), r.err.constData());
    }

    void fullDiskSwitchSaysDiskIsFull()
    {
        TempRoot root;
        const QString small = root.file(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(small));
        const QString script =
            QStringLiteral("set -e; mount -t tmpfs -o size=2m tmpfs '%1'; "
                           "export HAWKMOTH_DATA_DIR='%1/data'; B='%2'; "
                           "$B create-project two --no-switch >/dev/null; "
                           "head -c 4000000 /dev/zero > '%1/fill' 2>/dev/null || true; "
                           "if $B switch two 2>'%3'; then echo SWITCHED; fi")
                .arg(small, hawkmothBinary(), root.file(QStringLiteral("err.txt")));
        auto r =
            runProgram(QStringLiteral("unshare"),
                       {QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script},
                       root.path(), root.environment());
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QByteArray err = readFile(root.file(QStringLiteral("err.txt")));
        QVERIFY2(!err.contains("another HAWKMOTH process") &&
                     (err.contains("disk") && err.contains("full")),
                 err.constData());
    }

    void staleTempLeftoversGoAtCleanup()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        const QString tmp = workspaceDir(root) + QStringLiteral("/.hawkmoth/tmp");
        QVERIFY(QDir().mkpath(tmp));
        // What a writer killed mid-write leaves: a temp file named after a process now gone.
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished());
        const QString dead = tmp + QStringLiteral("/.hm-%1-00000000000000aa.part").arg(deadPid);
        // And one a live process (this test) may still be writing.
        const QString live =
            tmp +
            QStringLiteral("/.hm-%1-00000000000000bb.part").arg(QCoreApplication::applicationPid());
        writeFile(dead, "half");
        writeFile(live, "half");
        auto r = runHawkmoth(root, {QStringLiteral("cleanup")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(!QFile::exists(dead), "a leftover of a dead writer survived cleanup");
        QVERIFY(QFile::exists(live));
    }
};

QTEST_GUILESS_MAIN(TestDefectsRegistry)
#include "tst_defects_registry.moc"
