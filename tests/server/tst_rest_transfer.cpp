// `hawkmoth serve` moving bytes: a 200 MB multipart upload streamed to disk and checked byte for
// byte (imported at once with ?wait=true, else by a job), a client that goes away mid-upload
// (nothing left behind), and raw downloads streamed from disk with ranges and ETags, all in memory
// far below the file's size.

#include "RestTestHelpers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTcpSocket>

using namespace hawkmoth::test;

class TestRestTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rawDownload()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        const QByteArray content = randomBytes(300000, 7);
        writeFile(root.file(QStringLiteral("local.bin")), content);
        EXPECT_OK(runHawkmoth(
            root, {"save", "raw.bin", "--from", root.file(QStringLiteral("local.bin"))}));

        HttpReply whole = api.get(QStringLiteral("/storage/file/raw?path=raw.bin"));
        QCOMPARE(whole.status, 200);
        QCOMPARE(whole.body, content);
        const QByteArray etag = whole.header("ETag");
        QCOMPARE(etag,
                 '"' + QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex() + '"');

        HttpReply part = api.get(QStringLiteral("/storage/file/raw?path=raw.bin"),
                                 {{"Range", "bytes=1000-1999"}});
        QCOMPARE(part.status, 206);
        QCOMPARE(part.body, content.mid(1000, 1000));
        QCOMPARE(part.header("Content-Range"), QByteArray("bytes 1000-1999/300000"));
        HttpReply tail =
            api.get(QStringLiteral("/storage/file/raw?path=raw.bin"), {{"Range", "bytes=-10"}});
        QCOMPARE(tail.status, 206);
        QCOMPARE(tail.body, content.right(10));
        HttpReply same =
            api.get(QStringLiteral("/storage/file/raw?path=raw.bin"), {{"If-None-Match", etag}});
        QCOMPARE(same.status, 304);
        QVERIFY(same.body.isEmpty());

        // A file replaced after its ETag was given: the old tag no longer matches.
        EXPECT_OK(runHawkmoth(root, {"save", "raw.bin"}, "changed"));
        HttpReply changed =
            api.get(QStringLiteral("/storage/file/raw?path=raw.bin"), {{"If-None-Match", etag}});
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.body, QByteArray("changed"));
        EXPECT_OK(runHawkmoth(root, {"save", "empty.txt"}, ""));
        HttpReply empty = api.get(QStringLiteral("/storage/file/raw?path=empty.txt"));
        QCOMPARE(empty.status, 200);
        QVERIFY(empty.body.isEmpty());

        EXPECT_STATUS(api.get(QStringLiteral("/storage/file/raw")), 400);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/file/raw?path=none.bin")), 404);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/file/raw?path=../x")), 400);
    }

    void upload()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        // 200 MB, written in pieces so the test holds 1 MiB at a time.
        const QString local = root.file(QStringLiteral("big.bin"));
        {
            QFile out(local);
            QVERIFY(out.open(QIODevice::WriteOnly));
            for (int i = 0; i < 200; ++i)
                QCOMPARE(out.write(randomBytes(1000 * 1000, quint32(i + 1))), qint64(1000 * 1000));
        }
        HttpReply uploaded = api.upload(QStringLiteral("/storage/file/upload?wait=true"),
                                        {{"path", "data/big.bin"}}, local);
        QVERIFY2(uploaded.status == 200, qPrintable(uploaded.describe()));
        const QJsonArray imported = uploaded.object().value("imported").toArray();
        QCOMPARE(imported.size(), 1);
        QCOMPARE(imported.at(0).toObject().value("path").toString(),
                 QStringLiteral("data/big.bin"));
        QCOMPARE(imported.at(0).toObject().value("size").toDouble(), 200e6);
        const QString stored = root.dataRoot() + QStringLiteral("/workspaces/default/data/big.bin");
        QCOMPARE(QFileInfo(stored).size(), qint64(200e6));
        QCOMPARE(sha256OfFile(stored), sha256OfFile(local));
        QCOMPARE(imported.at(0).toObject().value("sha256").toString().toLatin1(),
                 sha256OfFile(local));
        QVERIFY2(leftovers(root).isEmpty(), qPrintable(leftovers(root).join(", ")));

        // Without ?wait=true an upload over 64 MiB is imported by a job: 202, then followed.
        HttpReply accepted =
            api.upload(QStringLiteral("/storage/file/upload"), {{"path", "data/again.bin"}}, local);
        QVERIFY2(accepted.status == 202, qPrintable(accepted.describe()));
        QCOMPARE(accepted.object().value("kind").toString(), QStringLiteral("import"));
        const QString job =
            QStringLiteral("/storage/jobs/%1").arg(accepted.object().value("id").toInteger());
        QTRY_COMPARE_WITH_TIMEOUT(api.get(job).object().value("state").toString(),
                                  QStringLiteral("done"), 60000);
        QCOMPARE(
            sha256OfFile(root.dataRoot() + QStringLiteral("/workspaces/default/data/again.bin")),
            sha256OfFile(local));
        QVERIFY2(leftovers(root).isEmpty(), qPrintable(leftovers(root).join(", ")));

        // And back, whole and from the middle on: streamed, so the server never holds the file.
        const QString back = root.file(QStringLiteral("back.bin"));
        HttpReply downloaded =
            api.download(QStringLiteral("/storage/file/raw?path=data/big.bin"), back);
        QVERIFY2(downloaded.status == 200, qPrintable(downloaded.describe()));
        QCOMPARE(downloaded.header("ETag"), '"' + sha256OfFile(local) + '"');
        QCOMPARE(sha256OfFile(back), sha256OfFile(local));
        HttpReply ranged = api.get(QStringLiteral("/storage/file/raw?path=data/big.bin"),
                                   {{"Range", "bytes=150000000-150999999"}});
        QCOMPARE(ranged.status, 206);
        QCOMPARE(ranged.body, randomBytes(1000 * 1000, 151));
        // 200 MB up and down, a megabyte at a time: the server's peak stays far below the file.
        const qint64 peakKib = api.serverPeakRssKib();
        QVERIFY2(peakKib > 0 && peakKib < 150 * 1024, qPrintable(QString::number(peakKib)));

        // A second upload replaces the file; another workspace by form field.
        const QString small = root.file(QStringLiteral("small.txt"));
        writeFile(small, "small\n");
        EXPECT_STATUS(
            api.upload(QStringLiteral("/storage/file/upload"), {{"path", "data/big.bin"}}, small),
            200);
        QCOMPARE(readFile(stored), QByteArray("small\n"));
        EXPECT_OK(runHawkmoth(root, {"create-project", "other", "--no-switch"}));
        EXPECT_STATUS(api.upload(QStringLiteral("/storage/file/upload"),
                                 {{"path", "in/s.txt"}, {"workspace", "other"}}, small),
                      200);
        QCOMPARE(readFile(root.dataRoot() + QStringLiteral("/workspaces/other/in/s.txt")),
                 QByteArray("small\n"));

        // Bad uploads: a 4xx, nothing written, nothing left in staging.
        HttpReply outside =
            api.upload(QStringLiteral("/storage/file/upload"), {{"path", "../escape.txt"}}, small);
        QCOMPARE(outside.status, 400);
        QVERIFY(!QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/escape.txt")));
        HttpReply noPath = api.upload(QStringLiteral("/storage/file/upload"), {}, small);
        QCOMPARE(noPath.status, 400);
        QVERIFY2(noPath.body.contains("'path'"), noPath.body.constData());
        HttpReply noFile =
            api.upload(QStringLiteral("/storage/file/upload"), {{"path", "x.txt"}}, QString());
        QCOMPARE(noFile.status, 400);
        QVERIFY2(noFile.body.contains("'file'"), noFile.body.constData());
        EXPECT_STATUS(api.upload(QStringLiteral("/storage/file/upload"),
                                 {{"path", "x.txt"}, {"workspace", "nope"}}, small),
                      404);
        EXPECT_STATUS(api.upload(QStringLiteral("/storage/file/upload?workspace=nope"),
                                 {{"path", "x.txt"}}, local),
                      404);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/upload"), QJsonObject{{"path", "x"}}),
                      400);
        QVERIFY2(leftovers(root).isEmpty(), qPrintable(leftovers(root).join(", ")));

        // A client that goes away mid-upload leaves no partial file, staged or in the workspace.
        QTcpSocket client;
        client.connectToHost(QStringLiteral("127.0.0.1"), quint16(QUrl(api.base()).port()));
        QVERIFY(client.waitForConnected(10000));
        const QByteArray head = "--cut\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n"
                                "cut.bin\r\n--cut\r\nContent-Disposition: form-data; "
                                "name=\"file\"; filename=\"cut.bin\"\r\n\r\n";
        client.write("POST /storage/file/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                     api.authorization() +
                     "\r\n"
                     "Content-Type: multipart/form-data; boundary=cut\r\nContent-Length: " +
                     QByteArray::number(head.size() + 100000000) + "\r\n\r\n" + head +
                     randomBytes(4 * 1024 * 1024, 3));
        QTRY_VERIFY(client.bytesToWrite() == 0);
        QTRY_VERIFY(!leftovers(root).isEmpty()); // the upload is being staged
        client.abort();
        QTRY_VERIFY_WITH_TIMEOUT(leftovers(root).isEmpty(), 30000);
        QVERIFY(
            !QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/default/cut.bin")));
        EXPECT_STATUS(api.get(QStringLiteral("/storage/workspaces")), 200);
    }
};

QTEST_GUILESS_MAIN(TestRestTransfer)
#include "tst_rest_transfer.moc"
