// Regression tests for defects of the hub layer: paths from the Hub that would write into .git or
// out of the workspace, a manifest that stopped reaching git after the first sync, a clone under
// another name that uploaded to a new dataset, a long Retry-After that held git back too, and an
// empty Hub commit made by a push with nothing to upload.

#include "HubTestKit.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace hawkmoth::test;

namespace {

// A commit made on the Hub with raw NDJSON, as any client with write access could: the official
// client would refuse some of these names, the Hub itself does not.
bool rawCommit(const HubServer &server, const QString &dataset,
               const QList<QPair<QString, QByteArray>> &files)
{
    QByteArray body =
        QJsonDocument(
            QJsonObject{{QStringLiteral("key"), QStringLiteral("header")},
                        {QStringLiteral("value"),
                         QJsonObject{{QStringLiteral("summary"), QStringLiteral("planted")}}}})
            .toJson(QJsonDocument::Compact) +
        '\n';
    for (const auto &[path, content] : files)
        body += QJsonDocument(
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("file")},
                                {QStringLiteral("value"),
                                 QJsonObject{{QStringLiteral("path"), path},
                                             {QStringLiteral("encoding"), QStringLiteral("base64")},
                                             {QStringLiteral("content"),
                                              QString::fromLatin1(content.toBase64())}}}})
                    .toJson(QJsonDocument::Compact) +
                '\n';
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(server.url() + QStringLiteral("/api/datasets/") + dataset +
                                 QStringLiteral("/commit/main")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-ndjson"));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + HubServer::token);
    QNetworkReply *reply = manager.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->error() == QNetworkReply::NoError;
    if (!ok)
        qWarning() << reply->errorString() << reply->readAll();
    reply->deleteLater();
    return ok;
}

// The paths of a dataset as the Hub's tree listing has them; nullopt when there is no such dataset.
std::optional<QStringList> listDataset(const HubServer &server, const QString &dataset)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(server.url() + QStringLiteral("/api/datasets/") + dataset +
                                 QStringLiteral("/tree/main?recursive=true")));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + HubServer::token);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        return std::nullopt;
    QStringList out;
    for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array())
        out.append(v.toObject().value(QLatin1String("path")).toString());
    return out;
}

ProcessResult git(const QString &dir, const QStringList &args)
{
    return runProgram(QStringLiteral("git"), QStringList{QStringLiteral("-C"), dir} + args);
}

QJsonObject committedManifest(const QString &ws)
{
    return QJsonDocument::fromJson(
               git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:.hawkmoth/manifest.json")})
                   .out)
        .object();
}

// Every file below dir (hidden ones too), relative to it.
QStringList filesBelow(const QString &dir)
{
    QStringList out;
    QDir base(dir);
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(base.relativeFilePath(it.next()));
    return out;
}

} // namespace

