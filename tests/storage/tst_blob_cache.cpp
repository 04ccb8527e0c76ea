// The blob cache: a download enters it only when it matches its sha256 (or, for a small file, its
// git blob id), whether the hashes were taken on the way or are taken from the file, and a cached
// blob reaches a workspace through a staged copy that appears only once published.

#include "BlobCache.h"
#include "GitBlobId.h"
#include "Sha256.h"
#include "StorageFixture.h"

#include <QDir>
#include <QFile>

using namespace hawkmoth;
using hawkmoth::hub::BlobCache;

class TestBlobCache : public QObject
{
    Q_OBJECT

private:
    // A finished download of data in the cache's partial folder.
    static QString partOf(const BlobCache &cache, const QByteArray &data, const QString &key)
    {
        const QString part = cache.partPath(key);
        QDir().mkpath(QFileInfo(part).absolutePath());
        test::writeFile(part, data);
        return part;
    }

private Q_SLOTS:
    void hashesTakenOnTheWayAreChecked()
    {
        test::TempRoot tmp;
        BlobCache cache(tmp.file(QStringLiteral("blobs")));
        const QByteArray data = test::randomBytes(300 * 1024, 1);
        const QString sha = QString::fromLatin1(Sha256::ofData(data));
        auto adopted = cache.adopt(partOf(cache, data, sha), sha, {}, {sha, {}});
        QVERIFY(adopted.ok());
        QCOMPARE(*adopted, sha);
        QVERIFY(cache.has(sha, data.size()));
        QCOMPARE(test::readFile(cache.path(sha)), data);

        // A body that was hashed to something else on the way is refused and removed.
        const QByteArray other = test::randomBytes(300 * 1024, 2);
        const QString otherSha = QString::fromLatin1(Sha256::ofData(other));
        const QString part = partOf(cache, other, otherSha);
        auto refused = cache.adopt(part, otherSha, {}, {sha, {}});
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QLatin1String("does not match its checksum")));
        QVERIFY(!QFile::exists(part));
        QVERIFY(!cache.has(otherSha, other.size()));
    }

    void aSmallFileIsCheckedByItsGitBlobId()
    {
        test::TempRoot tmp;
        BlobCache cache(tmp.file(QStringLiteral("blobs")));
        const QByteArray data("a small file, not in LFS\n");
        const QString oid = GitBlobId::ofData(data);
        const QString sha = QString::fromLatin1(Sha256::ofData(data));
        // Without the blob id from the way, the file is read to check it.
        auto read = cache.adopt(partOf(cache, data, oid), {}, oid, {sha, {}});
        QVERIFY(read.ok());
        QCOMPARE(*read, sha);
        auto wrong = cache.adopt(partOf(cache, "tampered\n", oid), {}, oid, {});
        QVERIFY(!wrong.ok());
        QVERIFY(!QFile::exists(cache.partPath(oid)));
    }

    void stagedCopyAppearsWhenPublished()
    {
        test::TempRoot tmp;
        BlobCache cache(tmp.file(QStringLiteral("blobs")));
        QByteArray data = test::randomBytes(64 * 1024, 3);
        data[100] = '\0';
        const QString sha = QString::fromLatin1(Sha256::ofData(data));
        QVERIFY(cache.adopt(partOf(cache, data, sha), sha, {}).ok());
        const QString dest = tmp.file(QStringLiteral("ws/models/m.bin"));
        const QString staging = tmp.file(QStringLiteral("ws/.hawkmoth/tmp"));
        QVERIFY(QDir().mkpath(staging));
        auto writer = cache.stage(sha, dest, staging);
        QVERIFY(writer.ok());
        QVERIFY(!QFile::exists(dest));
        QCOMPARE((*writer)->writtenSize(), qint64(data.size()));
        QVERIFY((*writer)->publish().ok());
        QCOMPARE(test::readFile(dest), data);
        QCOMPARE(QDir(staging).entryList(QDir::Files | QDir::Hidden).size(), 0);
        QCOMPARE(cache.looksBinary(sha).valueOr(false), true);
    }
};

QTEST_GUILESS_MAIN(TestBlobCache)
#include "tst_blob_cache.moc"
