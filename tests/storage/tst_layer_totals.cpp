// A workspace's totals per layer: kept by triggers through every kind of write, equal to a count
// of the rows, and still right when a reader opens an index that no writer has upgraded yet.

#include "FileIndex.h"
#include "SchemaMigrations.h"
#include "StorageFixture.h"

#include <QFile>
#include <QTest>

using namespace hawkmoth;

namespace {

FileEntry entry(const QString &path, Layer layer, qint64 size)
{
    FileEntry e;
    e.path = path;
    e.size = size;
    e.mtimeNs = 1000;
    e.sha256 = QByteArray(64, 'a');
    e.layer = layer;
    e.state = SyncState::Pending;
    return e;
}

// What totals() must say: every row counted.
QHash<Layer, LayerTotals> counted(FileIndex &index)
{
    QHash<Layer, LayerTotals> out;
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session})
        out.insert(l, {});
    const auto rows = index.all();
    for (const FileEntry &e : rows.value()) {
        out[e.layer].files += 1;
        out[e.layer].bytes += e.size;
    }
    return out;
}

bool sameTotals(const QHash<Layer, LayerTotals> &a, const QHash<Layer, LayerTotals> &b)
{
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session}) {
        if (a.value(l).files != b.value(l).files || a.value(l).bytes != b.value(l).bytes)
            return false;
    }
    return true;
}

const char *const schema9[] = {
    "DROP TRIGGER layer_totals_replacing",
    "DROP TRIGGER layer_totals_inserted",
    "DROP TRIGGER layer_totals_deleted",
    "DROP TRIGGER layer_totals_updated",
    "DROP TABLE layer_totals",
    "PRAGMA user_version=8",
};

} // namespace

class TestLayerTotals : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    QString dbFile() const { return m_tmp.file(QStringLiteral("index.db")); }
    std::unique_ptr<SqliteConnection>
    open(SqliteConnection::Access access = SqliteConnection::Access::ReadWrite)
    {
        auto c = SqliteConnection::open(dbFile(), SqliteConnection::defaultBusyTimeoutMs, access);
        if (!c)
            qFatal("%s", qPrintable(c.error().message));
        return std::move(*c);
    }
    static void fill(FileIndex &index)
    {
        QVERIFY(index
                    .upsertMany({entry(QStringLiteral("a.py"), Layer::Git, 10),
                                 entry(QStringLiteral("d/b.py"), Layer::Git, 20),
                                 entry(QStringLiteral("d/big.bin"), Layer::Hub, 3000),
                                 entry(QStringLiteral("d/e/c.bin"), Layer::Hub, 4000),
                                 entry(QStringLiteral("tmp/s.log"), Layer::Session, 5)})
                    .ok());
    }

private Q_SLOTS:
    void init()
    {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(dbFile() + suffix);
    }

    void totalsFollowEveryWrite()
    {
        auto db = open();
        FileIndex index(*db);
        auto check = [&index] {
            auto totals = index.totals();
            return totals.ok() && sameTotals(*totals, counted(index));
        };
        QVERIFY(check()); // empty
        fill(index);
        QVERIFY(check());
        QCOMPARE(index.totals()->value(Layer::Hub).files, qint64(2));
        QCOMPARE(index.totals()->value(Layer::Hub).bytes, qint64(7000));
        // Replaced in place (INSERT OR REPLACE) with another layer and size: a pin, a move.
        QVERIFY(index.upsert(entry(QStringLiteral("d/b.py"), Layer::Hub, 2000)).ok());
        QVERIFY(check());
        QCOMPARE(index.totals()->value(Layer::Git).files, qint64(1));
        // Replaced with the same layer, new size: a save.
        QVERIFY(index.upsert(entry(QStringLiteral("a.py"), Layer::Git, 11)).ok());
        QVERIFY(check());
        QVERIFY(index.touch(QStringLiteral("tmp/s.log"), 50, 2000).ok());
        QVERIFY(check());
        QVERIFY(index.setState(QStringLiteral("a.py"), SyncState::Synced).ok());
        QVERIFY(check());
        QVERIFY(index.remove(QStringLiteral("a.py")).ok());
        QVERIFY(check());
        QCOMPARE(index.totals()->value(Layer::Git).files, qint64(0));
        QVERIFY(index.removeTree(QStringLiteral("d")).ok());
        QVERIFY(check());
        QCOMPARE(index.totals()->value(Layer::Hub).files, qint64(0));
        QCOMPARE(index.totals()->value(Layer::Hub).bytes, qint64(0));
        {
            auto tx = Transaction::begin(*db);
            QVERIFY(index.upsert(entry(QStringLiteral("n.bin"), Layer::Hub, 7)).ok());
            // rolled back with the transaction: the totals go back with the rows
        }
        QVERIFY(check());
        QCOMPARE(index.totals()->value(Layer::Session).files, qint64(1));
    }

    void totalsAreReadWithoutCountingRows()
    {
        auto db = open();
        FileIndex index(*db);
        fill(index);
        // The rows are changed behind the triggers' back: totals() must not have counted them.
        QVERIFY(db->exec(QStringLiteral("UPDATE layer_totals SET files = 99 WHERE layer = 'git'"))
                    .ok());
        QCOMPARE(index.totals()->value(Layer::Git).files, qint64(99));
    }

    void readerOfAnOlderIndexCountsTheRows()
    {
        {
            auto db = open();
            FileIndex index(*db);
            fill(index);
            for (const char *sql : schema9)
                QVERIFY(db->exec(QString::fromLatin1(sql)).ok());
            // Written by a HAWKMOTH of schema 8: no trigger counts it.
            QVERIFY(index.upsert(entry(QStringLiteral("old.bin"), Layer::Hub, 100)).ok());
        }
        {
            // A reader does not upgrade the index; it counts the rows.
            auto reader = open(SqliteConnection::Access::ReadOnly);
            QCOMPARE(reader->schemaVersion().valueOr(0), 8);
            FileIndex index(*reader);
            QVERIFY(sameTotals(*index.totals(), counted(index)));
            QCOMPARE(index.totals()->value(Layer::Hub).files, qint64(3));
        }
        // The next writer upgrades it: the table starts from the rows, the triggers keep it.
        auto db = open();
        QCOMPARE(db->schemaVersion().valueOr(0), int(schemaMigrations().size()));
        FileIndex index(*db);
        QVERIFY(sameTotals(*index.totals(), counted(index)));
        QVERIFY(index.remove(QStringLiteral("old.bin")).ok());
        QVERIFY(sameTotals(*index.totals(), counted(index)));
        QCOMPARE(index.totals()->value(Layer::Hub).files, qint64(2));
    }
};

QTEST_GUILESS_MAIN(TestLayerTotals)
#include "tst_layer_totals.moc"
