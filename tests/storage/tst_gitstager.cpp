// The git stager: which files it writes straight into the object database and which it leaves to
// libgit2's filtering path, and that the blobs and index entries it makes are git's own.

#include "GitError.h"
#include "GitRepository.h"
#include "GitStager.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <sys/stat.h>

using namespace hawkmoth;
using namespace hawkmoth::git;

class TestGitStager : public QObject
{
    Q_OBJECT

    test::TempRoot m_home;
    QTemporaryDir m_work;

    struct Opened
    {
        Repository repo;
        IndexPtr index;
    };
    Opened open()
    {
        auto repo = Repository::openOrInit(m_work.path());
        if (!repo)
            qFatal("%s", qPrintable(repo.error().message));
        git_index *index = nullptr;
        if (git_repository_index(&index, repo->get()) != 0)
            qFatal("no index");
        return {std::move(*repo), IndexPtr(index)};
    }
    bool direct(const Opened &o, bool attributesInTree = false)
    {
        auto stager = Stager::create(o.repo.get(), o.index.get(), attributesInTree);
        return stager && stager->direct();
    }
    QByteArray blobText(const Opened &o, const char *path)
    {
        const git_index_entry *e = git_index_get_bypath(o.index.get(), path, 0);
        if (!e)
            return {};
        char text[GIT_OID_HEXSZ + 1];
        git_oid_tostr(text, sizeof text, &e->id);
        return QByteArray(text);
    }
    QByteArray cliHash(const QString &path)
    {
        return test::runProgram(
                   QStringLiteral("git"),
                   {QStringLiteral("hash-object"), QStringLiteral("--path=") + path, path},
                   m_work.path())
            .out.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateGitConfiguration(m_home);
        ensureInitialized();
        QVERIFY(m_work.isValid());
    }

    void writesPlainFilesDirectly()
    {
        auto o = open();
        QVERIFY(direct(o));
        test::writeFile(m_work.filePath(QStringLiteral("src/a.txt")), "line\r\nline\n");
        test::writeFile(m_work.filePath(QStringLiteral("run.sh")), "echo\n");
        QVERIFY(QFile::setPermissions(
            m_work.filePath(QStringLiteral("run.sh")),
            QFile::permissions(m_work.filePath(QStringLiteral("run.sh"))) | QFile::ExeOwner));
        auto stager = Stager::create(o.repo.get(), o.index.get(), false);
        QVERIFY(stager.ok());
        QVERIFY(stager->add("src/a.txt").ok());
        QVERIFY(stager->add("run.sh").ok());
        QCOMPARE(stager->add("missing.txt").error().code, ErrorCode::NotFound);
        QCOMPARE(blobText(o, "src/a.txt"), cliHash(QStringLiteral("src/a.txt")));
        const git_index_entry *a = git_index_get_bypath(o.index.get(), "src/a.txt", 0);
        QCOMPARE(a->mode, uint32_t(GIT_FILEMODE_BLOB));
        QCOMPARE(git_index_get_bypath(o.index.get(), "run.sh", 0)->mode,
                 uint32_t(GIT_FILEMODE_BLOB_EXECUTABLE));
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(m_work.filePath(QStringLiteral("src/a.txt"))), &st), 0);
        QCOMPARE(a->file_size, uint32_t(st.st_size));
        QCOMPARE(a->mtime.seconds, int32_t(st.st_mtim.tv_sec));
        QCOMPARE(a->mtime.nanoseconds, uint32_t(st.st_mtim.tv_nsec));
        QCOMPARE(a->ino, uint32_t(st.st_ino));
        // The object is in the database, readable by libgit2.
        git_blob *blob = nullptr;
        QCOMPARE(git_blob_lookup(&blob, o.repo.get(), &a->id), 0);
        BlobPtr owned(blob);
        QCOMPARE(QByteArray(static_cast<const char *>(git_blob_rawcontent(blob)),
                            qsizetype(git_blob_rawsize(blob))),
                 QByteArray("line\r\nline\n"));
    }

    void leavesFilteredWorkToLibgit2()
    {
        auto o = open();
        QVERIFY(!direct(o, true)); // a .gitattributes somewhere in the tree
        const QString info = QString::fromUtf8(git_repository_path(o.repo.get())) +
                             QStringLiteral("info/attributes");
        test::writeFile(info, "*.txt text\n");
        QVERIFY(!direct(o));
        QVERIFY(QFile::remove(info));
        QVERIFY(direct(o));
        for (const char *setting :
             {"core.autocrlf=true", "core.autocrlf=input", "core.eol=crlf", "core.filemode=false",
              "core.ignorecase=true", "core.attributesfile=/nowhere"}) {
            const QList<QByteArray> kv = QByteArray(setting).split('=');
            git_config *config = nullptr;
            QCOMPARE(git_repository_config(&config, o.repo.get()), 0);
            ConfigPtr owned(config);
            QCOMPARE(git_config_set_string(config, kv[0].constData(), kv[1].constData()), 0);
            QVERIFY2(!direct(o), setting);
            QCOMPARE(git_config_delete_entry(config, kv[0].constData()), 0);
            QVERIFY2(direct(o), setting);
        }
        git_config *config = nullptr;
        QCOMPARE(git_repository_config(&config, o.repo.get()), 0);
        ConfigPtr owned(config);
        QCOMPARE(git_config_set_string(config, "core.autocrlf", "false"), 0);
        QVERIFY(direct(o)); // explicitly off
        test::writeFile(m_home.file(QStringLiteral("xdg/git/attributes")), "* text=auto\n");
        QVERIFY(!direct(o));
        QVERIFY(QFile::remove(m_home.file(QStringLiteral("xdg/git/attributes"))));

        // With filters possible, the content is converted as git converts it.
        QCOMPARE(git_config_set_string(config, "core.autocrlf", "input"), 0);
        test::writeFile(m_work.filePath(QStringLiteral("crlf.txt")), "a\r\nb\r\n");
        auto stager = Stager::create(o.repo.get(), o.index.get(), false);
        QVERIFY(stager.ok() && !stager->direct());
        QVERIFY(stager->add("crlf.txt").ok());
        QCOMPARE(blobText(o, "crlf.txt"), cliHash(QStringLiteral("crlf.txt")));
        QCOMPARE(git_config_delete_entry(config, "core.autocrlf"), 0);
    }

    void symlinksGoThroughLibgit2()
    {
        auto o = open();
        test::writeFile(m_work.filePath(QStringLiteral("target.txt")), "t");
        QVERIFY(QFile::link(QStringLiteral("target.txt"), m_work.filePath(QStringLiteral("link"))));
        auto stager = Stager::create(o.repo.get(), o.index.get(), false);
        QVERIFY(stager.ok() && stager->direct());
        QVERIFY(stager->add("link").ok());
        QCOMPARE(git_index_get_bypath(o.index.get(), "link", 0)->mode, uint32_t(GIT_FILEMODE_LINK));
    }
};

QTEST_GUILESS_MAIN(TestGitStager)
#include "tst_gitstager.moc"
