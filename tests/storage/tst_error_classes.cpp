// Errors are classified by what the failing layer says structurally — libgit2's return code and
// error class, the HTTP status — never by searching their text: a path or a message that happens
// to contain "401" or "authentication" changes nothing, and a 403 means the same for git and Hub.

#include "GitError.h"
#include "GitHandles.h"
#include "HttpStatus.h"
#include "HubClient.h"
#include "HubCredentials.h"
#include "JobOutcome.h"
#include "JobQueue.h"
#include "SqliteConnection.h"

#include <git2.h>

#include <QTemporaryDir>
#include <QTest>

using namespace hawkmoth;
using hawkmoth::hub::HubCredentials;

class TestErrorClasses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { git::ensureInitialized(); }

    void httpStatusTable_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<ErrorCode>("code");
        QTest::newRow("401") << 401 << ErrorCode::Unauthenticated;
        QTest::newRow("407") << 407 << ErrorCode::Unauthenticated;
        QTest::newRow("403") << 403 << ErrorCode::PermissionDenied;
        QTest::newRow("404") << 404 << ErrorCode::NotFound;
        QTest::newRow("408") << 408 << ErrorCode::Network;
        QTest::newRow("409") << 409 << ErrorCode::AlreadyExists;
        QTest::newRow("412") << 412 << ErrorCode::Conflict;
        QTest::newRow("429") << 429 << ErrorCode::RateLimited;
        QTest::newRow("500") << 500 << ErrorCode::Server;
        QTest::newRow("503") << 503 << ErrorCode::Server;
        QTest::newRow("400") << 400 << ErrorCode::InvalidArgument;
    }
    void httpStatusTable()
    {
        QFETCH(int, status);
        QFETCH(ErrorCode, code);
        QCOMPARE(errorCodeOfHttpStatus(status), code);
        // The Hub's answers use the same table.
        hub::HubResponse response;
        response.status = status;
        response.body = R"({"error": "status 401 in the body says nothing"})";
        QCOMPARE(response.error(QStringLiteral("asking")).code, code);
    }

    void hubErrorsCarryTheirRetryAfterAndAdvice()
    {
        hub::HubResponse limited;
        limited.status = 429;
        limited.headers.insert("retry-after", "7");
        const Error rateLimited = limited.error(QStringLiteral("uploading"));
        QCOMPARE(rateLimited.retryAfterMs, 7000);
        QCOMPARE(JobOutcome::fromError(rateLimited).kind, JobOutcome::Kind::Retry);

        hub::HubResponse refused;
        refused.status = 401;
        const Error unauthenticated = refused.error(QStringLiteral("committing"));
        QVERIFY(unauthenticated.message.contains(QLatin1String("hawkmoth login")));
        QCOMPARE(JobOutcome::fromError(unauthenticated).kind, JobOutcome::Kind::Block);

        hub::HubResponse forbidden;
        forbidden.status = 403;
        const Error denied = forbidden.error(QStringLiteral("committing"));
        QVERIFY(denied.message.contains(QLatin1String("write token")));
        QCOMPARE(JobOutcome::fromError(denied).kind, JobOutcome::Kind::Block);
    }

    void gitByReturnCodeAndClass_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("klass");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<ErrorCode>("expected");
        QTest::newRow("EAUTH") << int(GIT_EAUTH) << int(GIT_ERROR_HTTP)
                               << QStringLiteral("unexpected authentication failure")
                               << ErrorCode::Unauthenticated;
        QTest::newRow("EAUTH from the credential callback")
            << int(GIT_EAUTH) << int(GIT_ERROR_NET) << QStringLiteral("anything")
            << ErrorCode::Unauthenticated;
        QTest::newRow("ECERTIFICATE")
            << int(GIT_ECERTIFICATE) << int(GIT_ERROR_SSL) << QString() << ErrorCode::Network;
        QTest::newRow("ENOTFOUND")
            << int(GIT_ENOTFOUND) << int(GIT_ERROR_REFERENCE) << QString() << ErrorCode::NotFound;
        QTest::newRow("non-fast-forward") << int(GIT_ENONFASTFORWARD) << int(GIT_ERROR_REFERENCE)
                                          << QString() << ErrorCode::Conflict;
        QTest::newRow("callback cancelled")
            << int(GIT_EUSER) << int(GIT_ERROR_CALLBACK) << QString() << ErrorCode::Cancelled;
        QTest::newRow("HTTP 403") << -1 << int(GIT_ERROR_HTTP)
                                  << QStringLiteral("unexpected http status code: 403")
                                  << ErrorCode::PermissionDenied;
        QTest::newRow("HTTP 401") << -1 << int(GIT_ERROR_HTTP)
                                  << QStringLiteral("unexpected http status code: 401")
                                  << ErrorCode::Unauthenticated;
        QTest::newRow("HTTP 404") << -1 << int(GIT_ERROR_HTTP)
                                  << QStringLiteral("unexpected http status code: 404")
                                  << ErrorCode::NotFound;
        QTest::newRow("HTTP 502") << -1 << int(GIT_ERROR_HTTP)
                                  << QStringLiteral("unexpected http status code: 502")
                                  << ErrorCode::Server;
        QTest::newRow("replays") << -1 << int(GIT_ERROR_HTTP)
                                 << QStringLiteral("too many redirects or authentication replays")
                                 << ErrorCode::Network;
        QTest::newRow("network class")
            << -1 << int(GIT_ERROR_NET) << QStringLiteral("failed to connect to 10.0.0.401: 403")
            << ErrorCode::Network;
        QTest::newRow("ssh class") << -1 << int(GIT_ERROR_SSH)
                                   << QStringLiteral("authentication failed") << ErrorCode::Network;
        // Text that only mentions statuses decides nothing.
        QTest::newRow("401 in a path")
            << -1 << int(GIT_ERROR_OS) << QStringLiteral("could not open 'reports/401.txt'")
            << ErrorCode::Io;
        QTest::newRow("authentication in a name")
            << -1 << int(GIT_ERROR_INDEX) << QStringLiteral("invalid path 'authentication/403.md'")
            << ErrorCode::Io;
        QTest::newRow("status inside other HTTP text")
            << -1 << int(GIT_ERROR_HTTP) << QStringLiteral("redirect to /401 refused")
            << ErrorCode::Network;
    }
    void gitByReturnCodeAndClass()
    {
        QFETCH(int, code);
        QFETCH(int, klass);
        QFETCH(QString, detail);
        QFETCH(ErrorCode, expected);
        QCOMPARE(git::classify(code, klass, detail), expected);
    }

    void gitFailureReadsTheLastErrorOfThisThread()
    {
        git_error_set_str(GIT_ERROR_HTTP, "unexpected http status code: 403");
        const Error denied = git::failure(-1, QStringLiteral("pushing to origin"));
        QCOMPARE(denied.code, ErrorCode::PermissionDenied);
        QCOMPARE(denied.message,
                 QStringLiteral("pushing to origin: unexpected http status code: 403"));
        QCOMPARE(JobOutcome::fromError(denied).kind, JobOutcome::Kind::Block);
        QVERIFY(git_error_last() == nullptr || git_error_last()->klass == GIT_ERROR_NONE);

        git_error_set_str(GIT_ERROR_OS, "cannot write 'notes/401-authentication.txt'");
        QCOMPARE(git::failure(-1, QStringLiteral("committing")).code, ErrorCode::Io);

        git_error_set_str(GIT_ERROR_NET, "connection refused");
        const Error offline = git::failure(-1, QStringLiteral("fetching"));
        QCOMPARE(offline.code, ErrorCode::Network);
        QCOMPARE(JobOutcome::fromError(offline).kind, JobOutcome::Kind::Retry);
    }

    void fullIndexIsAnIoErrorByItsSqliteCode()
    {
        QTemporaryDir dir;
        auto db = SqliteConnection::open(dir.filePath(QStringLiteral("index.db")));
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        // A database that may not grow answers SQLITE_FULL, like a full disk.
        QVERIFY((*db)->exec(QStringLiteral("CREATE TABLE filler(b BLOB)")));
        auto pages = (*db)->query();
        QVERIFY(pages.exec(QStringLiteral("PRAGMA page_count")) && pages.next());
        QVERIFY(
            (*db)->exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages.value(0).toInt())));
        const Status full =
            (*db)->exec(QStringLiteral("INSERT INTO filler VALUES (zeroblob(1000000))"));
        QVERIFY(!full);
        QCOMPARE(full.error().code, ErrorCode::Io);
        // Any other failure, whatever its text says, is not the disk's.
        const Status wrong = (*db)->exec(QStringLiteral("SELECT * FROM full_disk"));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::Internal);
    }

    // A job waits for a new Hub token when the Hub step met an authentication error — by the
    // error's class, kept with the job in the queue — never because its message has some words.
    void rejectedTokenIsRecognisedByCodeAndStep()
    {
        QTemporaryDir dir;
        auto db = SqliteConnection::open(dir.filePath(QStringLiteral("index.db")));
        QVERIFY2(db, db ? "" : qPrintable(db.error().message));
        JobQueue queue(**db);
        const auto blocked = [&queue](const QString &kind, const QString &message,
                                      const JobFault &fault) -> qint64 {
            auto id = queue.enqueue(kind);
            if (!id || !queue.finish(*id, JobState::Blocked, message, fault))
                return 0;
            return *id;
        };
        JobOutcome refused = JobOutcome::fromError(
            {ErrorCode::Unauthenticated, QStringLiteral("upload: HTTP 401 — invalid credentials")});
        QCOMPARE(refused.kind, JobOutcome::Kind::Block);
        QVERIFY(refused.fault.code == ErrorCode::Unauthenticated);
        refused.fault.step = HubCredentials::stepName();
        const qint64 byHub = blocked(QStringLiteral("sync"), refused.message, refused.fault);
        // The same words from git's step, and the words alone without a class, are not the Hub's.
        const qint64 byGit = blocked(QStringLiteral("pull"), HubCredentials::rejectedPhrase(),
                                     {ErrorCode::Unauthenticated, QStringLiteral("git")});
        const qint64 wordsOnly =
            blocked(QStringLiteral("relayer"),
                    QStringLiteral("hub: %1").arg(HubCredentials::rejectedPhrase()), {});
        const qint64 forbidden = blocked(QStringLiteral("push"), QStringLiteral("HTTP 403"),
                                         {ErrorCode::PermissionDenied, HubCredentials::stepName()});
        QVERIFY(byHub && byGit && wordsOnly && forbidden);

        auto jobs = queue.list({JobState::Blocked});
        QVERIFY(jobs);
        QCOMPARE(jobs->size(), qsizetype(4));
        for (const Job &j : std::as_const(*jobs)) {
            QCOMPARE(HubCredentials::rejectedToken(j), j.id == byHub);
            if (j.id == byHub) {
                QVERIFY(j.fault.code == ErrorCode::Unauthenticated);
                QCOMPARE(j.fault.step, HubCredentials::stepName());
            }
        }
        // Queued again by the user, it keeps its class; a success clears it.
        QVERIFY(queue.unblockOne(byHub));
        auto again = queue.get(byHub);
        QVERIFY(again && again->has_value());
        QVERIFY((*again)->fault.code == ErrorCode::Unauthenticated);
        QVERIFY(!HubCredentials::rejectedToken(**again));
        QVERIFY(queue.complete(byHub));
        again = queue.get(byHub);
        QVERIFY(again && again->has_value());
        QVERIFY(!(*again)->fault.code.has_value());
        QVERIFY((*again)->fault.step.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestErrorClasses)
#include "tst_error_classes.moc"
