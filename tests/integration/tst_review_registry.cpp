// The workspace registry's lock and listing: a slow listing must not hold up changes to the set of
// workspaces, and only the folder listing itself is serialised with them.

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace hawkmoth::test;

class TestReviewRegistry : public QObject
{
    Q_OBJECT

private slots:
    void slowListingDoesNotHoldUpCreate()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("busy"),
                                     QStringLiteral("--no-switch")}));
        const QString index =
            root.dataRoot() + QStringLiteral("/workspaces/busy/.hawkmoth/index.db");
        {
            // An exclusive lock on one index makes every reader of it wait out its busy timeout.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), index);
            db.setDatabaseName(index);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA locking_mode=EXCLUSIVE")));
            QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")));

            QProcess listing;
            listing.setProcessEnvironment(root.environment());
            listing.start(hawkmothBinary(), {QStringLiteral("list-projects")});
            QVERIFY(listing.waitForStarted());
            QTest::qWait(1500); // the listing is now waiting on the locked index

            QElapsedTimer timer;
            timer.start();
            EXPECT_OK(runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("fresh"),
                                         QStringLiteral("--no-switch")}));
            const qint64 createMs = timer.elapsed();
            const bool listingStillRunning = listing.state() != QProcess::NotRunning;
            q.exec(QStringLiteral("ROLLBACK"));
            q.finish();
            db.close();
            QVERIFY(listing.waitForFinished(60000));
            QVERIFY2(listingStillRunning, "the index lock did not slow the listing down");
            QVERIFY2(
                createMs < 8000,
                qPrintable(QStringLiteral("create waited %1 ms behind the listing").arg(createMs)));
            QCOMPARE(listing.exitCode(), 0);
            QVERIFY(listing.readAllStandardOutput().contains("busy"));
        }
        QSqlDatabase::removeDatabase(index);
    }
};

QTEST_GUILESS_MAIN(TestReviewRegistry)
#include "tst_review_registry.moc"
