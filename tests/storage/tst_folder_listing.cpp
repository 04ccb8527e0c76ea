// Listing one folder: exactly its direct entries, folder totals that follow every write, a cost
// that does not grow with the rest of the workspace, and the migration of an index of schema 4.

#include "FileIndex.h"
#include "FileStore.h"
#include "Rescanner.h"
#include "SchemaMigrations.h"
#include "StorageFixture.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>

using namespace hawkmoth;

namespace {

FileEntry entry(const QString &path, qint64 size)
{
    FileEntry e;
    e.path = path;
    e.size = size;
    e.mtimeNs = 1000;
    e.sha256 = QByteArray(64, 'a');
    e.layer = Layer::Git;
    e.state = SyncState::Pending;
    return e;
}

QStringList paths(const FileEntries &entries)
{
    QStringList out;
    for (const FileEntry &e : entries)
        out.append(e.path);
    return out;
}

QList<FolderEntry> sorted(QList<FolderEntry> folders)
{
    std::sort(folders.begin(), folders.end(),
              [](const FolderEntry &a, const FolderEntry &b) { return a.path < b.path; });
    return folders;
}

// The direct subfolders of dir with their totals, counted from every row: what folder() must say.
QList<FolderEntry> expectedFolders(FileIndex &index, const QString &dir)
{
    const QString prefix = dir.isEmpty() ? QString() : dir + QLatin1Char('/');
    QMap<QString, FolderEntry> out;
    const auto all = index.all();
    for (const FileEntry &e : *all) {
        if (!e.path.startsWith(prefix))
            continue;
        const qsizetype slash = e.path.indexOf(QLatin1Char('/'), prefix.size());
        if (slash < 0)
            continue;
        FolderEntry &f = out[e.path.left(slash)];
        f.path = e.path.left(slash);
        f.files += 1;
        f.bytes += e.size;
    }
    return out.values();
}

const QStringList layout = {
    QStringLiteral("root.txt"),  QStringLiteral("a/x.txt"),      QStringLiteral("a/y.bin"),
    QStringLiteral("a/b/z.txt"), QStringLiteral("a/b/c/w.txt"),  QStringLiteral("a-x/q.txt"),
    QStringLiteral("ab/r.txt"),  QStringLiteral("z/deep/v.txt"),
};

} // namespace

class TestFolderListing : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    QString dbFile() const { return m_tmp.file(QStringLiteral("index.db")); }
    std::unique_ptr<SqliteConnection> open()
    {
        auto c = SqliteConnection::open(dbFile());
        if (!c)
            qFatal("%s", qPrintable(c.error().message));
        return std::move(*c);
    }
    static void fill(FileIndex &index)
    {
        FileEntries rows;
        qint64 size = 10;
        for (const QString &p : layout)
            rows.append(entry(p, size++));
        QVERIFY(index.upsertMany(rows).ok());
    }

