// The test Hub's git endpoint is faithful: the git CLI clones, pushes, is refused by the Hub's
// pre-receive checks and is refused a wrong token exactly as by a real web server (lighttpd running
// git http-backend behind basic auth) with the same hook installed.

#include "GitHttpServer.h"
#include "HubServer.h"
#include "TestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace hawkmoth::test;

namespace {

ProcessResult git(const QStringList &args, const QString &dir = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("T"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("t@example.org"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("T"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("t@example.org"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return runProgram(QStringLiteral("git"), args, dir, env);
}

// What a push answered, without what differs by server (its URL, the remote's own line endings).
struct Outcome
{
    int exitCode = -1;
    QStringList remoteLines; // "remote: …" lines, trimmed
    QString verdict;         // "main -> main" and the reason it was refused, if it was
    QString head;            // the server's main afterwards
};

Outcome push(const QString &clone, const QString &url)
{
    auto r = git({QStringLiteral("-C"), clone, QStringLiteral("push"), QStringLiteral("origin"),
                  QStringLiteral("main")});
    Outcome o;
    o.exitCode = r.exitCode;
    for (const QByteArray &line : r.err.split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.startsWith(QLatin1String("remote:")))
            o.remoteLines.append(text);
        else if (text.contains(QLatin1String("main -> main")))
            o.verdict = text.mid(text.indexOf(QLatin1String("main -> main")));
    }
    o.head = QString::fromUtf8(
        git({QStringLiteral("ls-remote"), url, QStringLiteral("refs/heads/main")}).out.left(40));
    return o;
}

} // namespace

class TestHubServerGit : public QObject
{
    Q_OBJECT

private:
    HubServer m_hub;
    GitHttpServer m_web;

    QString hubUrl(const QString &password) const
    {
        return QStringLiteral("http://alice:%1@127.0.0.1:%2/alice/same")
            .arg(password)
            .arg(m_hub.port());
    }
    QString webUrl(const QString &password) const
    {
        return m_web.url(QStringLiteral("same.git"))
            .replace(
                QStringLiteral("http://"),
                QStringLiteral("http://%1:%2@").arg(QLatin1String(GitHttpServer::user), password));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_hub.isRunning(), qPrintable(m_hub.error()));
        QVERIFY2(m_web.isRunning(), qPrintable(m_web.error()));
        // The Hub's repository, made through its API; the web server's, with the same first
        // commit and the same hook.
        auto created = runProgram(QStringLiteral("node"),
                                  {hubServerDir() + QStringLiteral("/hfclient.mjs"),
                                   QStringLiteral("--endpoint"), m_hub.url(),
                                   QStringLiteral("--token"), QLatin1String(HubServer::token),
                                   QStringLiteral("--type"), QStringLiteral("model"),
                                   QStringLiteral("create-repo"), QStringLiteral("alice/same")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        QVERIFY(m_web.createRepository(QStringLiteral("same.git")));
        const QString bare = m_web.repositoryPath(QStringLiteral("same.git"));
        QTemporaryDir seed;
        auto fromHub = git({QStringLiteral("clone"), QStringLiteral("-q"),
                            hubUrl(QLatin1String(HubServer::token)), seed.path() + "/s"});
        QVERIFY2(fromHub.exitCode == 0, qPrintable(fromHub.describe()));
        QCOMPARE(git({QStringLiteral("-C"), seed.path() + "/s", QStringLiteral("push"), bare,
                      QStringLiteral("main")})
                     .exitCode,
                 0);
        auto hook = runProgram(QStringLiteral("node"),
                               {hubServerDir() + QStringLiteral("/lib/prereceive.mjs"),
                                QStringLiteral("--install"), bare});
        QVERIFY2(hook.exitCode == 0, qPrintable(hook.describe()));
    }

    void cloneWithoutTokenIsRefusedAlike()
    {
        QTemporaryDir dir;
        auto hub = git({QStringLiteral("clone"), QStringLiteral("-q"),
                        QStringLiteral("http://127.0.0.1:%1/alice/same").arg(m_hub.port()),
                        dir.path() + "/h"});
        auto web = git({QStringLiteral("clone"), QStringLiteral("-q"),
                        m_web.url(QStringLiteral("same.git")), dir.path() + "/w"});
        QCOMPARE(hub.exitCode, web.exitCode);
        QVERIFY(hub.exitCode != 0);
        QVERIFY2(hub.err.contains("could not read Username"), hub.err.constData());
        QVERIFY2(web.err.contains("could not read Username"), web.err.constData());
        auto hubWrong = git({QStringLiteral("ls-remote"), hubUrl(QStringLiteral("hf_wrong"))});
        auto webWrong = git({QStringLiteral("ls-remote"), webUrl(QStringLiteral("wrong"))});
        QCOMPARE(hubWrong.exitCode, webWrong.exitCode);
        QVERIFY2(hubWrong.err.contains("Authentication failed"), hubWrong.err.constData());
        QVERIFY2(webWrong.err.contains("Authentication failed"), webWrong.err.constData());
    }

    void pushesAndRefusalsMatch()
    {
        QTemporaryDir dir;
        const QString hubClone = dir.path() + "/h";
        const QString webClone = dir.path() + "/w";
        const QString hubAuth = hubUrl(QLatin1String(HubServer::token));
        const QString webAuth = webUrl(QLatin1String(GitHttpServer::password));
        QCOMPARE(git({QStringLiteral("clone"), QStringLiteral("-q"), hubAuth, hubClone}).exitCode,
                 0);
        QCOMPARE(git({QStringLiteral("clone"), QStringLiteral("-q"), webAuth, webClone}).exitCode,
                 0);
        // The same first commit on both: the clones are the same history.
        QCOMPARE(git({QStringLiteral("-C"), hubClone, QStringLiteral("rev-parse"),
                      QStringLiteral("HEAD")})
                     .out,
                 git({QStringLiteral("-C"), webClone, QStringLiteral("rev-parse"),
                      QStringLiteral("HEAD")})
                     .out);
        QByteArray binary = randomBytes(2048, 3);
        binary[0] = '\0';
        const QList<std::pair<QString, QByteArray>> steps = {
            {QStringLiteral("notes.md"), QByteArray("# notes\n")},
            {QStringLiteral("tool.dat"), binary},
            {QStringLiteral("big.txt"), QByteArray(10 * 1024 * 1024 + 1, 'a')},
        };
        for (const auto &[name, content] : steps) {
            for (const QString &clone : {hubClone, webClone}) {
                git({QStringLiteral("-C"), clone, QStringLiteral("reset"), QStringLiteral("-q"),
                     QStringLiteral("--hard"), QStringLiteral("origin/main")});
                writeFile(clone + QLatin1Char('/') + name, content);
                git({QStringLiteral("-C"), clone, QStringLiteral("add"), name});
                git({QStringLiteral("-C"), clone, QStringLiteral("commit"), QStringLiteral("-qm"),
                     name});
            }
            const QString before = QString::fromUtf8(
                git({QStringLiteral("ls-remote"), hubAuth, QStringLiteral("refs/heads/main")})
                    .out.left(40));
            const Outcome hub = push(hubClone, hubAuth);
            const Outcome web = push(webClone, webAuth);
            QCOMPARE(hub.exitCode, web.exitCode);
            QCOMPARE(hub.remoteLines, web.remoteLines);
            QCOMPARE(hub.verdict, web.verdict);
            if (name == QLatin1String("notes.md")) {
                QCOMPARE(hub.exitCode, 0);
                QVERIFY(hub.head != before);
            } else {
                QVERIFY(hub.exitCode != 0);
                QCOMPARE(hub.verdict, QStringLiteral("main -> main (pre-receive hook declined)"));
                QVERIFY2(hub.remoteLines.contains(
                             QStringLiteral("remote:   - %1 (ref: refs/heads/main)").arg(name)),
                         qPrintable(hub.remoteLines.join(QLatin1Char('\n'))));
                QCOMPARE(hub.head, before);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHubServerGit)
#include "tst_hubserver_git.moc"
