// JobListModel against a real StorageCore: sync jobs appear when files are saved, change in place
// as they run, retry and end; a sync to an unreachable remote fails with its error and is
// retried; the model follows a workspace switch. QAbstractItemModelTester watches throughout.

#include "JobListModel.h"
#include "LiveCore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

// Port 9 (discard) has no listener on 127.0.0.1: every connection is refused at once.
const QString unreachable = QStringLiteral("http://127.0.0.1:9/nowhere.git");

QString cell(const JobListModel &model, qint64 id, int column)
{
    const int row = model.rowOf(id);
    return row < 0 ? QStringLiteral("<absent>") : model.index(row, column).data().toString();
}

} // namespace

class TestJobListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useTestHome(m_home); }

    void jobsAppearRunAndEndInPlace()
    {
        LiveCore lc;
        JobListModel model(lc.core());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(model.workspace().isValid());
        QCOMPARE(model.workspace().name(), lc.ws().name());
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        const qint64 id = lc.jobOfKind(QStringLiteral("sync"));
        QVERIFY(id > 0);
        QTRY_VERIFY(model.rowOf(id) >= 0);
        QCOMPARE(cell(model, id, JobListModel::KindColumn), QStringLiteral("Sync"));
        QCOMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("queued"));
        // A save's sync waits for quiet: the time it runs is shown.
        QTRY_VERIFY(!cell(model, id, JobListModel::NextAttemptColumn).isEmpty());
        QCOMPARE(model.index(model.rowOf(id), 0).data(JobListModel::JobKindRole).toString(),
                 QStringLiteral("sync"));
        QVERIFY(model.canCancel(model.rowOf(id)));
        QVERIFY(model.canRetry(model.rowOf(id)));
        QVERIFY(!model.canUnblock(model.rowOf(id)));

        // Started and ended: the row leaves (finished jobs are hidden), without a reset.
        QVERIFY(lc.core().jobs().retry(lc.ws(), id).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QTRY_COMPARE(model.rowOf(id), -1);
        QCOMPARE(lc.job(id)->state, JobState::Done);

        // Shown again with the finished ones, as done.
        model.setShowFinished(true);
        QTRY_VERIFY(model.rowOf(id) >= 0);
        QCOMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("done"));
        QVERIFY(!model.canCancel(model.rowOf(id)));
        model.setShowFinished(false);
        QCOMPARE(model.rowOf(id), -1);
        QCOMPARE(resets.size(), 0); // every change in place
    }

    void unreachableRemoteWaitsAndIsRetried()
    {
        LiveCore lc;
        JobListModel model(lc.core());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(lc.core().git().setRemote(lc.ws(), unreachable).result().valueOr({}), unreachable);
        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        const qint64 id = lc.jobOfKind(QStringLiteral("sync"));
        QVERIFY(lc.core().jobs().retry(lc.ws(), id).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        // The push was refused, and the core gives up on a refused connection (it does not
        // retry it by itself): failed, with the error, until the user retries.
        const Job after = *lc.job(id);
        QVERIFY2(after.state == JobState::Failed || after.state == JobState::Queued,
                 qPrintable(jobStateName(after.state)));
        QVERIFY(after.lastError.contains(QLatin1String("127.0.0.1")));
        const QString shown =
            after.state == JobState::Failed ? QStringLiteral("failed") : QStringLiteral("retrying");
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), shown);
        QTRY_COMPARE(cell(model, id, JobListModel::ErrorColumn), after.lastError);
        QVERIFY(model.canRetry(model.rowOf(id)));

        // Retry now: due at once, and the next run is a second attempt.
        QSignalSpy acted(&model, &JobListModel::actionFinished);
        model.retryJob(id);
        QTRY_COMPARE(acted.size(), 1);
        QCOMPARE(acted.at(0).at(2).toBool(), true);
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("queued"));
        QCOMPARE(cell(model, id, JobListModel::NextAttemptColumn), QStringLiteral("now"));
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(id)->attempts, 2);
        QTRY_COMPARE(model.jobAt(model.rowOf(id))->attempts, 2);
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), shown);

        // Cancelled for good: it leaves the list and the queue.
        model.cancelJob(id);
        QTRY_COMPARE(acted.size(), 2);
        QTRY_COMPARE(model.rowOf(id), -1);
        QCOMPARE(lc.job(id)->state, JobState::Cancelled);
        // An action the queue refuses says why.
        model.retryJob(id);
        QTRY_COMPARE(acted.size(), 3);
        QCOMPARE(acted.at(2).at(2).toBool(), false);
        QVERIFY(!acted.at(2).at(3).toString().isEmpty());
    }

    void followsTheCurrentWorkspace()
    {
        LiveCore lc;
        JobListModel model(lc.core());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(lc.save(QStringLiteral("a.md"), "a\n"));
        QTRY_COMPARE(model.rowCount(), 1);
        auto created = lc.core()
                           .workspaces()
                           .create(QStringLiteral("other"), QStringLiteral("empty"), true)
                           .result();
        QVERIFY(created.ok());
        QTRY_COMPARE(model.workspace().name(), QStringLiteral("other"));
        QTRY_COMPARE(model.rowCount(), 0);
        // Jobs of the workspace left behind no longer show; the new one's do.
        QVERIFY(lc.save(QStringLiteral("b.md"), "b\n"));
        lc.core().changes().flush();
        QCoreApplication::processEvents();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(lc.core().files().save(created->workspace, QStringLiteral("c.md"), "c\n").result());
        QTRY_COMPARE(model.rowCount(), 1);
        QCOMPARE(model.jobAt(0)->kind, QStringLiteral("sync"));
    }

private:
    TempRoot m_home;
};

QTEST_MAIN(TestJobListModel)
#include "tst_job_list_model.moc"
