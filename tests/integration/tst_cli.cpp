// The hawkmoth command line as a user runs it: every subcommand, exit codes, --workspace in either
// place, the documented JSON shapes, stdin/--from, byte-exact cat, and the command language.

#include "TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace hawkmoth::test;

namespace {

QJsonDocument json(const ProcessResult &r)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), r.out.constData());
    return doc;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workspaceLifecycle()
    {
        TempRoot root;
        auto created = runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("demo"),
                                          QStringLiteral("--template"), QStringLiteral("python")});
        EXPECT_OK(created);
        QVERIFY(created.out.contains("created workspace 'demo'"));
        auto projects =
            runHawkmoth(root, {QStringLiteral("list-projects"), QStringLiteral("--json")});
        EXPECT_OK(projects);
        const QJsonArray list = json(projects).array();
        QCOMPARE(list.size(), 2);
        QStringList names;
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            names.append(o.value(QLatin1String("name")).toString());
            for (const char *key :
                 {"name", "root", "template", "current", "created", "updated", "files", "bytes",
                  "layers", "activeJobs", "gitRemote", "dataset"})
                QVERIFY2(o.contains(QLatin1String(key)), key);
        }
        QCOMPARE(names, (QStringList{QStringLiteral("default"), QStringLiteral("demo")}));
        auto current = runHawkmoth(root, {QStringLiteral("current"), QStringLiteral("--json")});
        QCOMPARE(json(current).object().value(QLatin1String("name")).toString(),
                 QStringLiteral("demo"));
        QCOMPARE(json(current).object().value(QLatin1String("files")).toInt(), 5);

        EXPECT_OK(runHawkmoth(root, {QStringLiteral("switch"), QStringLiteral("default")}));
        // The current workspace is remembered across processes.
        QVERIFY(runHawkmoth(root, {QStringLiteral("current")}).out.contains("default"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("rename-project"), QStringLiteral("demo"),
                                     QStringLiteral("demo2")}));
        auto refused =
            runHawkmoth(root, {QStringLiteral("delete-project"), QStringLiteral("demo2")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(QDir(root.dataRoot() + QStringLiteral("/workspaces/demo2")).exists());
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("delete-project"), QStringLiteral("demo2"),
                                     QStringLiteral("--yes")}));
        QVERIFY(!QDir(root.dataRoot() + QStringLiteral("/workspaces/demo2")).exists());
    }

    void filesAndWorkspaceOption()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("other"),
                                     QStringLiteral("--no-switch")}));
        // --workspace before and after the subcommand; stdin and --from.
        EXPECT_OK(runHawkmoth(root,
                              {QStringLiteral("--workspace"), QStringLiteral("other"),
                               QStringLiteral("save"), QStringLiteral("a.txt")},
                              "from stdin\n"));
        writeFile(root.file(QStringLiteral("local.bin")), randomBytes(150 * 1024, 9));
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("data/blob.bin"),
                               QStringLiteral("--from"), root.file(QStringLiteral("local.bin")),
                               QStringLiteral("-w"), QStringLiteral("other")}));
        auto cat = runHawkmoth(root, {QStringLiteral("cat"), QStringLiteral("data/blob.bin"),
                                      QStringLiteral("--workspace=other")});
        EXPECT_OK(cat);
        QCOMPARE(cat.out, randomBytes(150 * 1024, 9));
        // The default workspace did not get them.
        auto defaultLs = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--json")});
        QCOMPARE(json(defaultLs).object().value(QLatin1String("files")).toArray().size(), 0);

        auto ls = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--json"),
                                     QStringLiteral("-w"), QStringLiteral("other")});
        EXPECT_OK(ls);
        const QJsonObject listing = json(ls).object();
        QCOMPARE(listing.value(QLatin1String("workspace")).toString(), QStringLiteral("other"));
        QCOMPARE(listing.value(QLatin1String("folders"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("path"))
                     .toString(),
                 QStringLiteral("data"));
        const QJsonObject file = listing.value(QLatin1String("files")).toArray().first().toObject();
        for (const char *key :
             {"path", "size", "mtime", "layer", "pinned", "state", "sha256", "binary"})
            QVERIFY2(file.contains(QLatin1String(key)), key);
        QCOMPARE(file.value(QLatin1String("path")).toString(), QStringLiteral("a.txt"));
        QCOMPARE(file.value(QLatin1String("size")).toInt(), 11);

        auto recursive =
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("ls"),
                               QStringLiteral("--recursive"), QStringLiteral("--json")});
        const QJsonArray all = json(recursive).object().value(QLatin1String("files")).toArray();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(1).toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("hub"));

        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("mv"),
                               QStringLiteral("a.txt"), QStringLiteral("docs/a.txt")}));
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("pin"),
                               QStringLiteral("docs/a.txt"), QStringLiteral("hub")}));
        auto pinned =
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("ls"),
                               QStringLiteral("docs"), QStringLiteral("--json")});
        const QJsonObject docs =
            json(pinned).object().value(QLatin1String("files")).toArray().first().toObject();
        QCOMPARE(docs.value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        QCOMPARE(docs.value(QLatin1String("pinned")).toString(), QStringLiteral("hub"));
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("pin"),
                               QStringLiteral("docs/a.txt"), QStringLiteral("none")}));
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("-w"), QStringLiteral("other"), QStringLiteral("rm"),
                               QStringLiteral("docs"), QStringLiteral("-r")}));
        QVERIFY(!QFile::exists(root.dataRoot() + QStringLiteral("/workspaces/other/docs/a.txt")));
    }

    void recursiveListingStreams()
    {
        // "ls --recursive --json" is written as the index is read; it must still be the document
        // the command language answers, with names that need escaping.
        TempRoot root;
        for (const QString &path :
             {QStringLiteral("b.txt"), QStringLiteral("src/q\"uote.py"),
              QStringLiteral("src/été/ü.md"), QStringLiteral("src/sp ace.txt")})
            EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), path}, "x"));
        auto streamed = runHawkmoth(
            root, {QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")});
        EXPECT_OK(streamed);
        auto whole = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("list all files"),
                                        QStringLiteral("--json")});
        EXPECT_OK(whole);
        QCOMPARE(json(streamed).object(), json(whole).object());
        QCOMPARE(json(streamed).object().value(QLatin1String("files")).toArray().size(), 4);

        auto below = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("src/"),
                                        QStringLiteral("--recursive"), QStringLiteral("--json")});
        const QJsonObject src = json(below).object();
        QCOMPARE(src.value(QLatin1String("dir")).toString(), QStringLiteral("src"));
        QStringList paths;
        for (const QJsonValue &f : src.value(QLatin1String("files")).toArray())
            paths.append(f.toObject().value(QLatin1String("path")).toString());
        QCOMPARE(paths,
                 (QStringList{QStringLiteral("src/q\"uote.py"), QStringLiteral("src/sp ace.txt"),
                              QStringLiteral("src/été/ü.md")}));

        auto empty = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("src/été/nothing"),
                                        QStringLiteral("--recursive"), QStringLiteral("--json")});
        QCOMPARE(empty.exitCode, 1);
        QVERIFY(empty.out.isEmpty()); // no half document before the error
        QVERIFY(empty.err.contains("does not exist"));
        auto file = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("b.txt"),
                                       QStringLiteral("--recursive"), QStringLiteral("--json")});
        QCOMPARE(file.exitCode, 1);
        QVERIFY(file.err.contains("is a file"));
        auto outside = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("../.."),
                                          QStringLiteral("--recursive"), QStringLiteral("--json")});
        QCOMPARE(outside.exitCode, 1);
        QVERIFY(outside.out.isEmpty());

        QVERIFY(QDir().mkpath(root.dataRoot() + QStringLiteral("/workspaces/default/void")));
        auto none = runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("void"),
                                       QStringLiteral("--recursive"), QStringLiteral("--json")});
        EXPECT_OK(none);
        QCOMPARE(json(none).object().value(QLatin1String("files")).toArray().size(), 0);
        QCOMPARE(json(none).object().value(QLatin1String("dir")).toString(),
                 QStringLiteral("void"));
    }

    void statusImportRescanCleanup()
    {
        TempRoot root;
        writeFile(root.file(QStringLiteral("in/a.md")), "a");
        writeFile(root.file(QStringLiteral("in/b.bin")), randomBytes(200 * 1024));
        auto imported = runHawkmoth(root, {QStringLiteral("import"),
                                           root.file(QStringLiteral("in")), QStringLiteral("--to"),
                                           QStringLiteral("x"), QStringLiteral("--json")});
        EXPECT_OK(imported);
        QCOMPARE(json(imported).object().value(QLatin1String("imported")).toArray().size(), 2);
        writeFile(root.dataRoot() + QStringLiteral("/workspaces/default/scratch/tmp.txt"),
                  "scratch");
        auto rescan = runHawkmoth(root, {QStringLiteral("rescan"), QStringLiteral("--json")});
        QCOMPARE(json(rescan).object().value(QLatin1String("added")).toArray().size(), 1);
        auto status = runHawkmoth(root, {QStringLiteral("status"), QStringLiteral("--json")});
        EXPECT_OK(status);
        const QJsonObject s = json(status).object();
        for (const char *key :
             {"workspace", "layers", "states", "jobs", "lastScan", "lastSync", "cache"})
            QVERIFY2(s.contains(QLatin1String(key)), key);
        const QJsonObject layers = s.value(QLatin1String("layers")).toObject();
        QCOMPARE(
            layers.value(QLatin1String("git")).toObject().value(QLatin1String("files")).toInt(), 1);
        QCOMPARE(
            layers.value(QLatin1String("hub")).toObject().value(QLatin1String("bytes")).toInt(),
            200 * 1024);
        QCOMPARE(
            layers.value(QLatin1String("session")).toObject().value(QLatin1String("files")).toInt(),
            1);
        QCOMPARE(s.value(QLatin1String("jobs")).toObject().value(QLatin1String("queued")).toInt(),
                 1); // the sync
        auto cleanup = runHawkmoth(root, {QStringLiteral("cleanup")});
        EXPECT_OK(cleanup);
        QVERIFY(cleanup.out.contains("removed 1 session files"));
        auto text = runHawkmoth(root, {QStringLiteral("status")});
        QVERIFY(text.out.contains("session        0 files"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("sync")}));
        auto hashed =
            runHawkmoth(root, {QStringLiteral("hash"), root.file(QStringLiteral("in/a.md"))});
        QVERIFY(hashed.out.startsWith(
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"));
    }

    void commandLanguage()
    {
        TempRoot root;
        auto r = runHawkmoth(
            root, {QStringLiteral("do"), QStringLiteral("create project web1 from web")});
        EXPECT_OK(r);
        QVERIFY(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("current project")})
                    .out.contains("web1"));
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("save notes/a b.md")}, "text"));
        QCOMPARE(
            runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("load \"notes/a b.md\"")}).out,
            QByteArray("text\n"));
        auto files = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("list files notes"),
                                        QStringLiteral("--json")});
        QCOMPARE(json(files).object().value(QLatin1String("files")).toArray().size(), 1);
        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("move notes/a b.md to hub")}));
        QVERIFY(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("storage status")})
                    .out.contains("hub            1 files"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("delete notes/a b.md")}));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("switch to default")}));
        QVERIFY(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("list projects")})
                    .out.contains("web1"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("cleanup")}));
        QVERIFY(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("help")})
                    .out.contains("move PATH to git|hub|session"));

        auto unknown = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("lst files")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("did you mean 'list files"), unknown.err.constData());
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("nothing but help") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("missing argument") << QStringList{QStringLiteral("save")};
        QTest::newRow("too many") << QStringList{QStringLiteral("switch"), QStringLiteral("a"),
                                                 QStringLiteral("b")};
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("ls"), QStringLiteral("--colour")};
        QTest::newRow("option without value")
            << QStringList{QStringLiteral("save"), QStringLiteral("x"), QStringLiteral("--from")};
        QTest::newRow("workspace without name")
            << QStringList{QStringLiteral("ls"), QStringLiteral("--workspace")};
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        TempRoot root;
        auto r = runHawkmoth(root, args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
        QVERIFY(runHawkmoth(root, {QStringLiteral("help")}).out.contains("usage: hawkmoth"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