class TestDefectsHub : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // A workspace with one large file and one code file, synced once (its dataset exists).
    void prepare(HubKit &kit, const QString &name, const QString &remote = {})
    {
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), name}));
        writeFile(kit.root().file(QStringLiteral("large.bin")), randomBytes(200 * 1024, 31));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("large.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v1')\n"));
        if (!remote.isEmpty())
            EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), remote}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
    }

    QString bareRepository(HubKit &kit, const QString &name)
    {
        const QString bare = kit.root().file(name);
        const auto made =
            runProgram(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q"),
                                               QStringLiteral("--bare"), bare});
        return made.exitCode == 0 ? bare : QString();
    }

    // Asserts that nothing planted by plantHostileFiles reached the disk.
    static void verifyNothingPlanted(const QString &ws, const QString &outside)
    {
        QVERIFY(!QFile::exists(ws + QStringLiteral("/.git/hooks/pre-commit")));
        QVERIFY(!QFile::exists(ws + QStringLiteral("/sub/.git/config")));
        QVERIFY(!QFile::exists(ws + QStringLiteral("/.hawkmoth/evil.json")));
        const QStringList inGit = QDir(ws + QStringLiteral("/.git"))
                                      .entryList({QStringLiteral("config.hub-*")}, QDir::Files);
        QVERIFY2(inGit.isEmpty(), qPrintable(inGit.join(QLatin1Char(' '))));
        for (const QString &f : filesBelow(ws)) {
            for (const QChar c : f)
                QVERIFY2(c.unicode() >= 0x20, qPrintable(f.toUtf8().toPercentEncoding()));
        }
        if (!outside.isEmpty())
            QVERIFY(!QFile::exists(outside + QStringLiteral("/planted.bin")));
    }

    static const QList<QPair<QString, QByteArray>> &hostileFiles()
    {
        static const QList<QPair<QString, QByteArray>> files{
            {QStringLiteral(".git/hooks/pre-commit"), "#!/bin/sh\necho pwned\n"},
            {QStringLiteral(".git/config"), "[core]\n\thooksPath = /tmp\n"},
            {QStringLiteral("sub/.git/config"), "[core]\n"},
            {QStringLiteral(".hawkmoth/evil.json"), "{}"},
            {QStringLiteral("bell\x07name.bin"), "ding"},
            {QStringLiteral("out/planted.bin"), "escaped"},
            {QStringLiteral("fine.bin"), "a fine file"}};
        return files;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }
    void cleanup() { m_server.clearFaults(); }

    void hubPathsAreValidatedOnPull()
    {
        HubKit kit(m_server);
        prepare(kit, QStringLiteral("evil"));
        const QString ws = kit.workspace(QStringLiteral("evil"));
        // A link inside the workspace to a folder outside it.
        const QString outside = kit.root().file(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(outside));
        QVERIFY(QFile::link(outside, ws + QStringLiteral("/out")));
        QVERIFY(rawCommit(m_server, QStringLiteral("alice/hawkmoth-evil"), hostileFiles()));
        const QByteArray configBefore = readFile(ws + QStringLiteral("/.git/config"));

        auto pulled = kit.hm({QStringLiteral("pull"), QStringLiteral("--json")});
        EXPECT_OK(pulled);
        verifyNothingPlanted(ws, outside);
        QCOMPARE(readFile(ws + QStringLiteral("/.git/config")), configBefore);
        QCOMPARE(readFile(ws + QStringLiteral("/fine.bin")), QByteArray("a fine file"));
        // Each refused path is named, the control character shown escaped.
        for (const char *name : {".git/hooks/pre-commit", ".git/config", "sub/.git/config",
                                 ".hawkmoth/evil.json", "bell\\\\x07name.bin", "out/planted.bin"})
            QVERIFY2(pulled.out.contains(name), pulled.out.constData());
        QVERIFY2(!pulled.out.contains('\x07'), pulled.out.constData());

        // A manifest that arrives through git is checked too: its entries are never fetched,
        // deleted or listed.
        QJsonObject manifest = kit.manifest(QStringLiteral("evil"));
        QJsonObject files = manifest.value(QLatin1String("files")).toObject();
        const QByteArray head = readFile(ws + QStringLiteral("/.git/HEAD"));
        files.insert(
            QStringLiteral(".git/HEAD"),
            QJsonObject{{QStringLiteral("sha256"),
                         QString::fromLatin1(
                             QCryptographicHash::hash(head, QCryptographicHash::Sha256).toHex())},
                        {QStringLiteral("size"), double(head.size())},
                        {QStringLiteral("oid"), QStringLiteral("0")},
                        {QStringLiteral("commit"), QStringLiteral("0")}});
        files.insert(QStringLiteral("../escape.bin"),
                     QJsonObject{{QStringLiteral("sha256"), QString(64, QLatin1Char('a'))},
                                 {QStringLiteral("size"), 3}});
        manifest.insert(QStringLiteral("files"), files);
        writeFile(ws + QStringLiteral("/.hawkmoth/manifest.json"),
                  QJsonDocument(manifest).toJson());
        auto again = kit.hm({QStringLiteral("pull")});
        EXPECT_OK(again);
        QCOMPARE(readFile(ws + QStringLiteral("/.git/HEAD")), head);
        QVERIFY2(again.out.contains(".git/HEAD"), again.out.constData());
        const QByteArray ls =
            kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")})
                .out;
        QVERIFY2(!ls.contains("escape.bin") && !ls.contains(".git/HEAD"), ls.constData());
        QVERIFY(!kit.hm({QStringLiteral("cat"), QStringLiteral(".git/HEAD")}).out.contains("ref:"));
        // Nor does a sync ask the Hub to delete them (it has no such files: that would fail).
        writeFile(ws + QStringLiteral("/.hawkmoth/manifest.json"),
                  QJsonDocument(manifest).toJson());
        writeFile(ws + QStringLiteral("/fine.bin"), "changed here");
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(readFile(ws + QStringLiteral("/.git/HEAD")), head);
    }

    void hubPathsAreValidatedOnOpenFromHub()
    {
        HubKit kit(m_server);
        prepare(kit, QStringLiteral("evil2"));
        QVERIFY(rawCommit(m_server, QStringLiteral("alice/hawkmoth-evil2"), hostileFiles()));
        HubKit other(m_server);
        auto opened = other.hm({QStringLiteral("open-from-hub"),
                                QStringLiteral("alice/hawkmoth-evil2"), QStringLiteral("--json")});
        EXPECT_OK(opened);
        const QString ws = other.workspace(QStringLiteral("evil2"));
        verifyNothingPlanted(ws, {});
        QCOMPARE(readFile(ws + QStringLiteral("/fine.bin")), QByteArray("a fine file"));
        QVERIFY2(opened.out.contains(".git/hooks/pre-commit") &&
                     opened.out.contains("sub/.git/config"),
                 opened.out.constData());

        // The workspace name the dataset's workspace.json gives is checked before any folder is
        // made for it.
        QVERIFY(rawCommit(m_server, QStringLiteral("alice/hawkmoth-evil2"),
                          {{QStringLiteral(".hawkmoth/workspace.json"),
                            R"({"version": 1, "name": "x/../../escaped", "template": "empty"})"}}));
        HubKit third(m_server);
        auto refused =
            third.hm({QStringLiteral("open-from-hub"), QStringLiteral("alice/hawkmoth-evil2")});
        QCOMPARE(refused.exitCode, 1);
        const QStringList escaped =
            QDir(third.root().dataRoot()).entryList({QStringLiteral("escaped*")}, QDir::AllEntries);
        QVERIFY2(escaped.isEmpty(), qPrintable(escaped.join(QLatin1Char(' '))));
    }

    void manifestIsCommittedAfterEveryHubCommit()
    {
        HubKit kit(m_server);
        // The first sync fails: the Hub rejects the token.
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("mani")}));
        const QString ws = kit.workspace(QStringLiteral("mani"));
        writeFile(kit.root().file(QStringLiteral("a.bin")), randomBytes(150 * 1024, 41));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("a.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print(1)\n"));
        QProcessEnvironment bad = kit.env();
        bad.insert(QStringLiteral("HF_TOKEN"), QStringLiteral("hf_not_a_token"));
        const auto rejected = runHawkmoth(kit.root(), {QStringLiteral("sync")}, {}, 120000, bad);
        QVERIFY(rejected.exitCode != 0);
        // Then it works; the manifest git carries names the file.
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        auto first = committedManifest(ws).value(QLatin1String("files")).toObject();
        QVERIFY2(first.contains(QLatin1String("a.bin")),
                 qPrintable(QJsonDocument(committedManifest(ws)).toJson()));
        QCOMPARE(git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        // A later Hub commit ends in a git commit carrying the new manifest.
        writeFile(kit.root().file(QStringLiteral("b.bin")), randomBytes(160 * 1024, 42));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("b.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        const QJsonObject committed = committedManifest(ws);
        QVERIFY(
            committed.value(QLatin1String("files")).toObject().contains(QLatin1String("b.bin")));
        QCOMPARE(committed, kit.manifest(QStringLiteral("mani")));
        // A changed large file too.
        writeFile(ws + QStringLiteral("/a.bin"), randomBytes(150 * 1024, 43));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        QCOMPARE(committedManifest(ws), kit.manifest(QStringLiteral("mani")));
    }

    void cloneUnderAnotherNameKeepsTheDataset()
    {
        HubKit kit(m_server);
        const QString bare = bareRepository(kit, QStringLiteral("shared.git"));
        QVERIFY(!bare.isEmpty());
        prepare(kit, QStringLiteral("orig"), bare);
        HubKit other(m_server);
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("renamed")}));
        writeFile(other.root().file(QStringLiteral("theirs.bin")), randomBytes(120 * 1024, 51));
        EXPECT_OK(
            other.hm({QStringLiteral("import"), other.root().file(QStringLiteral("theirs.bin"))}));
        EXPECT_OK(other.hm({QStringLiteral("sync")}));
        // No dataset of the new name; the file went to the one both share.
        QCOMPARE(listDataset(m_server, QStringLiteral("alice/hawkmoth-renamed")), std::nullopt);
        QVERIFY(listDataset(m_server, QStringLiteral("alice/hawkmoth-orig"))
                    .value_or(QStringList())
                    .contains(QStringLiteral("theirs.bin")));
        QCOMPARE(other.hubStatus().value(QLatin1String("dataset")).toString(),
                 QStringLiteral("alice/hawkmoth-orig"));
    }

    void longRetryAfterHoldsOnlyTheHub()
    {
        HubKit kit(m_server);
        const QString bare = bareRepository(kit, QStringLiteral("held.git"));
        QVERIFY(!bare.isEmpty());
        prepare(kit, QStringLiteral("held"), bare);
        const QString ws = kit.workspace(QStringLiteral("held"));
        writeFile(ws + QStringLiteral("/large.bin"), randomBytes(200 * 1024, 61));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v2')\n"));
        m_server.fault(
            R"({"path": "/preupload/", "kind": "status", "status": 429, "retryAfter": 3600})");
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto held = kit.hm({QStringLiteral("sync")});
        // Incomplete, and it says what waits and until when; git committed and pushed meanwhile.
        QCOMPARE(held.exitCode, 1);
        const QByteArray said = held.out + held.err;
        QVERIFY2(said.contains("hub") && said.contains("waiting until") && said.contains("429"),
                 said.constData());
        QCOMPARE(runProgram(QStringLiteral("git"),
                            {QStringLiteral("--git-dir"), bare, QStringLiteral("show"),
                             QStringLiteral("main:main.py")})
                     .out,
                 QByteArray("print('v2')\n"));
        // A later sync commits and pushes git at once and leaves the Hub alone.
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v3')\n"));
        m_server.resetStats();
        auto again = kit.hm({QStringLiteral("sync")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(QByteArray(again.out + again.err).contains("waiting until"),
                 again.err.constData());
        QCOMPARE(m_server.requests(QStringLiteral("^/(api|datasets|__lfs)/")).size(), 0);
        QCOMPARE(runProgram(QStringLiteral("git"),
                            {QStringLiteral("--git-dir"), bare, QStringLiteral("show"),
                             QStringLiteral("main:main.py")})
                     .out,
                 QByteArray("print('v3')\n"));
        // status says what waits and until when, in text and JSON.
        const QJsonObject status = kit.status();
        const QJsonObject hub = status.value(QLatin1String("hub")).toObject();
        const QDateTime until =
            QDateTime::fromString(hub.value(QLatin1String("waitingUntil")).toString(), Qt::ISODate);
        QVERIFY2(until.isValid(), qPrintable(QJsonDocument(hub).toJson()));
        QVERIFY(until.toMSecsSinceEpoch() >= before + 3590 * 1000);
        QVERIFY(until.toMSecsSinceEpoch() <= QDateTime::currentMSecsSinceEpoch() + 3610 * 1000);
        const QJsonArray waiting = status.value(QLatin1String("jobs"))
                                       .toObject()
                                       .value(QLatin1String("waiting"))
                                       .toArray();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.at(0).toObject().value(QLatin1String("until")).toString(),
                 hub.value(QLatin1String("waitingUntil")).toString());
        const QByteArray text = kit.hm({QStringLiteral("status")}).out;
        QVERIFY2(text.contains("waiting until"), text.constData());
    }

    void pushWithoutHubChangesMakesNoHubCommit()
    {
        HubKit kit(m_server);
        const QString bare = bareRepository(kit, QStringLiteral("quiet.git"));
        QVERIFY(!bare.isEmpty());
        prepare(kit, QStringLiteral("quiet"), bare);
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));
        EXPECT_OK(kit.hm({QStringLiteral("pull")}));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));
        // Another machine that cloned the workspace and pulled its files.
        HubKit other(m_server);
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("quiet")}));
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        EXPECT_OK(other.hm({QStringLiteral("push")}));
        EXPECT_OK(other.hm({QStringLiteral("push")}));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));
        // One that restored it from the Hub.
        HubKit third(m_server);
        EXPECT_OK(third.hm({QStringLiteral("open-from-hub"), QStringLiteral("alice/hawkmoth-quiet"),
                            QStringLiteral("copy")}));
        EXPECT_OK(third.hm({QStringLiteral("push")}));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestDefectsHub)
#include "tst_defects_hub.moc"
