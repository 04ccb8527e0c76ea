// Opening a workspace index while other processes create, set aside or rebuild it at the same time
// (the races behind "database is locked" when several commands find a damaged index at once).

#include "FileLock.h"
#include "IndexRepair.h"
#include "SqliteConnection.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sqlite3.h>

#include <memory>
#include <thread>

using namespace hawkmoth;

namespace {

// How long the other party keeps the index busy: long enough that an open that does not wait
// for it is over before it ends.
constexpr int holdMs = 300;

std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> rawOpen(const QString &file)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(QFile::encodeName(file).constData(), &db,
                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    return {db, &sqlite3_close_v2};
}

qint64 markerRows(SqliteConnection &db)
{
    QSqlQuery q = db.query();
    if (!q.exec(QStringLiteral("SELECT count(*) FROM marker")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace

class TestIndexOpenRace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Another process creating the same new index holds its write lock while this one switches
    // the file to WAL: SQLite reports that upgrade busy without calling the busy handler.
    void newIndexSwitchedToWalWhileAnotherWrites()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("index.db"));
        auto other = rawOpen(file);
        QCOMPARE(sqlite3_exec(other.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        std::thread release([&] {
            QThread::msleep(holdMs);
            sqlite3_exec(other.get(), "COMMIT", nullptr, nullptr, nullptr);
        });
        auto db = SqliteConnection::open(file, 10000);
        release.join();
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        QSqlQuery q = (*db)->query();
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    }

    // While another process has the index set aside for its rebuild, opening waits and then gets
    // the rebuilt index, instead of creating an empty one under its feet.
    void openWaitsForARepairInProgress()
    {
        QTemporaryDir dir;
        const Workspace ws(QStringLiteral("w"), dir.path());
        {
            auto db = ws.connect();
            QVERIFY(db);
            QVERIFY((*db)->exec(QStringLiteral("CREATE TABLE marker(x)")).ok());
            QVERIFY((*db)->exec(QStringLiteral("INSERT INTO marker VALUES (1)")).ok());
        }
        const QString aside = ws.indexFile() + QStringLiteral(".rebuilding");
        auto repair = FileLock::acquire(ws.metaDir() + QStringLiteral("/index-repair.lock"), 0);
        QVERIFY(repair);
        for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QString()})
            QVERIFY(!QFile::exists(ws.indexFile() + suffix) ||
                    QFile::rename(ws.indexFile() + suffix, aside + suffix));
        std::thread finish([&] {
            QThread::msleep(holdMs);
            for (const QString &suffix :
                 {QStringLiteral("-wal"), QStringLiteral("-shm"), QString()})
                QFile::rename(aside + suffix, ws.indexFile() + suffix);
            repair->reset();
        });
        auto db = ws.connect();
        finish.join();
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        QCOMPARE(markerRows(**db), qint64(1));
    }

    // A process whose open failed on the damaged file just before another set it aside and
    // rebuilt it opens the rebuilt index instead of failing with the old file's error.
    void recoverOpensAnIndexRepairedMeanwhile()
    {
        QTemporaryDir dir;
        const Workspace ws(QStringLiteral("w"), dir.path());
        {
            auto db = ws.connect();
            QVERIFY(db);
        }
        auto db = IndexRepair(ws).recover(Error::internal(QStringLiteral("file is not a database")),
                                          1000);
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        QDir meta(ws.metaDir());
        QCOMPARE(meta.entryList({QStringLiteral("index.db.damaged-*")}, QDir::Files).size(), 0);
    }

    // A rebuild that failed half-way leaves an index that must not be trusted (a Hub sync would
    // read its missing rows as deletions): the next open sets it aside and rebuilds again.
    void unfinishedRebuildIsRedoneAtTheNextOpen()
    {
        QTemporaryDir dir;
        Workspace ws(QStringLiteral("w"), dir.path());
        QVERIFY(ws.connect());
        int calls = 0;
        ws.setIndexRebuilder(std::make_shared<const IndexRebuilder>(
            [&calls](const Workspace &, const QString &, const QString &) {
                return ++calls == 1 ? Status(Error::io(QStringLiteral("git is unreachable")))
                                    : Status();
            }));
        auto failed = IndexRepair(ws).rebuild();
        QVERIFY(!failed);
        QVERIFY(failed.error().message.contains(QLatin1String("git is unreachable")));
        QCOMPARE(calls, 1);
        auto reopened = ws.connect();
        QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().message));
        QCOMPARE(calls, 2);
        QDir meta(ws.metaDir());
        QCOMPARE(meta.entryList({QStringLiteral("index.db.incomplete-*Z")}, QDir::Files).size(), 1);
        QCOMPARE(meta.entryList({QStringLiteral("*.rebuild-unfinished")}, QDir::Files).size(), 0);
        reopened->reset();
        QVERIFY(ws.connect());
        QCOMPARE(calls, 2);
        // Another workspace value of the same folder without the rebuilder does not call it.
        const Workspace plain(QStringLiteral("w"), dir.path());
        QVERIFY(IndexRepair(plain).rebuild());
        QCOMPARE(calls, 2);
    }
};

QTEST_GUILESS_MAIN(TestIndexOpenRace)
#include "tst_index_open_race.moc"
