// Sha256 and FileProbe: known vectors, agreement with openssl's command line, binary detection,
// cancellation and progress.

#include "FileProbe.h"
#include "Sha256.h"
#include "TestSupport.h"

#include <QTest>

using namespace hawkmoth;

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vectors()
    {
        QCOMPARE(Sha256::ofData(""),
                 QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(Sha256::ofData("abc"),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Sha256 h;
        h.update(QByteArrayView("a"));
        h.update(QByteArrayView("bc"));
        QCOMPARE(h.finalHex(), Sha256::ofData("abc"));
        // finalHex() resets: the hasher can be used again.
        h.update(QByteArrayView("abc"));
        QCOMPARE(h.finalHex(), Sha256::ofData("abc"));
    }

    void fileMatchesOpensslCli()
    {
        test::TempRoot tmp;
        const QString file = tmp.file(QStringLiteral("random.bin"));
        // Not a multiple of the read chunk, so the tail is exercised.
        test::writeFile(file, test::randomBytes(3 * 1024 * 1024 + 12345, 7));
        auto mine = Sha256::ofFile(file);
        QVERIFY(mine.ok());
        const auto cli = test::runProgram(
            QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"), file});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY2(cli.out.trimmed().endsWith(*mine), cli.out.constData());
    }

    void probeDetectsBinaryOnlyInFirst8KiB()
    {
        test::TempRoot tmp;
        QByteArray text(20000, 'a');
        test::writeFile(tmp.file(QStringLiteral("text")), text);
        text[9000] = '\0'; // beyond the sniffed head: still text, as git decides
        test::writeFile(tmp.file(QStringLiteral("late-nul")), text);
        text[100] = '\0';
        test::writeFile(tmp.file(QStringLiteral("binary")), text);
        QCOMPARE(FileProbe::probe(tmp.file(QStringLiteral("text")))->binary, false);
        QCOMPARE(FileProbe::probe(tmp.file(QStringLiteral("late-nul")))->binary, false);
        auto bin = FileProbe::probe(tmp.file(QStringLiteral("binary")));
        QVERIFY(bin.ok());
        QCOMPARE(bin->binary, true);
        QCOMPARE(bin->size, qint64(20000));
        QCOMPARE(bin->sha256, Sha256::ofData(text));
        QCOMPARE(FileProbe::probeData(text).sha256, bin->sha256);
    }

    void progressAndCancel()
    {
        test::TempRoot tmp;
        const QString file = tmp.file(QStringLiteral("big"));
        test::writeFile(file, test::randomBytes(4 * 1024 * 1024));
        qint64 last = 0;
        int calls = 0;
        auto ok = Sha256::ofFile(file, {}, [&](const Progress &p) {
            QVERIFY(p.bytesDone >= last);
            last = p.bytesDone;
            QCOMPARE(p.bytesTotal, qint64(4 * 1024 * 1024));
            ++calls;
        });
        QVERIFY(ok.ok());
        QCOMPARE(last, qint64(4 * 1024 * 1024));
        QVERIFY(calls > 1);
        CancelToken cancel;
        auto cancelled = Sha256::ofFile(file, cancel, [&](const Progress &) { cancel.cancel(); });
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }

    void missingFile()
    {
        auto r = Sha256::ofFile(QStringLiteral("/nonexistent/file"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY(r.error().message.contains(QLatin1String("/nonexistent/file")));
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
