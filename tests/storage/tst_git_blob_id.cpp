// GitBlobId: the one implementation of git's blob id agrees with `git hash-object` for data and
// files, empty and larger than its read buffer.

#include "GitBlobId.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace hawkmoth;

namespace {

QString gitHashObject(const QString &path)
{
    QProcess git;
    git.start(QStringLiteral("git"), {QStringLiteral("hash-object"), path});
    if (!git.waitForFinished() || git.exitCode() != 0)
        return {};
    return QString::fromLatin1(git.readAllStandardOutput().trimmed());
}

} // namespace

class TestGitBlobId : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesGit_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("hello\n");
        QByteArray big(3 * 1024 * 1024 + 17, Qt::Uninitialized);
        for (int i = 0; i < big.size(); ++i)
            big[i] = char((i * 131) % 251);
        QTest::newRow("larger than the read buffer") << big;
    }

    void matchesGit()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
        f.close();
        const QString expected = gitHashObject(path);
        QCOMPARE(expected.size(), 40);
        QCOMPARE(GitBlobId::ofData(content), expected);
        const auto fromFile = GitBlobId::ofFile(path);
        QVERIFY2(fromFile.ok(), qPrintable(fromFile.ok() ? QString() : fromFile.error().message));
        QCOMPARE(*fromFile, expected);
    }

    void missingFileIsAnError()
    {
        QTemporaryDir dir;
        const auto id = GitBlobId::ofFile(dir.filePath(QStringLiteral("absent")));
        QVERIFY(!id.ok());
        QCOMPARE(id.error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestGitBlobId)
#include "tst_git_blob_id.moc"
