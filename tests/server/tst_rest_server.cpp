// `hawkmoth serve --port 0` driven over HTTP with Qt Network: the workspace, file, git, job and
// command routes, the CLI's --json shapes (compared with the CLI on the same data root), every bad
// input the server must refuse without losing a file, and the token. Transfers and live work
// (events, jobs) have suites of their own.

#include "RestTestHelpers.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace hawkmoth::test;

class TestRestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workspaces()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));

        HttpReply created =
            api.post(QStringLiteral("/storage/workspace/create"),
                     QJsonObject{{"name", "demo"}, {"template", "python"}, {"switch", false}});
        QVERIFY2(created.status == 200, qPrintable(created.describe()));
        QCOMPARE(created.object().value("name").toString(), QStringLiteral("demo"));
        QCOMPARE(created.object().value("current").toBool(), false);

        // The same JSON as the CLI's --json, read from the same data root.
        HttpReply list = api.get(QStringLiteral("/storage/workspaces"));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json(), cliJson(root, {"list-projects", "--json"}));

        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/workspace/switch"), QJsonObject{{"name", "demo"}}),
            200);
        HttpReply current = api.get(QStringLiteral("/storage/workspace/current"));
        QCOMPARE(current.object().value("name").toString(), QStringLiteral("demo"));
        QCOMPARE(current.json(), cliJson(root, {"current", "--json"}));
        HttpReply other = api.get(QStringLiteral("/storage/workspace/current?workspace=default"));
        QCOMPARE(other.object().value("name").toString(), QStringLiteral("default"));

        // Bad input: a 4xx naming what is wrong, and nothing created.
        HttpReply badName = api.post(QStringLiteral("/storage/workspace/create"),
                                     QJsonObject{{"name", "../escape"}});
        QCOMPARE(badName.status, 400);
        QCOMPARE(badName.errorCode(), QStringLiteral("invalid-argument"));
        QVERIFY(!QFileInfo::exists(root.dataRoot() + QStringLiteral("/escape")));
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/workspace/create"), QJsonObject{{"name", "demo"}}),
            409);
        HttpReply missing = api.post(QStringLiteral("/storage/workspace/create"), QJsonObject{});
        QCOMPARE(missing.status, 400);
        QVERIFY2(missing.body.contains("'name'"), missing.body.constData());
        HttpReply wrongType =
            api.post(QStringLiteral("/storage/workspace/create"), QJsonObject{{"name", 42}});
        QCOMPARE(wrongType.status, 400);
        QVERIFY2(wrongType.body.contains("'name'"), wrongType.body.constData());
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/workspace/switch"), QJsonObject{{"name", "nope"}}),
            404);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/workspace/current?workspace=nope")), 404);
        HttpReply malformed =
            api.post(QStringLiteral("/storage/workspace/create"), QByteArray("{\"name\": "));
        QCOMPARE(malformed.status, 400);
        QCOMPARE(malformed.errorCode(), QStringLiteral("invalid-argument"));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/workspace/create"), QByteArray("[1]")),
                      400);
        QCOMPARE(api.stop(), 0);
    }

    void files()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {"create-project", "other", "--no-switch"}));
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));

        HttpReply saved = api.post(QStringLiteral("/storage/file/save"),
                                   QJsonObject{{"path", "docs/notes.md"}, {"content", "# hi\n"}});
        QVERIFY2(saved.status == 200, qPrintable(saved.describe()));
        QCOMPARE(saved.object().value("path").toString(), QStringLiteral("docs/notes.md"));
        QCOMPARE(saved.object().value("layer").toString(), QStringLiteral("git"));
        const QByteArray binary("\x00\x01\x02 bytes", 9);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "bin/b.dat"},
                                           {"base64", QString::fromLatin1(binary.toBase64())}}),
                      200);
        QCOMPARE(readFile(root.dataRoot() + QStringLiteral("/workspaces/default/bin/b.dat")),
                 binary);

        HttpReply loaded =
            api.post(QStringLiteral("/storage/file/load"), QJsonObject{{"path", "docs/notes.md"}});
        QCOMPARE(loaded.status, 200);
        QCOMPARE(loaded.object().value("content").toString(), QStringLiteral("# hi\n"));
        QCOMPARE(loaded.json(), cliJson(root, {"cat", "docs/notes.md", "--json"}));
        HttpReply loadedBinary =
            api.post(QStringLiteral("/storage/file/load"), QJsonObject{{"path", "bin/b.dat"}});
        QCOMPARE(
            QByteArray::fromBase64(loadedBinary.object().value("base64").toString().toLatin1()),
            binary);

        HttpReply all = api.get(QStringLiteral("/storage/files?recursive=true"));
        QCOMPARE(all.status, 200);
        QCOMPARE(all.json(), cliJson(root, {"ls", "--recursive", "--json"}));
        HttpReply docs = api.get(QStringLiteral("/storage/files?dir=docs"));
        QCOMPARE(docs.object().value("files").toArray().size(), 1);
        QCOMPARE(docs.json(), cliJson(root, {"ls", "docs", "--json"}));

        // Another workspace by query or body; an unknown one is a 404 and writes nothing.
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save?workspace=other"),
                               QJsonObject{{"path", "a.txt"}, {"content", "A"}}),
                      200);
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/file/save"),
                     QJsonObject{{"path", "b.txt"}, {"content", "B"}, {"workspace", "other"}}),
            200);
        QCOMPARE(runHawkmoth(root, {"--workspace", "other", "cat", "b.txt"}).out, QByteArray("B"));
        QCOMPARE(api.get(QStringLiteral("/storage/files?workspace=other"))
                     .object()
                     .value("files")
                     .toArray()
                     .size(),
                 2);
        HttpReply unknown =
            api.post(QStringLiteral("/storage/file/save"),
                     QJsonObject{{"path", "c.txt"}, {"content", "C"}, {"workspace", "nope"}});
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not-found"));
        QVERIFY(!QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/nope")));

        // Paths that leave the workspace, reserved names, missing or malformed fields: 400.
        for (const char *bad : {"../x.txt", "/etc/passwd", ".git/config", "a/../../x", "dir/"}) {
            HttpReply refused = api.post(QStringLiteral("/storage/file/save"),
                                         QJsonObject{{"path", bad}, {"content", "x"}});
            QVERIFY2(refused.status == 400,
                     qPrintable(QString::fromLatin1(bad) + refused.describe()));
        }
        QVERIFY(!QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/x.txt")));
        HttpReply noContent =
            api.post(QStringLiteral("/storage/file/save"), QJsonObject{{"path", "x.txt"}});
        QCOMPARE(noContent.status, 400);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "x.txt"}, {"base64", "***"}}),
                      400);
        HttpReply noPath = api.post(QStringLiteral("/storage/file/load"), QJsonObject{});
        QCOMPARE(noPath.status, 400);
        QVERIFY2(noPath.body.contains("'path'"), noPath.body.constData());
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/file/load"), QJsonObject{{"path", "missing.txt"}}),
            404);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/files?recursive=maybe")), 400);

        // A save that expects a version the file no longer has is a conflict and changes nothing.
        HttpReply stale = api.post(QStringLiteral("/storage/file/save"),
                                   QJsonObject{{"path", "docs/notes.md"},
                                               {"content", "lost?"},
                                               {"expect", QString(64, QLatin1Char('0'))}});
        QCOMPARE(stale.status, 409);
        QCOMPARE(readFile(root.dataRoot() + QStringLiteral("/workspaces/default/docs/notes.md")),
                 QByteArray("# hi\n"));

        // A JSON body over 16 MiB is refused whole; the server goes on.
        QByteArray huge =
            "{\"path\": \"big.txt\", \"content\": \"" + QByteArray(17 * 1024 * 1024, 'a') + "\"}";
        QCOMPARE(api.post(QStringLiteral("/storage/file/save"), huge).status, 413);
        QVERIFY(
            !QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/default/big.txt")));
        EXPECT_STATUS(api.get(QStringLiteral("/storage/workspaces")), 200);

        // Move, pin, delete.
        HttpReply moved =
            api.post(QStringLiteral("/storage/file/move"),
                     QJsonObject{{"from", "docs/notes.md"}, {"to", "docs/readme.md"}});
        QVERIFY2(moved.status == 200, qPrintable(moved.describe()));
        QCOMPARE(moved.object().value("to").toString(), QStringLiteral("docs/readme.md"));
        HttpReply pinned = api.post(QStringLiteral("/storage/file/pin"),
                                    QJsonObject{{"path", "docs/readme.md"}, {"layer", "session"}});
        QVERIFY2(pinned.status == 200, qPrintable(pinned.describe()));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/pin"),
                               QJsonObject{{"path", "docs/readme.md"}, {"layer", "attic"}}),
                      400);
        HttpReply deleted = api.del(QStringLiteral("/storage/file/delete?path=bin/b.dat"));
        QVERIFY2(deleted.status == 200, qPrintable(deleted.describe()));
        QCOMPARE(deleted.object().value("deleted").toArray().size(), 1);
        QVERIFY(
            !QFileInfo::exists(root.dataRoot() + QStringLiteral("/workspaces/default/bin/b.dat")));
        EXPECT_STATUS(api.del(QStringLiteral("/storage/file/delete?path=bin/b.dat")), 404);
        EXPECT_STATUS(api.del(QStringLiteral("/storage/file/delete?path=../../x")), 400);
        EXPECT_STATUS(api.del(QStringLiteral("/storage/file/delete")), 400);
        QCOMPARE(api.stop(), 0);
    }

    void gitAndMaintenance()
    {
        TempRoot root;
        writeGitIdentity(root);
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "main.py"}, {"content", "print(1)\n"}}),
                      200);
        HttpReply status = api.get(QStringLiteral("/storage/status"));
        QCOMPARE(status.status, 200);
        for (const char *key : {"layers", "jobs", "git", "hub", "workspace"})
            QVERIFY2(status.object().contains(QLatin1String(key)), key);
        HttpReply stats = api.get(QStringLiteral("/storage/stats"));
        QCOMPARE(stats.status, 200);
        QCOMPARE(stats.object()
                     .value("layers")
                     .toObject()
                     .value("git")
                     .toObject()
                     .value("files")
                     .toInt(),
                 1);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/stats?workspace=nope")), 404);

        // Without a remote, create-repo makes the first commit.
        HttpReply created = api.post(QStringLiteral("/storage/git/create-repo"), QJsonObject{});
        QVERIFY2(created.status == 200, qPrintable(created.describe()));
        const QString ws = root.dataRoot() + QStringLiteral("/workspaces/default");
        QCOMPARE(runProgram("git", {"-C", ws, "log", "--format=%s"}).exitCode, 0);
        // With one, it sets it and pushes there.
        const QString remote = root.file(QStringLiteral("remote.git"));
        QCOMPARE(runProgram("git", {"init", "-q", "--bare", remote}).exitCode, 0);
        HttpReply pushed =
            api.post(QStringLiteral("/storage/git/create-repo"), QJsonObject{{"remote", remote}});
        QVERIFY2(pushed.status == 200, qPrintable(pushed.describe()));
        QCOMPARE(pushed.object().value("remote").toString(), remote);
        const ProcessResult tree =
            runProgram("git", {"--git-dir", remote, "ls-tree", "-r", "--name-only", "main"});
        QVERIFY2(tree.out.contains("main.py"), qPrintable(tree.describe()));
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/git/create-repo"), QJsonObject{{"remote", 5}}), 400);

        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "second.py"}, {"content", "print(2)\n"}}),
                      200);
        // Long work waited for: the job once it is done.
        HttpReply synced = api.post(QStringLiteral("/storage/git/sync?wait=true"), QByteArray());
        QVERIFY2(synced.status == 200, qPrintable(synced.describe()));
        QCOMPARE(synced.object().value("kind").toString(), QStringLiteral("sync"));
        QCOMPARE(synced.object().value("state").toString(), QStringLiteral("done"));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/push"), QJsonObject{{"wait", true}}), 200);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/pull?wait=1"), QByteArray()), 200);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/pull?wait=soon"), QByteArray()), 400);
        HttpReply history = api.get(QStringLiteral("/storage/history?path=second.py"));
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json().array().size(), 1);

        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "scratch/tmp.tmp"}, {"content", "x"}}),
                      200);
        HttpReply cleaned =
            api.post(QStringLiteral("/storage/cleanup"), QJsonObject{{"force", true}});
        QVERIFY2(cleaned.status == 200, qPrintable(cleaned.describe()));
        QVERIFY(cleaned.object().value("removed").toArray().contains(
            QStringLiteral("scratch/tmp.tmp")));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/cleanup"), QJsonObject{{"force", "yes"}}),
                      400);
    }

    void jobsAndCommands()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/file/save"),
                               QJsonObject{{"path", "a.md"}, {"content", "a"}}),
                      200);
        HttpReply jobs = api.get(QStringLiteral("/storage/jobs"));
        QCOMPARE(jobs.status, 200);
        const QJsonArray queued = jobs.object().value("jobs").toArray();
        QVERIFY(!queued.isEmpty());
        QCOMPARE(jobs.json(), cliJson(root, {"jobs", "--json"}));
        const int id = queued.at(0).toObject().value("id").toInt();
        HttpReply one = api.get(QStringLiteral("/storage/jobs/%1").arg(id));
        QCOMPARE(one.status, 200);
        QCOMPARE(one.object().value("id").toInt(), id);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/jobs/999")), 404);
        HttpReply cancelled =
            api.post(QStringLiteral("/storage/jobs/%1/cancel").arg(id), QByteArray());
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        QCOMPARE(cancelled.object().value("state").toString(), QStringLiteral("cancelled"));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/jobs/999/cancel"), QByteArray()), 404);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/jobs/abc")), 404);

        HttpReply listed =
            api.post(QStringLiteral("/storage/command"), QJsonObject{{"command", "list projects"}});
        QCOMPARE(listed.status, 200);
        QCOMPARE(listed.json(), cliJson(root, {"list-projects", "--json"}));
        EXPECT_STATUS(api.post(QStringLiteral("/storage/command"),
                               QJsonObject{{"command", "save b.md"}, {"content", "bee"}}),
                      200);
        QCOMPARE(runHawkmoth(root, {"cat", "b.md"}).out, QByteArray("bee"));
        EXPECT_STATUS(
            api.post(QStringLiteral("/storage/command"), QJsonObject{{"command", "fly away"}}),
            400);
        EXPECT_STATUS(api.post(QStringLiteral("/storage/command"), QJsonObject{}), 400);
    }

    void serverBasics()
    {
        TempRoot root;
        RestClient api(root);
        QVERIFY2(api.started(), qPrintable(api.startError()));
        HttpReply doc = api.get(QStringLiteral("/openapi.json"));
        QCOMPARE(doc.status, 200);
        QCOMPARE(doc.json(), QJsonDocument::fromJson(readFile(
                                 sourceDir() + QStringLiteral("/src/server/openapi.json"))));
        HttpReply none = api.get(QStringLiteral("/storage/nothing"));
        QCOMPARE(none.status, 404);
        QCOMPARE(none.errorCode(), QStringLiteral("not-found"));
        // DNS rebinding: a page served by another name is refused.
        HttpReply rebound =
            api.get(QStringLiteral("/storage/workspaces"), {{"Host", "evil.example:80"}});
        QCOMPARE(rebound.status, 403);
        EXPECT_STATUS(api.get(QStringLiteral("/storage/workspaces"), {{"Host", "localhost"}}), 200);

        // The bearer token: made at the first start, owner-only, printed by --print-token;
        // without it or with another one, 401 and nothing else.
        QCOMPARE(api.token().size(), 64);
        const QFile::Permissions mode =
            QFile::permissions(root.dataRoot() + QStringLiteral("/server-token"));
        QVERIFY(mode.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(!(mode & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                          QFile::ReadOther | QFile::WriteOther | QFile::ExeOther)));
        const ProcessResult printed = runHawkmoth(root, {"serve", "--print-token"});
        QCOMPARE(printed.exitCode, 0);
        QCOMPARE(printed.out.trimmed(), api.token());
        const QByteArrayList wrongs{
            QByteArray(), QByteArray("Bearer"), QByteArray("Bearer " + api.token().left(63)),
            QByteArray("Bearer " + api.token() + "0"), QByteArray("Basic " + api.token())};
        for (const QByteArray &wrong : wrongs) {
            HttpReply refused =
                api.get(QStringLiteral("/storage/workspaces"), {{"Authorization", wrong}});
            QVERIFY2(refused.status == 401, qPrintable(wrong + ": " + refused.describe()));
            QCOMPARE(refused.errorCode(), QStringLiteral("unauthenticated"));
            QCOMPARE(refused.header("WWW-Authenticate"), QByteArray("Bearer"));
        }
        QCOMPARE(api.stop(), 0);
    }

    void badPort()
    {
        TempRoot root;
        const ProcessResult r = runHawkmoth(root, {"serve", "--port", "70000"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--port"), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestRestServer)
#include "tst_rest_server.moc"
