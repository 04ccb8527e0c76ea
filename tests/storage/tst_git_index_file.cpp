// git's index as GitIndexFile reads it, checked entry by entry against libgit2's own reader: the
// versions read in place (2 and 3, with extended flags, conflicts and paths of 4,096 bytes and
// more), version 4 through libgit2, and files it must not read in place.

#include "GitIndexFile.h"
#include "GitRepository.h"
#include "TestSupport.h"

#include <QFile>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::git;

namespace {

git_index_entry entryFor(const char *path, int i)
{
    git_index_entry e{};
    e.path = path;
    e.mode = GIT_FILEMODE_BLOB;
    e.mtime.seconds = 1700000000 + i;
    e.mtime.nanoseconds = quint32(1000 * i + 7);
    return e;
}

// Every entry of the index in file as libgit2 reads it.
QList<IndexEntryView> libgit2Entries(const QString &file, IndexPtr &keep)
{
    git_index *raw = nullptr;
    if (git_index_open(&raw, QFile::encodeName(file).constData()) != 0)
        qFatal("libgit2 cannot read %s", qPrintable(file));
    keep.reset(raw);
    QList<IndexEntryView> out;
    for (size_t i = 0; i < git_index_entrycount(raw); ++i) {
        const git_index_entry *e = git_index_get_byindex(raw, i);
        out.append({QByteArrayView(e->path), e->id, e->file_size,
                    qint64(e->mtime.seconds) * 1000000000 + e->mtime.nanoseconds,
                    git_index_entry_stage(e)});
    }
    return out;
}

} // namespace

class TestGitIndexFile : public QObject
{
    Q_OBJECT

    test::TempRoot m_home;

    // A repository whose index holds files of every kind the format has, written as version.
    static QString writeIndex(const test::TempRoot &root, unsigned version, bool extended)
    {
        auto repo = Repository::openOrInit(root.path());
        if (!repo)
            qFatal("%s", qPrintable(repo.error().message));
        git_index *raw = nullptr;
        if (git_repository_index(&raw, repo->get()) != 0)
            qFatal("no index");
        IndexPtr index(raw);
        const QByteArray longPath = QByteArray("deep/") + QByteArray(4200, 'x') + ".txt";
        const QByteArray exact = QByteArray(0xfff - 4, 'y') + ".txt"; // exactly 4,095 bytes
        QList<QByteArray> paths{"a.txt", "dir/b.txt", "dir/b.txt.x",
                                "dir-b", "z",         "\xc3\xa9t\xc3\xa9.md"};
        if (version < 4) // libgit2 1.5 cannot read back the version 4 index it writes of these
            paths << longPath << exact;
        int i = 0;
        for (const QByteArray &path : paths) {
            git_index_entry e = entryFor(path.constData(), ++i);
            const QByteArray content = "content of " + path;
            if (git_index_add_from_buffer(index.get(), &e, content.constData(),
                                          size_t(content.size())) != 0)
                qFatal("%s", git_error_last()->message);
        }
        if (extended) {
            git_index_entry skipped = *git_index_get_bypath(index.get(), "dir/b.txt", 0);
            skipped.flags_extended |= GIT_INDEX_ENTRY_SKIP_WORKTREE;
            if (git_index_add(index.get(), &skipped) != 0)
                qFatal("%s", git_error_last()->message);
        }
        // A merge conflict on c.txt: stages 1 to 3, no stage 0.
        git_index_entry sides[3];
        for (int stage = 0; stage < 3; ++stage) {
            sides[stage] = entryFor("c.txt", 20 + stage);
            sides[stage].file_size = quint32(stage + 1);
            git_oid_fromstr(&sides[stage].id, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        }
        if (git_index_conflict_add(index.get(), &sides[0], &sides[1], &sides[2]) != 0 ||
            git_index_set_version(index.get(), version) != 0 || git_index_write(index.get()) != 0)
            qFatal("%s", git_error_last()->message);
        return root.path() + QStringLiteral("/.git/index");
    }

    static void compareWithLibgit2(const GitIndexFile &read, const QString &file)
    {
        IndexPtr keep;
        const QList<IndexEntryView> expected = libgit2Entries(file, keep);
        QCOMPARE(read.count(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const IndexEntryView got = read.entry(i);
            const IndexEntryView &want = expected[i];
            QCOMPARE(got.path.toByteArray(), want.path.toByteArray());
            QVERIFY(git_oid_equal(&got.id, &want.id));
            QCOMPARE(got.size, want.size);
            QCOMPARE(got.mtimeNs, want.mtimeNs);
            QCOMPARE(got.stage, want.stage);
            const auto found = read.find(want.path);
            QCOMPARE(found.has_value(), want.stage == 0);
            if (found)
                QVERIFY(git_oid_equal(&found->id, &want.id));
        }
        for (const char *absent : {"c.txt", "dir", "dir/b", "dir/b.txt.", "zz", "", "0"})
            QVERIFY2(!read.find(absent), absent);
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateGitConfiguration(m_home);
        ensureInitialized();
    }

    void readsLikeLibgit2_data()
    {
        QTest::addColumn<unsigned>("version");
        QTest::addColumn<bool>("extended");
        QTest::addColumn<bool>("inPlace");
        QTest::newRow("2") << 2u << false << true;
        QTest::newRow("3, extended flags") << 3u << true << true;
        QTest::newRow("4, through libgit2") << 4u << true << false;
    }

    void readsLikeLibgit2()
    {
        QFETCH(unsigned, version);
        QFETCH(bool, extended);
        QFETCH(bool, inPlace);
        test::TempRoot root;
        const QString file = writeIndex(root, version, extended);
        QCOMPARE(GitIndexFile::parse(file).has_value(), inPlace);
        auto repo = Repository::open(root.path());
        QVERIFY(repo.ok());
        auto read = GitIndexFile::read(*repo);
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
        compareWithLibgit2(*read, file);
        QVERIFY(read->writtenNs() > 0);
    }

    void aMissingIndexIsEmpty()
    {
        test::TempRoot root;
        QVERIFY(Repository::openOrInit(root.path()).ok());
        QVERIFY(!QFile::exists(root.file(QStringLiteral(".git/index"))));
        auto repo = Repository::open(root.path());
        auto read = GitIndexFile::read(*repo);
        QVERIFY(read.ok());
        QCOMPARE(read->count(), 0);
        QVERIFY(!read->find("a.txt"));
    }

    // What is not read in place: a cut file, an extension that changes what the entries mean
    // (a split index's "link"), a version from the future.
    void damagedOrUnknownFormatsAreNotReadInPlace()
    {
        test::TempRoot root;
        const QString file = writeIndex(root, 2, false);
        const QByteArray good = test::readFile(file);
        const QByteArray trailer = good.right(20);
        const QByteArray body = good.left(good.size() - 20);
        const QByteArray link = QByteArray("link") + QByteArray("\0\0\0\0", 4);
        QByteArray future = good;
        future[7] = 5;
        for (const QByteArray &bad :
             {good.left(good.size() / 2), QByteArray(body + link + trailer), future}) {
            test::writeFile(file, bad);
            QVERIFY(!GitIndexFile::parse(file));
        }
        // An optional extension (a cache git may drop) is skipped.
        test::writeFile(file,
                        body + QByteArray("ZZZZ") + QByteArray("\0\0\0\2", 4) + "ab" + trailer);
        auto skipped = GitIndexFile::parse(file);
        QVERIFY(skipped);
        QCOMPARE(skipped->count(), 11); // 8 files, 3 sides of the conflict
    }
};

QTEST_GUILESS_MAIN(TestGitIndexFile)
#include "tst_git_index_file.moc"