private Q_SLOTS:
    void init()
    {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(dbFile() + suffix);
    }

    void oneFolderHoldsExactlyItsDirectEntries()
    {
        auto db = open();
        FileIndex index(*db);
        fill(index);

        auto a = index.folder(QStringLiteral("a"));
        QVERIFY(a.ok());
        QCOMPARE(paths(a->files),
                 (QStringList{QStringLiteral("a/x.txt"), QStringLiteral("a/y.bin")}));
        QCOMPARE(a->folders, (QList<FolderEntry>{{QStringLiteral("a/b"), 2, 13 + 14}}));

        auto root = index.folder({});
        QVERIFY(root.ok());
        QCOMPARE(paths(root->files), QStringList{QStringLiteral("root.txt")});
        // "a-x" sorts before "a/" as bytes and "ab" after: neither is mistaken for a's rows.
        QCOMPARE(sorted(root->folders), expectedFolders(index, {}));
        QCOMPARE(root->folders.size(), 4);

        auto leaf = index.folder(QStringLiteral("a/b/c"));
        QCOMPARE(paths(leaf->files), QStringList{QStringLiteral("a/b/c/w.txt")});
        QVERIFY(leaf->folders.isEmpty());
        auto missing = index.folder(QStringLiteral("nowhere"));
        QVERIFY(missing->files.isEmpty() && missing->folders.isEmpty());
        // The non-recursive list goes the same way.
        QCOMPARE(paths(*index.list(QStringLiteral("a"), false)), paths(a->files));
    }

    // The filter box's search: names anywhere in the workspace, a matching folder once (not
    // each file in it), wildcards, no case, and a limit.
    void findNamesSearchesEveryFolder()
    {
        auto db = open();
        FileIndex index(*db);
        fill(index);
        const auto find = [&](const char *text, int limit = 100) {
            auto found = index.findNames(NameFilter(QString::fromLatin1(text)), limit);
            return found ? *found : QStringList{QStringLiteral("error: ") + found.error().message};
        };
        QCOMPARE(find("w.t"), QStringList{QStringLiteral("a/b/c/w.txt")});
        QCOMPARE(find("B"), (QStringList{QStringLiteral("a/b"), QStringLiteral("a/y.bin"),
                                         QStringLiteral("ab")}));
        QCOMPARE(find("*.bin"), QStringList{QStringLiteral("a/y.bin")});
        QCOMPARE(find("?-x"), QStringList{QStringLiteral("a-x")});
        QCOMPARE(find("deep"), QStringList{QStringLiteral("z/deep")});
        QCOMPARE(find(".txt", 2),
                 (QStringList{QStringLiteral("a-x/q.txt"), QStringLiteral("a/b/c/w.txt")}));
        QVERIFY(find("nothing like it").isEmpty());
        // The tree's proxy filters loaded rows with the same expression: '.' is not a wildcard.
        QVERIFY(!NameFilter(QStringLiteral("a.x")).matches(u"abx"));
        QVERIFY(NameFilter(QStringLiteral("  ")).matches(u"anything"));
        QCOMPARE(NameFilter(QStringLiteral("c")).firstMatch(u"a/b/c/w.txt"),
                 QStringLiteral("a/b/c"));
    }

    void folderTotalsFollowEveryWrite()
    {
        auto db = open();
        FileIndex index(*db);
        fill(index);
        auto check = [&](const QString &dir) {
            return sorted(index.folder(dir)->folders) == expectedFolders(index, dir);
        };
        // A row replaced in place (INSERT OR REPLACE), with another size.
        QVERIFY(index.upsert(entry(QStringLiteral("a/b/z.txt"), 1000)).ok());
        QVERIFY(check({}) && check(QStringLiteral("a")));
        QVERIFY(index.touch(QStringLiteral("a/b/c/w.txt"), 5, 2000).ok());
        QVERIFY(check({}) && check(QStringLiteral("a")) && check(QStringLiteral("a/b")));
        QVERIFY(index.setState(QStringLiteral("a/x.txt"), SyncState::Synced).ok());
        QVERIFY(index.remove(QStringLiteral("a/b/c/w.txt")).ok());
        QVERIFY(check(QStringLiteral("a")));
        QVERIFY(index.folder(QStringLiteral("a/b"))->folders.isEmpty()); // c has nothing left
        QVERIFY(index.removeTree(QStringLiteral("z")).ok());
        QVERIFY(check({}));
        QVERIFY(
            !sorted(index.folder({})->folders).contains(FolderEntry{QStringLiteral("z"), 1, 17}));
        {
            auto tx = Transaction::begin(*db);
            QVERIFY(index.upsert(entry(QStringLiteral("a/new/n.txt"), 7)).ok());
            // rolled back with the transaction: the totals go back with the rows
        }
        QVERIFY(check({}) && check(QStringLiteral("a")));
    }

    void listingDoesNotReadOtherFolders()
    {
        auto db = open();
        FileIndex index(*db);
        fill(index);
        QVERIFY(index.folder(QStringLiteral("a")).ok());
        const qint64 before = index.lastFolderSteps();
        QVERIFY(before > 0);
        // Thousands of rows in other folders and below a's subfolder: listing a reads none of
        // them, so it takes exactly the same steps (a full or range scan would take thousands).
        FileEntries more;
        for (int i = 0; i < 3000; ++i)
            more.append(entry(QStringLiteral("z/deep/f%1.txt").arg(i), 1));
        for (int i = 0; i < 1000; ++i)
            more.append(entry(QStringLiteral("a/b/g%1.txt").arg(i), 1));
        for (int i = 0; i < 1000; ++i)
            more.append(entry(QStringLiteral("a0/h%1.txt").arg(i), 1));
        QVERIFY(index.upsertMany(more).ok());
        auto a = index.folder(QStringLiteral("a"));
        QCOMPARE(index.lastFolderSteps(), before);
        QCOMPARE(a->folders, (QList<FolderEntry>{{QStringLiteral("a/b"), 1002, 13 + 14 + 1000}}));
        QCOMPARE(a->files.size(), 2);

        // And SQLite looks the rows up by their folder, never scanning the table.
        SqliteStatement plan(db->sqliteHandle(),
                             "EXPLAIN QUERY PLAN SELECT path FROM files WHERE "
                             "rtrim(path, replace(path, '/', '')) = 'a/' ORDER BY path");
        QVERIFY(plan.ok());
        QByteArray detail;
        while (plan.step() == SQLITE_ROW)
            detail += plan.textView(3).toByteArray() + '\n';
        QVERIFY2(detail.contains("USING COVERING INDEX files_by_folder") ||
                     detail.contains("USING INDEX files_by_folder"),
                 detail.constData());
    }

    void indexOfSchema4IsMigrated()
    {
        {
            auto db = open();
            FileIndex index(*db);
            fill(index);
            // Back to the format of schema 4: no folder index, no totals, no triggers.
            for (const char *sql :
                 {"DROP TRIGGER folder_totals_replacing", "DROP TRIGGER folder_totals_inserted",
                  "DROP TRIGGER folder_totals_deleted", "DROP TRIGGER folder_totals_updated",
                  "DROP TABLE folder_totals", "DROP INDEX files_by_folder",
                  "ALTER TABLE jobs DROP COLUMN cancel_requested",
                  "ALTER TABLE jobs DROP COLUMN objects_done",
                  "ALTER TABLE jobs DROP COLUMN objects_total",
                  "ALTER TABLE jobs DROP COLUMN error_code",
                  "ALTER TABLE jobs DROP COLUMN error_step", "DROP INDEX files_by_layer_state",
                  "DROP INDEX files_in_hub", "DROP TRIGGER layer_totals_replacing",
                  "DROP TRIGGER layer_totals_inserted", "DROP TRIGGER layer_totals_deleted",
                  "DROP TRIGGER layer_totals_updated", "DROP TABLE layer_totals",
                  "PRAGMA user_version=4"})
                QVERIFY(db->exec(QString::fromLatin1(sql)).ok());
            // Rows written by an old HAWKMOTH: no trigger counts them.
            QVERIFY(index.upsert(entry(QStringLiteral("a/old.txt"), 100)).ok());
            QVERIFY(index.remove(QStringLiteral("ab/r.txt")).ok());
        }
        auto db = open();
        auto version = db->query();
        QVERIFY(version.exec(QStringLiteral("PRAGMA user_version")) && version.next());
        QCOMPARE(version.value(0).toInt(), int(schemaMigrations().size())); // every one ran
        FileIndex index(*db);
        auto a = index.folder(QStringLiteral("a"));
        QCOMPARE(paths(a->files),
                 (QStringList{QStringLiteral("a/old.txt"), QStringLiteral("a/x.txt"),
                              QStringLiteral("a/y.bin")}));
        QCOMPARE(sorted(index.folder({})->folders), expectedFolders(index, {}));
        QCOMPARE(index.folder({})->folders.size(), 3);
        // From here on the triggers keep the totals.
        QVERIFY(index.remove(QStringLiteral("a/old.txt")).ok());
        QCOMPARE(sorted(index.folder({})->folders), expectedFolders(index, {}));
    }

    void listingChecksOnlyTheListedFolderOnDisk()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a/one.txt"), "1").ok());
        QVERIFY(store.save(QStringLiteral("a/sub/two.txt"), "22").ok());
        QVERIFY(store.save(QStringLiteral("b/three.txt"), "333").ok());
        QVERIFY(store.save(QStringLiteral("gone/four.txt"), "4444").ok());
        // Edits by another program: in a, below a, in b, a new folder, a folder removed.
        test::writeFile(fx.path(QStringLiteral("a/outside.txt")), "new");
        QVERIFY(QFile::remove(fx.path(QStringLiteral("a/one.txt"))));
        test::writeFile(fx.path(QStringLiteral("a/sub/deep.txt")), "deep");
        test::writeFile(fx.path(QStringLiteral("b/other.txt")), "other");
        test::writeFile(fx.path(QStringLiteral("fresh/five.txt")), "55555");
        QVERIFY(QDir(fx.path(QStringLiteral("gone"))).removeRecursively());
        QVERIFY(QDir().mkpath(fx.path(QStringLiteral("empty"))));

        auto a = store.list(QStringLiteral("a"), false);
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().message));
        QCOMPARE(paths(a->files), QStringList{QStringLiteral("a/outside.txt")});
        // Below a nothing was walked: the subfolder shows what the index knew.
        QCOMPARE(a->folders, (QList<FolderEntry>{{QStringLiteral("a/sub"), 1, 2}}));
        auto db = fx.workspace().connect();
        FileIndex index(**db);
        QVERIFY(!index.get(QStringLiteral("a/sub/deep.txt"))->has_value());
        QVERIFY(!index.get(QStringLiteral("b/other.txt"))->has_value());

        // The root: a folder gone from disk leaves, a new one is scanned, an empty one shows.
        auto root = store.list({}, false);
        QVERIFY(root.ok());
        QCOMPARE(root->folders, (QList<FolderEntry>{{QStringLiteral("a"), 2, 5},
                                                    {QStringLiteral("b"), 1, 3},
                                                    {QStringLiteral("empty"), 0, 0},
                                                    {QStringLiteral("fresh"), 1, 5}}));
        QVERIFY(!index.get(QStringLiteral("gone/four.txt"))->has_value());
        QVERIFY(!index.get(QStringLiteral("b/other.txt"))->has_value());

        // --recursive still rescans everything below the folder.
        auto tree = store.list(QStringLiteral("a"), true);
        QCOMPARE(paths(tree->files),
                 (QStringList{QStringLiteral("a/outside.txt"), QStringLiteral("a/sub/deep.txt"),
                              QStringLiteral("a/sub/two.txt")}));
    }
};

QTEST_GUILESS_MAIN(TestFolderListing)
#include "tst_folder_listing.moc"
