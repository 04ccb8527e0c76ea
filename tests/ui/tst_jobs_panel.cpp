// JobsPanel against a real StorageCore and the test Hub: real sync and pull jobs appear, progress
// while they upload, wait to retry after a refused push, block on a rejected token, and are
// retried, unblocked and cancelled through the panel's buttons.

#include "HubServer.h"
#include "JobListModel.h"
#include "JobQueue.h"
#include "JobsPanel.h"
#include "LiveCore.h"
#include "Screenshots.h"
#include "StatusSummary.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

const QString unreachable = QStringLiteral("http://127.0.0.1:9/nowhere.git");

QString cell(const JobListModel &model, qint64 id, int column)
{
    const int row = model.rowOf(id);
    return row < 0 ? QStringLiteral("<absent>") : model.index(row, column).data().toString();
}

void click(QPushButton *button)
{
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestJobsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        useTestHome(m_home);
        QVERIFY2(m_hub.isRunning(), qPrintable(m_hub.error()));
    }

    void init()
    {
        m_hub.clearFaults();
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
    }

    void refusedPushIsRetriedThenCancelledFromTheButtons()
    {
        LiveCore lc;
        JobsPanel panel(lc.core());
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(900, 240);
        panel.show();
        JobListModel &model = *panel.model();
        QVERIFY(lc.core().git().setRemote(lc.ws(), unreachable).result().ok());
        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        const qint64 id = lc.jobOfKind(QStringLiteral("sync"));
        QTRY_VERIFY(model.rowOf(id) >= 0);
        QVERIFY(!panel.cancelButton()->isEnabled()); // nothing selected yet
        QVERIFY(lc.core().jobs().retry(lc.ws(), id).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        // A refused connection fails the sync (the core does not retry it by itself).
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("failed"));
        QVERIFY(!cell(model, id, JobListModel::ErrorColumn).isEmpty());

        QVERIFY(panel.selectJob(id));
        QCOMPARE(panel.selectedJob(), id);
        QVERIFY(panel.retryButton()->isEnabled());
        QVERIFY(panel.cancelButton()->isEnabled());
        QVERIFY(!panel.unblockButton()->isEnabled());
        QSignalSpy acted(&model, &JobListModel::actionFinished);
        click(panel.retryButton());
        QTRY_COMPARE(acted.size(), 1);
        QVERIFY(acted.at(0).at(2).toBool());
        QTRY_COMPARE(cell(model, id, JobListModel::NextAttemptColumn), QStringLiteral("now"));
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(id)->attempts, 2);
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("failed"));

        QCOMPARE(panel.selectedJob(), id); // the row was updated in place, still selected
        click(panel.cancelButton());
        QTRY_COMPARE(model.rowOf(id), -1);
        QCOMPARE(lc.job(id)->state, JobState::Cancelled);
        panel.showFinishedBox()->click();
        QTRY_VERIFY(model.rowOf(id) >= 0);
        QCOMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("cancelled"));
        QVERIFY(panel.selectJob(id));
        QVERIFY(!panel.cancelButton()->isEnabled());
        QVERIFY(!panel.retryButton()->isEnabled());
    }

    void rejectedTokenBlocksUntilUnblocked()
    {
        qputenv("HF_TOKEN", "hf_panel_not_yet");
        LiveCore lc;
        JobsPanel panel(lc.core());
        StatusSummary summary(lc.core());
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        JobListModel &model = *panel.model();
        QTRY_COMPARE(summary.workspaceName(), lc.ws().name()); // it hears the run from here on
        QVERIFY(lc.save(QStringLiteral("data/big.bin"), randomBytes(200 * 1024, 5)));
        const qint64 id = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QVERIFY(id > 0);
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(id)->state, JobState::Blocked);
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("blocked"));
        QCOMPARE(cell(model, id, JobListModel::NextAttemptColumn),
                 QStringLiteral("when unblocked"));
        // The status bar's source: the Hub answered (online), refused the token, sync in error.
        QTRY_COMPARE(summary.token(), StatusSummary::Token::Rejected);
        QCOMPARE(summary.connectivity(), StatusSummary::Connectivity::Online);
        QTRY_COMPARE(summary.sync(), StatusSummary::Sync::Error);
        QCOMPARE(summary.lastError(), lc.job(id)->lastError);

        QVERIFY(panel.selectJob(id));
        QVERIFY(panel.unblockButton()->isEnabled());
        m_hub.addToken(QStringLiteral("hf_panel_not_yet"), QStringLiteral("alice"));
        QSignalSpy acted(&model, &JobListModel::actionFinished);
        click(panel.unblockButton());
        QTRY_COMPARE(acted.size(), 1);
        QVERIFY2(acted.at(0).at(2).toBool(), qPrintable(acted.at(0).at(3).toString()));
        QTRY_COMPARE(cell(model, id, JobListModel::StateColumn), QStringLiteral("queued"));
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(id)->state, JobState::Done);
        QTRY_COMPARE(model.rowOf(id), -1);
    }

    // A real upload: the row shows determinate progress while the job runs; the commit after it
    // stalls on the server, and the panel's Cancel ends the job cancelled.
    void runningUploadProgressesAndIsCancelled()
    {
        LiveCore lc(R"({"hubTimeoutSeconds": 60})");
        JobsPanel panel(lc.core());
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(900, 200);
        JobListModel &model = *panel.model();
        QList<double> fractions;
        connect(&model, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex &from) {
            for (int row = from.row(); row < model.rowCount(); ++row)
                if (model.jobAt(row)->state == JobState::Running)
                    fractions.append(
                        model.index(row, 0).data(JobListModel::ProgressFractionRole).toDouble());
        });
        m_hub.fault(R"({"path": "/commit/main$", "kind": "stall"})");
        QVERIFY(lc.save(QStringLiteral("data/video.bin"), randomBytes(4 * 1024 * 1024, 7)));
        const qint64 id = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QFuture<Result<DrainReport>> run = lc.core().jobs().runDue(lc.ws());
        QTRY_COMPARE_WITH_TIMEOUT(cell(model, id, JobListModel::StateColumn),
                                  QStringLiteral("running"), 20000);
        // All bytes sent, then waiting for the commit's answer.
        QTRY_VERIFY_WITH_TIMEOUT(!fractions.isEmpty() && fractions.last() > 0.99, 20000);
        QVERIFY(std::any_of(fractions.cbegin(), fractions.cend(), [](double f) { return f > 0; }));
        QVERIFY(cell(model, id, JobListModel::ProgressColumn)
                    .contains(QLocale().formattedDataSize(4 * 1024 * 1024, 1)));
        QVERIFY(panel.selectJob(id)); // selected, as a user about to cancel it sees it
        QVERIFY(panel.cancelButton()->isEnabled());
        QVERIFY(grabWidget(panel, QStringLiteral("jobs-panel-uploading")));

        click(panel.cancelButton());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowOf(id), -1, 20000);
        QVERIFY(run.result().ok());
        QCOMPARE(lc.job(id)->state, JobState::Cancelled);
    }

    // Jobs in several states at once, for the eye: done, cancelled, failed, and a pull that waits.
    void severalStatesScreenshot()
    {
        LiveCore lc;
        JobsPanel panel(lc.core());
        panel.resize(900, 240);
        JobListModel &model = *panel.model();
        panel.showFinishedBox()->click();
        QVERIFY(lc.save(QStringLiteral("data/model.bin"), randomBytes(600 * 1024, 9)));
        const qint64 done = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(done)->state, JobState::Done);

        QVERIFY(lc.save(QStringLiteral("notes.md"), "notes\n"));
        const qint64 cancelled = lc.jobs(false).last().id;
        QVERIFY(cancelled != done);
        QTRY_VERIFY(model.rowOf(cancelled) >= 0);
        QVERIFY(panel.selectJob(cancelled));
        click(panel.cancelButton());
        QTRY_COMPARE(cell(model, cancelled, JobListModel::StateColumn),
                     QStringLiteral("cancelled"));

        QVERIFY(lc.core().git().setRemote(lc.ws(), unreachable).result().ok());
        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        const qint64 failed = lc.jobs(false).last().id;
        QVERIFY(lc.core().jobs().retry(lc.ws(), failed).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QTRY_COMPARE(cell(model, failed, JobListModel::StateColumn), QStringLiteral("failed"));

        // A pull the user asked for, with a token the Hub refuses.
        qputenv("HF_TOKEN", "hf_panel_refused");
        qint64 pull = 0;
        {
            auto db = lc.ws().connect();
            QVERIFY(db.ok());
            pull = JobQueue(**db)
                       .enqueue(QStringLiteral("pull"),
                                QJsonObject{{QStringLiteral("requested"), true}},
                                QStringLiteral("pull"))
                       .valueOr(0);
        }
        QVERIFY(lc.core().jobs().runDue(lc.ws(), {QStringLiteral("pull")}).result().ok());
        QTRY_VERIFY(model.rowOf(pull) >= 0);
        QTRY_COMPARE(model.jobAt(model.rowOf(pull))->state, lc.job(pull)->state);
        qInfo("the pull is %s: %s", qPrintable(jobStateName(lc.job(pull)->state)),
              qPrintable(lc.job(pull)->lastError));
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(grabWidget(panel, QStringLiteral("jobs-panel-states")));
    }

private:
    TempRoot m_home;
    HubServer m_hub;
};

QTEST_MAIN(TestJobsPanel)
#include "tst_jobs_panel.moc"
