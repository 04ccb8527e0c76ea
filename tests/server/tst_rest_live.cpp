// `hawkmoth serve` following live work: the event stream (the server's own changes, another
// program's files, the CLI's saves and deletions, jobs), and long work answered 202 with a job
// that GET /storage/jobs/{id} follows to its end, waited for with ?wait=true, or cancelled while
// it runs (against the test Hub, whose upload is held); create-repo with {"hub": …} making a Space
// on the test Hub the git remote and pushing there.

#include "HubServer.h"
#include "RestTestHelpers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>

using namespace hawkmoth::test;

namespace {

// Whether the stream holds an event of that name whose data contains fragment.
bool hasEvent(const QByteArray &stream, const QByteArray &name, const QByteArray &fragment)
{
    for (const QByteArray &event : stream.split('\n')) {
        Q_UNUSED(event);
    }
    const QByteArray head = "event: " + name + "\ndata: ";
    for (qsizetype at = stream.indexOf(head); at >= 0; at = stream.indexOf(head, at + 1)) {
        const qsizetype end = stream.indexOf("\n\n", at);
        if (stream.mid(at, end < 0 ? -1 : end - at).contains(fragment))
            return true;
    }
    return false;
}

QJsonObject job(RestClient &api, qint64 id)
{
    return api.get(QStringLiteral("/storage/jobs/%1").arg(id)).object();
}

} // namespace

class TestRestLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void events()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        QByteArray seen;
        QNetworkReply *stream = api.stream(QStringLiteral("/storage/events"), &seen);
        QTRY_VERIFY(seen.contains(": hawkmoth events"));
        QCOMPARE(stream->header(QNetworkRequest::ContentTypeHeader).toString(),
                 QStringLiteral("text/event-stream"));

        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "rest.md"}, {"content", "r"}}),
                      200);
        QTRY_VERIFY2(seen.contains("event: files.added\ndata: {\"files\":[{") &&
                         seen.contains("\"path\":\"rest.md\""),
                     seen.constData());
        QTRY_VERIFY2(seen.contains("event: job.queued"), seen.constData());
        EXPECT_STATUS(api.post(QStringLiteral("/storage/workspace/create"),
                               QJsonObject{{"name", "second"}, {"switch", false}}),
                      200);
        QTRY_VERIFY2(seen.contains("event: workspace.added\ndata: {\"workspace\":\"second\"}"),
                     seen.constData());

        // Files another program writes reach the stream through the server's watcher.
        writeFile(root.dataRoot() + QStringLiteral("/workspaces/default/outside.txt"), "o");
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains("\"path\":\"outside.txt\""), 15000);
        // So do saves and deletions by the CLI, another process that writes the index itself.
        EXPECT_OK(runHawkmoth(root, {"save", "cli.md"}, "from the CLI\n"));
        QTRY_VERIFY2_WITH_TIMEOUT(hasEvent(seen, "files.added", "\"path\":\"cli.md\""),
                                  seen.constData(), 15000);
        EXPECT_OK(runHawkmoth(root, {"save", "cli.md"}, "changed by the CLI\n"));
        QTRY_VERIFY2_WITH_TIMEOUT(hasEvent(seen, "files.changed", "\"path\":\"cli.md\""),
                                  seen.constData(), 15000);
        EXPECT_OK(runHawkmoth(root, {"rm", "cli.md"}));
        QTRY_VERIFY2_WITH_TIMEOUT(hasEvent(seen, "files.removed", "\"cli.md\""), seen.constData(),
                                  15000);
        // This server's own save is told once, not again when its watcher looks at the index.
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "once.md"}, {"content", "1"}}),
                      200);
        EXPECT_OK(runHawkmoth(root, {"save", "marker.md"}, "m"));
        QTRY_VERIFY2_WITH_TIMEOUT(seen.contains("\"path\":\"marker.md\""), seen.constData(), 15000);
        QCOMPARE(seen.count("\"path\":\"once.md\""), 1);

        // Stopping the server ends the stream.
        QCOMPARE(api.stop(), 0);
        QTRY_VERIFY(stream->isFinished());
        delete stream;
    }

    void longWorkAnswersWithAJob()
    {
        TempRoot root;
        writeGitIdentity(root);
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        QByteArray seen;
        QNetworkReply *stream = api.stream(QStringLiteral("/storage/events"), &seen);
        QTRY_VERIFY(seen.contains(": hawkmoth events"));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "main.py"}, {"content", "print(1)\n"}}),
                      200);

        // 202 at once, with the job; the server's scheduler runs it while it serves.
        HttpReply accepted = api.post(QStringLiteral("/storage/git/sync"), QByteArray());
        QVERIFY2(accepted.status == 202, qPrintable(accepted.describe()));
        const qint64 id = qint64(accepted.object().value("id").toDouble());
        QVERIFY(id > 0);
        QCOMPARE(accepted.object().value("kind").toString(), QStringLiteral("sync"));
        QTRY_COMPARE_WITH_TIMEOUT(job(api, id).value("state").toString(), QStringLiteral("done"),
                                  30000);
        const QString ws = root.dataRoot() + QStringLiteral("/workspaces/default");
        QCOMPARE(runProgram("git", {"-C", ws, "log", "--format=%s"}).exitCode, 0);
        QTRY_VERIFY2(hasEvent(seen, "job.finished", "\"id\":" + QByteArray::number(id) + ","),
                     seen.constData());

        // Another workspace's jobs run too (the scheduler follows the current one only).
        EXPECT_OK(runHawkmoth(root, {"create-project", "other", "--no-switch"}));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save?workspace=other"),
                               QJsonObject{{"path", "o.py"}, {"content", "o\n"}}),
                      200);
        HttpReply other = api.post(QStringLiteral("/storage/push?workspace=other"), QByteArray());
        QVERIFY2(other.status == 202, qPrintable(other.describe()));
        const qint64 otherId = qint64(other.object().value("id").toDouble());
        QTRY_COMPARE_WITH_TIMEOUT(
            api.get(QStringLiteral("/storage/jobs/%1?workspace=other").arg(otherId))
                .object()
                .value("state")
                .toString(),
            QStringLiteral("done"), 30000);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/push?workspace=nope"), QByteArray()), 404);
        QCOMPARE(api.stop(), 0);
        delete stream;
    }

    void runningJobIsCancelled()
    {
        HubServer hub;
        QVERIFY2(hub.isRunning(), qPrintable(hub.error()));
        TempRoot root;
        writeFile(root.dataRoot() + QStringLiteral("/settings.json"),
                  R"({"hubTimeoutSeconds": 600})");
        QProcessEnvironment env = root.environment();
        env.insert(QStringLiteral("HF_ENDPOINT"), hub.url());
        env.insert(QStringLiteral("HF_TOKEN"), QLatin1String(HubServer::token));
        RestClient api(root, env);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        const QString large = root.file(QStringLiteral("large.bin"));
        writeFile(large, randomBytes(3 * 1024 * 1024, 5));
        EXPECT_STATUS(
            api.upload(QStringLiteral("/storage/file/upload"), {{"path", "large.bin"}}, large),
            200);
        // The upload of the file's content is never answered: the sync runs until cancelled.
        hub.fault(R"({"path": "^/__lfs/upload/", "kind": "stall"})");
        HttpReply accepted = api.post(QStringLiteral("/storage/git/sync"), QByteArray());
        QVERIFY2(accepted.status == 202, qPrintable(accepted.describe()));
        const qint64 id = qint64(accepted.object().value("id").toDouble());
        QTRY_COMPARE_WITH_TIMEOUT(job(api, id).value("state").toString(), QStringLiteral("running"),
                                  30000);

        HttpReply cancelled =
            api.post(QStringLiteral("/storage/jobs/%1/cancel").arg(id), QByteArray());
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        QTRY_COMPARE_WITH_TIMEOUT(job(api, id).value("state").toString(),
                                  QStringLiteral("cancelled"), 30000);
        // Waiting for a job that ended answers at once, with the error of its end.
        HttpReply again = api.post(QStringLiteral("/storage/jobs/%1/cancel").arg(id), QByteArray());
        QVERIFY2(again.status == 200 || again.status == 409, qPrintable(again.describe()));
        QCOMPARE(api.stop(), 0);
    }

    void createRepoOnTheHub()
    {
        HubServer hub;
        QVERIFY2(hub.isRunning(), qPrintable(hub.error()));
        TempRoot root;
        QProcessEnvironment env = root.environment();
        env.insert(QStringLiteral("HF_ENDPOINT"), hub.url());
        env.insert(QStringLiteral("HF_TOKEN"), QLatin1String(HubServer::token));
        RestClient api(root, env);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "app.py"}, {"content", "print(1)\n"}}),
                      200);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/git/create-repo"),
                               QJsonObject{{"hub", QJsonObject{{"type", 5}}}}),
                      400);
        HttpReply made = api.post(
            QStringLiteral("/storage/git/create-repo"),
            QJsonObject{
                {"hub", QJsonObject{{"type", "space"}, {"name", "demo"}, {"public", true}}}});
        QVERIFY2(made.status == 200, qPrintable(made.describe()));
        QCOMPARE(made.object().value("remote").toString(),
                 hub.url() + QStringLiteral("/spaces/alice/demo"));
        QCOMPARE(made.object().value("private").toBool(true), false);
        QCOMPARE(made.object().value("push").toObject().value("state").toString(),
                 QStringLiteral("done"));
        // Public: the git CLI clones it without a token and finds the workspace's file.
        QTemporaryDir dir;
        QCOMPARE(runProgram("git", {"clone", "-q", hub.url() + QStringLiteral("/spaces/alice/demo"),
                                    dir.path() + QStringLiteral("/c")})
                     .exitCode,
                 0);
        QCOMPARE(readFile(dir.path() + QStringLiteral("/c/app.py")), QByteArray("print(1)\n"));
        QCOMPARE(api.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRestLive)
#include "tst_rest_live.moc"
