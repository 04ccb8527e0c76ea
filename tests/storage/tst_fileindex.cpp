// FileIndex and the stamp snapshot: rows, folder ranges, totals, and a snapshot that is never
// stale.

#include "FileIndex.h"
#include "SchemaMigrations.h"
#include "StampSnapshot.h"
#include "StampSnapshots.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTest>

using namespace hawkmoth;

namespace {

FileEntry entry(const QString &path, qint64 size = 10, Layer layer = Layer::Git,
                SyncState state = SyncState::Pending)
{
    FileEntry e;
    e.path = path;
    e.size = size;
    e.mtimeNs = 1000;
    e.sha256 = QByteArray(64, 'a');
    e.layer = layer;
    e.state = state;
    return e;
}

QStringList paths(const FileEntries &entries)
{
    QStringList out;
    for (const FileEntry &e : entries)
        out.append(e.path);
    return out;
}

} // namespace

class TestFileIndex : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    std::unique_ptr<SqliteConnection> open()
    {
        auto c = SqliteConnection::open(m_tmp.file(QStringLiteral("index.db")));
        if (!c)
            qFatal("%s", qPrintable(c.error().message));
        return std::move(*c);
    }

private Q_SLOTS:
    void init() { QFile::remove(m_tmp.file(QStringLiteral("index.db"))); }

    void upsertGetRemove()
    {
        auto db = open();
        FileIndex index(*db);
        FileEntry e = entry(QStringLiteral("a.txt"));
        e.remoteId = QStringLiteral("abc");
        QVERIFY(index.upsert(e).ok());
        auto got = index.get(QStringLiteral("a.txt"));
        QVERIFY(got.ok() && got->has_value());
        QCOMPARE(**got, e);
        e.size = 20;
        e.state = SyncState::Synced;
        QVERIFY(index.upsert(e).ok());
        QCOMPARE(index.get(QStringLiteral("a.txt"))->value().size, qint64(20));
        QCOMPARE(*index.count(), qint64(1));
        QVERIFY(index.remove(QStringLiteral("a.txt")).ok());
        QVERIFY(!index.get(QStringLiteral("a.txt"))->has_value());
    }

    void folderRangesAreExactAndCaseSensitive()
    {
        auto db = open();
        FileIndex index(*db);
        for (const char *p : {"src/a.c", "src/sub/b.c", "Src/c.c", "srcx/d.c", "src.txt", "top.md"})
            QVERIFY(index.upsert(entry(QString::fromLatin1(p))).ok());
        QCOMPARE(paths(*index.list(QStringLiteral("src"), true)),
                 (QStringList{QStringLiteral("src/a.c"), QStringLiteral("src/sub/b.c")}));
        QCOMPARE(paths(*index.list(QStringLiteral("src"), false)),
                 QStringList{QStringLiteral("src/a.c")});
        QCOMPARE(paths(*index.list(QString(), false)).size(), 2); // src.txt, top.md
        auto removed = index.removeTree(QStringLiteral("src"));
        QVERIFY(removed.ok());
        QCOMPARE(removed->size(), 2);
        QCOMPARE(*index.count(), qint64(4));
    }

    void totalsPerLayer()
    {
        auto db = open();
        FileIndex index(*db);
        QVERIFY(index
                    .upsertMany({entry(QStringLiteral("a"), 5, Layer::Git),
                                 entry(QStringLiteral("b"), 7, Layer::Git),
                                 entry(QStringLiteral("c"), 100, Layer::Hub)})
                    .ok());
        auto t = index.totals();
        QVERIFY(t.ok());
        QCOMPARE(t->value(Layer::Git).files, qint64(2));
        QCOMPARE(t->value(Layer::Git).bytes, qint64(12));
        QCOMPARE(t->value(Layer::Hub).bytes, qint64(100));
        QCOMPARE(t->value(Layer::Session).files, qint64(0));
    }

    // The rows of one layer and state are read through files_by_layer_state (schema 8), the
    // totals and the hub rows' hashes from an index alone; the migration can run again, and a
    // database of schema 7 gets both indexes.
    void rowsByLayerAndStateComeFromAnIndex()
    {
        const auto plan = [](SqliteConnection &db, const QString &sql) {
            QSqlQuery q = db.query();
            if (!q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
                qFatal("%s", qPrintable(sql));
            QStringList steps;
            while (q.next())
                steps.append(q.value(3).toString());
            return steps.join(QLatin1Char('\n'));
        };
        const QString totals = QStringLiteral("SELECT layer, state, COUNT(*), COALESCE(SUM(size), "
                                              "0) FROM files GROUP BY layer, state");
        const QString byLayer = QStringLiteral(
            "SELECT path FROM files WHERE layer = 'git' AND state IN ('pending', 'error') "
            "ORDER BY path");
        {
            auto db = open();
            QVERIFY(
                plan(*db, totals).contains(QLatin1String("COVERING INDEX files_by_layer_state")));
            QVERIFY(plan(*db, byLayer).contains(QLatin1String("INDEX files_by_layer_state")));
            // Idempotent: migration 8 runs again without error or change.
            for (const QString &sql :
                 QString::fromUtf8(schemaMigrations()[7]).split(QLatin1Char(';'))) {
                if (!sql.trimmed().isEmpty())
                    QVERIFY(db->exec(sql).ok());
            }
            QVERIFY(db->exec(QStringLiteral("DROP INDEX files_by_layer_state")).ok());
            QVERIFY(db->exec(QStringLiteral("DROP INDEX files_in_hub")).ok());
            for (const char *sql :
                 {"DROP TRIGGER layer_totals_replacing", "DROP TRIGGER layer_totals_inserted",
                  "DROP TRIGGER layer_totals_deleted", "DROP TRIGGER layer_totals_updated",
                  "DROP TABLE layer_totals"})
                QVERIFY(db->exec(QString::fromLatin1(sql)).ok());
            QVERIFY(db->exec(QStringLiteral("PRAGMA user_version=7")).ok());
        }
        auto db = open();
        QSqlQuery version = db->query();
        QVERIFY(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
        QCOMPARE(version.value(0).toInt(), int(schemaMigrations().size()));
        QVERIFY(plan(*db, byLayer).contains(QLatin1String("INDEX files_by_layer_state")));
        FileIndex index(*db);
        QVERIFY(index
                    .upsertMany({entry(QStringLiteral("z"), 1, Layer::Git, SyncState::Pending),
                                 entry(QStringLiteral("y"), 2, Layer::Git, SyncState::Synced),
                                 entry(QStringLiteral("x"), 4, Layer::Hub, SyncState::Pending),
                                 entry(QStringLiteral("a"), 8, Layer::Git, SyncState::Conflict)})
                    .ok());
        QCOMPARE(paths(*index.awaitingSync(Layer::Git)),
                 (QStringList{QStringLiteral("a"), QStringLiteral("z")}));
        QCOMPARE(paths(*index.inLayer(Layer::Hub)), QStringList{QStringLiteral("x")});
        auto hub = index.hubSummaries();
        QVERIFY(hub.ok());
        QCOMPARE(hub->size(), 1);
        QCOMPARE(hub->first().path, QStringLiteral("x"));
        QCOMPARE(hub->first().size, qint64(4));
        QCOMPARE(hub->first().sha256, QByteArray(64, 'a'));
        QCOMPARE(hub->first().state, SyncState::Pending);
        QVERIFY(plan(*db, QStringLiteral("SELECT path, size, sha256, state FROM files WHERE "
                                         "layer = 'hub'"))
                    .contains(QLatin1String("COVERING INDEX files_in_hub")));
        QCOMPARE(index.totals()->value(Layer::Git).bytes, qint64(11));
    }

    void stampSnapshotFollowsEveryWrite()
    {
        auto db = open();
        FileIndex index(*db);
        QVERIFY(
            index.upsertMany({entry(QStringLiteral("a"), 1), entry(QStringLiteral("b"), 2)}).ok());
        bool fromFile = true;
        auto fresh = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(fresh.ok());
        QVERIFY(!fromFile);
        QVERIFY(StampSnapshots(*db).refresh().ok());
        auto hit = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(fromFile);
        QCOMPARE(hit->count(), 2);
        QCOMPARE(hit->stamp(hit->find("b")).size, qint64(2));
        QCOMPARE(hit->find("c"), -1);
        // A hint only saves the probing: right, wrong or out of range, the answer is the same.
        const int b = hit->find("b");
        for (int hint : {b, 1 - b, -1, 2, 99})
            QCOMPARE(hit->find("b", hint), b);
        QCOMPARE(hit->find("c", 0), -1);
        QCOMPARE(hit->find("c", 2), -1);

        // A write that leaves every stamp as it was keeps the snapshot file: a commit marking files
        // synced, an error message.
        QVERIFY(
            index.settle({{QStringLiteral("a"), QStringLiteral("blob")}}, SyncState::Synced).ok());
        QVERIFY(index.setState(QStringLiteral("b"), SyncState::Error, QStringLiteral("x")).ok());
        QVERIFY(StampSnapshots(*db).read({}, &fromFile).ok());
        QVERIFY(fromFile);
        QCOMPARE(index.get(QStringLiteral("a"))->value().remoteId, QStringLiteral("blob"));
        // Every write that changes a stamp makes it stale: insert, size, becoming remote-only,
        // delete.
        QVERIFY(index.upsert(entry(QStringLiteral("c"), 3)).ok());
        QVERIFY(StampSnapshots(*db).read({}, &fromFile).ok());
        QVERIFY(!fromFile);
        QVERIFY(StampSnapshots(*db).refresh().ok());
        QVERIFY(index.touch(QStringLiteral("c"), 30, 30).ok());
        QVERIFY(StampSnapshots(*db).read({}, &fromFile).ok());
        QVERIFY(!fromFile);
        QVERIFY(StampSnapshots(*db).refresh().ok());
        QVERIFY(index.setState(QStringLiteral("a"), SyncState::RemoteOnly).ok());
        auto remote = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(!fromFile);
        QVERIFY(remote->stamp(remote->find("a")).remoteOnly);
        QVERIFY(StampSnapshots(*db).refresh().ok());
        QVERIFY(index.remove(QStringLiteral("c")).ok());
        QVERIFY(index.remove(QStringLiteral("b")).ok());
        auto afterDelete = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(!fromFile);
        QCOMPARE(afterDelete->count(), 1);
        // A second connection (another process) sees the same generation.
        QVERIFY(StampSnapshots(*db).refresh().ok());
        auto other = open();
        QVERIFY(StampSnapshots(*other).read({}, &fromFile).ok());
        QVERIFY(fromFile);
    }

    void patchedStampSnapshotMatchesAFullRebuild()
    {
        auto db = open();
        FileIndex index(*db);
        FileEntries rows;
        for (int i = 0; i < 300; ++i)
            rows.append(entry(QStringLiteral("d%1/f%2").arg(i % 7).arg(i), i));
        QVERIFY(index.upsertMany(rows).ok());
        QVERIFY(StampSnapshots(*db).refresh().ok());
        qint64 readAt = -1;
        bool fromFile = false;
        auto before = StampSnapshots(*db).read({}, &fromFile, &readAt);
        QVERIFY(fromFile);
        QCOMPARE(readAt, *StampSnapshots(*db).generation());

        auto tx = Transaction::begin(*db);
        QVERIFY(tx.ok());
        QSet<QByteArray> written;
        for (int i = 0; i < 300; i += 10) { // changed, touched, removed, added
            const QString path = rows[i].path;
            written.insert(path.toUtf8());
            if (i % 30 == 0)
                QVERIFY(index.upsert(entry(path, 1000 + i, Layer::Hub)).ok());
            else if (i % 30 == 10)
                QVERIFY(index.touch(path, i, 5000 + i).ok());
            else
                QVERIFY(index.remove(path).ok());
        }
        QVERIFY(index.upsert(entry(QStringLiteral("new/file"), 77)).ok());
        written.insert("new/file");
        written.insert("never/there"); // written and gone again: no record
        auto table = StampSnapshots(*db).patch(*before, written);
        QVERIFY(table.ok());
        auto key = StampSnapshots(*db).claim();
        QVERIFY(key.ok());
        QVERIFY((*tx)->commit().ok());
        QVERIFY(StampSnapshots(*db).store(*table, *key).ok());

        auto patched = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(fromFile);
        QVERIFY(StampSnapshots(*db).refresh().ok());
        auto full = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(fromFile);
        QCOMPARE(patched->count(), 300 - 10 + 1);
        QCOMPARE(patched->count(), full->count());
        for (int r = 0; r < full->count(); ++r) {
            const int p = patched->find(full->path(r));
            QVERIFY2(p >= 0, full->path(r).toByteArray().constData());
            const IndexStamp a = patched->stamp(p), b = full->stamp(r);
            QCOMPARE(a.size, b.size);
            QCOMPARE(a.mtimeNs, b.mtimeNs);
            QCOMPARE(a.indexedNs, b.indexedNs);
            QCOMPARE(a.layer, b.layer);
            QCOMPARE(a.remoteOnly, b.remoteOnly);
        }
        QCOMPARE(before->find("d6/f20") >= 0, true);
        QCOMPARE(patched->find("d6/f20"), -1);
        QCOMPARE(patched->stamp(patched->find("d0/f0")).layer, Layer::Hub);
        QCOMPARE(patched->stamp(patched->find("d3/f10")).mtimeNs, qint64(5010));

        // Most of the table written (a first index): read whole instead, with the same result.
        auto before2 = StampSnapshots(*db).read({});
        auto tx2 = Transaction::begin(*db);
        QVERIFY(tx2.ok());
        FileEntries many;
        QSet<QByteArray> written2;
        for (int i = 0; i < 3000; ++i) {
            many.append(entry(QStringLiteral("bulk/%1").arg(i), i));
            written2.insert(many.last().path.toUtf8());
        }
        QVERIFY(index.upsertMany(many).ok());
        auto bulk = StampSnapshots(*db).patch(*before2, written2);
        QVERIFY((*tx2)->commit().ok());
        QCOMPARE(bulk->count(), full->count() + 3000);
        QCOMPARE(bulk->stamp(bulk->find("bulk/2999")).size, qint64(2999));
        QVERIFY(bulk->find("d0/f0") >= 0);
    }

    void stampSnapshotFileServesOnlyTheStateItWasClaimedFor()
    {
        auto db = open();
        FileIndex index(*db);
        QVERIFY(
            index.upsertMany({entry(QStringLiteral("a"), 1), entry(QStringLiteral("b"), 2)}).ok());
        QVERIFY(StampSnapshots(*db).refresh().ok());
        bool fromFile = false;
        QVERIFY(StampSnapshots(*db).read({}, &fromFile).ok());
        QVERIFY(fromFile);

        // A transaction that rolled back: its claim is gone, so the file written for it is not
        // taken, although the generation is back where it was.
        const qint64 generation = *StampSnapshots(*db).generation();
        {
            auto tx = Transaction::begin(*db);
            QVERIFY(tx.ok());
            QVERIFY(index.upsert(entry(QStringLiteral("c"), 3)).ok());
            auto before = StampSnapshots(*db).read({});
            auto table = StampSnapshots(*db).patch(*before, {"c"});
            auto key = StampSnapshots(*db).claim();
            QVERIFY(key.ok());
            QVERIFY(StampSnapshots(*db).store(*table, *key).ok());
        }
        QCOMPARE(*StampSnapshots(*db).generation(), generation);
        auto afterRollback = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(!fromFile);
        QCOMPARE(afterRollback->find("c"), -1);
        QCOMPARE(afterRollback->count(), 2);

        // A damaged file is refused and the rows answer instead.
        QVERIFY(StampSnapshots(*db).refresh().ok());
        QFile file(m_tmp.file(QStringLiteral("index.db.stamps")));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        QVERIFY(bytes.size() > 200);
        bytes[bytes.size() - 40] = char(bytes[bytes.size() - 40] ^ 0x55);
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
        auto fromRows = StampSnapshots(*db).read({}, &fromFile);
        QVERIFY(!fromFile);
        QCOMPARE(fromRows->stamp(fromRows->find("b")).size, qint64(2));

        // A new index beside an old snapshot file does not take it.
        QVERIFY(StampSnapshots(*db).refresh().ok());
        db.reset();
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(m_tmp.file(QStringLiteral("index.db") + QLatin1String(suffix)));
        QVERIFY(QFile::exists(m_tmp.file(QStringLiteral("index.db.stamps"))));
        auto fresh = open();
        FileIndex other(*fresh);
        QVERIFY(other.upsertMany({entry(QStringLiteral("a"), 1)}).ok());
        auto mine = StampSnapshots(*fresh).read({}, &fromFile);
        QVERIFY(!fromFile);
        QCOMPARE(mine->count(), 1);
    }

    // A writer that keeps the WAL between its transactions (an import's batches) still empties
    // it above SqliteConnection::keptWalBytes: a WAL that grows with the workspace makes every
    // read search it (1.4 GB a quarter of the way into an import of 1,000,000 files).
    void keptWalIsEmptiedAboveItsBound()
    {
        const QString wal = m_tmp.file(QStringLiteral("index.db-wal"));
        // Another connection stays open, as during an import: the last connection's close would
        // otherwise checkpoint and remove the WAL whatever this one does.
        auto other = open();
        QVERIFY(other->exec(QStringLiteral("CREATE TABLE filler(b BLOB)")).ok());
        const auto fill = [](qint64 mib) {
            return QStringLiteral(
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                       "WHERE i < %1) INSERT INTO filler SELECT zeroblob(1048576) FROM n")
                .arg(mib);
        };
        {
            auto batch = open();
            batch->keepWalOnClose();
            QVERIFY(batch->exec(fill(8)).ok());
        }
        QVERIFY(QFileInfo(wal).size() > 8 * 1024 * 1024); // below the bound: kept
        {
            auto batch = open();
            batch->keepWalOnClose();
            QVERIFY(batch->exec(fill(SqliteConnection::keptWalBytes / (1024 * 1024) + 8)).ok());
        }
        QCOMPARE(QFileInfo(wal).size(), qint64(0));
        QSqlQuery count = other->query();
        QVERIFY(count.exec(QStringLiteral("SELECT count(*) FROM filler")) && count.next());
        QCOMPARE(count.value(0).toLongLong(), SqliteConnection::keptWalBytes / (1024 * 1024) + 16);
    }

    void stampTableLookupsAndDamage()
    {
        QList<QByteArray> paths;
        StampSnapshot::Builder builder;
        for (int i = 0; i < 5000; ++i) {
            paths.append(QStringLiteral("dir%1/file%2.txt").arg(i % 37).arg(i).toUtf8());
            builder.add(paths.last(),
                        {i, i * 10LL, i * 100LL, i % 7 == 0, i % 2 ? Layer::Hub : Layer::Git});
        }
        const StampSnapshot table = builder.build();
        QCOMPARE(table.count(), 5000);
        for (int i = 0; i < 5000; i += 97) {
            const int r = table.find(paths[i]);
            QVERIFY(r >= 0);
            QCOMPARE(table.path(r), QByteArrayView(paths[i]));
            QCOMPARE(table.stamp(r).mtimeNs, i * 10LL);
            QCOMPARE(table.stamp(r).remoteOnly, i % 7 == 0);
            QCOMPARE(table.stamp(r).layer, i % 2 ? Layer::Hub : Layer::Git);
        }
        QCOMPARE(table.find("dir1/file1.tx"), -1);
        QVERIFY(StampSnapshot::fromBlob(table.blob()).has_value());
        QVERIFY(!StampSnapshot::fromBlob(table.blob().left(100)).has_value());
        QVERIFY(!StampSnapshot::fromBlob(QByteArray("junk")).has_value());
        // One changed byte in a record, as a torn write would leave it.
        QByteArray damaged = table.blob();
        damaged[damaged.size() - table.pathBytes() - 30] ^= 0x20;
        QVERIFY(!StampSnapshot::fromBlob(damaged).has_value());
        QCOMPARE(StampSnapshot::Builder().build().find("x"), -1);
    }

    void metaValues()
    {
        auto db = open();
        FileIndex index(*db);
        QCOMPARE(*index.meta(QStringLiteral("k")), QString());
        QVERIFY(index.setMeta(QStringLiteral("k"), QStringLiteral("v")).ok());
        QCOMPARE(*index.meta(QStringLiteral("k")), QStringLiteral("v"));
    }

    void transactionRollsBackUncommitted()
    {
        auto db = open();
        {
            auto tx = Transaction::begin(*db);
            QVERIFY(tx.ok());
            QVERIFY(FileIndex(*db).upsert(entry(QStringLiteral("gone"))).ok());
        } // destroyed without commit
        QVERIFY(!FileIndex(*db).get(QStringLiteral("gone"))->has_value());
    }

    void newerSchemaIsRefused()
    {
        {
            auto db = open();
            QVERIFY(db->exec(QStringLiteral("PRAGMA user_version=99")).ok());
        }
        auto again = SqliteConnection::open(m_tmp.file(QStringLiteral("index.db")));
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.contains(QLatin1String("newer HAWKMOTH")));
    }
};

QTEST_GUILESS_MAIN(TestFileIndex)
#include "tst_fileindex.moc"
