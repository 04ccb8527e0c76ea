// FileIndex and the stamp cache: rows, folder ranges, totals, and a cache that is never stale.

#include "FileIndex.h"
#include "StampTable.h"
#include "TestSupport.h"

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

    void stampCacheFollowsEveryWrite()
    {
        auto db = open();
        FileIndex index(*db);
        QVERIFY(
            index.upsertMany({entry(QStringLiteral("a"), 1), entry(QStringLiteral("b"), 2)}).ok());
        bool cached = true;
        auto fresh = index.stamps({}, &cached);
        QVERIFY(fresh.ok());
        QVERIFY(!cached);
        QVERIFY(index.refreshStampCache().ok());
        auto hit = index.stamps({}, &cached);
        QVERIFY(cached);
        QCOMPARE(hit->count(), 2);
        QCOMPARE(hit->stamp(hit->find("b")).size, qint64(2));
        QCOMPARE(hit->find("c"), -1);

        // Every kind of write makes the cache stale: insert, update, delete.
        QVERIFY(index.setState(QStringLiteral("a"), SyncState::Synced).ok());
        QVERIFY(index.stamps({}, &cached).ok());
        QVERIFY(!cached);
        QVERIFY(index.refreshStampCache().ok());
        QVERIFY(index.remove(QStringLiteral("b")).ok());
        auto afterDelete = index.stamps({}, &cached);
        QVERIFY(!cached);
        QCOMPARE(afterDelete->count(), 1);
        // A second connection (another process) sees the same generation.
        QVERIFY(index.refreshStampCache().ok());
        auto other = open();
        FileIndex second(*other);
        QVERIFY(second.stamps({}, &cached).ok());
        QVERIFY(cached);
    }

    void stampTableLookupsAndDamage()
    {
        std::vector<StampTable::Row> rows;
        for (int i = 0; i < 5000; ++i)
            rows.push_back({QStringLiteral("dir%1/file%2.txt").arg(i % 37).arg(i).toUtf8(),
                            {i, i * 10LL, i * 100LL, i % 7 == 0, i % 2 ? Layer::Hub : Layer::Git}});
        const StampTable table = StampTable::fromRows(rows);
        QCOMPARE(table.count(), 5000);
        for (int i = 0; i < 5000; i += 97) {
            const int r = table.find(rows[size_t(i)].path);
            QVERIFY(r >= 0);
            QCOMPARE(table.path(r), QByteArrayView(rows[size_t(i)].path));
            QCOMPARE(table.stamp(r).mtimeNs, i * 10LL);
            QCOMPARE(table.stamp(r).remoteOnly, i % 7 == 0);
            QCOMPARE(table.stamp(r).layer, i % 2 ? Layer::Hub : Layer::Git);
        }
        QCOMPARE(table.find("dir1/file1.tx"), -1);
        QVERIFY(StampTable::fromBlob(table.blob()).has_value());
        QVERIFY(!StampTable::fromBlob(table.blob().left(100)).has_value());
        QVERIFY(!StampTable::fromBlob(QByteArray("junk")).has_value());
        QCOMPARE(StampTable::fromRows({}).find("x"), -1);
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
