// StorageStatsPanel against a real StorageCore and the test Hub: after saves in every layer its
// table, charts and git/hub sections show the core's own numbers; a real upload puts points on
// the transfer-rate line; Cleanup asks first and then removes the session files.

#include "AppTheme.h"
#include "HubServer.h"
#include "JobQueueChart.h"
#include "LayerShareChart.h"
#include "LiveCore.h"
#include "Screenshots.h"
#include "StatusForm.h"
#include "StatusSummary.h"
#include "StorageStatsModel.h"
#include "StorageStatsPanel.h"
#include "StorageStatus.h"
#include "TransferRate.h"
#include "TransferRateChart.h"

#include <QAbstractItemModelTester>
#include <QBarSet>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestStatsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        useTestHome(m_home);
        QVERIFY2(m_hub.isRunning(), qPrintable(m_hub.error()));
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
    }

    void numbersMatchTheCoreAfterSavesInEveryLayer()
    {
        LiveCore lc;
        StorageStatsPanel panel(lc.core());
        StatusSummary summary(lc.core());
        QAbstractItemModelTester tester(panel.statsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.resize(350, 1200);
        panel.show();
        QVERIFY(lc.save(QStringLiteral("src/app.py"), "print('hello')\n"));
        QVERIFY(lc.save(QStringLiteral("README.md"), "# Demo\n\nA workspace.\n"));
        QVERIFY(lc.save(QStringLiteral("data/weights.bin"), randomBytes(3 * 1024 * 1024, 4)));
        QVERIFY(lc.save(QStringLiteral("scratch/notes.tmp"), QByteArray(40 * 1024, 'n')));
        const StorageStats before = lc.stats();
        checkNumbers(panel, before);
        QTRY_COMPARE(panel.hubForm()->value(QStringLiteral("hubPending")),
                     QStringLiteral("1 file, 3.0 MiB"));
        QCOMPARE(panel.hubForm()->value(QStringLiteral("hubToken")),
                 QStringLiteral("from HF_TOKEN"));
        QTRY_VERIFY(
            panel.gitForm()->value(QStringLiteral("gitBranch")).startsWith(QLatin1String("main")));
        QCOMPARE(panel.gitForm()->value(QStringLiteral("gitRemote")), QStringLiteral("none"));
        QTRY_COMPARE(summary.token(), StatusSummary::Token::Present);
        QCOMPARE(summary.tokenText(), QStringLiteral("Token: HF_TOKEN"));

        // A sync run here: its upload's progress draws the transfer rate; afterwards nothing is
        // pending and the dataset is named.
        const qint64 id = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QCOMPARE(lc.job(id)->state, JobState::Done);
        QTRY_COMPARE(summary.connectivity(), StatusSummary::Connectivity::Online);
        QTRY_COMPARE(summary.sync(), StatusSummary::Sync::Idle);
        QLineSeries *rate = panel.rateChart()->series();
        QTRY_VERIFY(std::any_of(rate->points().cbegin(), rate->points().cend(),
                                [](const QPointF &p) { return p.y() > 0; }));
        QVERIFY(panel.status().transferRate().windowBytes() >= 3 * 1024 * 1024);
        QTRY_COMPARE(panel.hubForm()->value(QStringLiteral("hubPending")),
                     QStringLiteral("0 files, 0 bytes"));
        QVERIFY(!panel.hubForm()
                     ->value(QStringLiteral("hubDataset"))
                     .startsWith(QLatin1String("none")));
        QTRY_VERIFY_WITH_TIMEOUT(panel.gitForm()->value(QStringLiteral("gitUncommitted")) ==
                                     QStringLiteral("0 files"),
                                 3 * StorageStatus::gitIntervalMs);
        const StorageStats after = lc.stats();
        checkNumbers(panel, after);

        // A new edit queues the next sync: the queue chart counts it.
        QVERIFY(lc.save(QStringLiteral("src/util.py"), "def util():\n    return 1\n"));
        const StorageStats edited = lc.stats();
        QCOMPARE(edited.queuedJobs, 1);
        checkNumbers(panel, edited);
        QVERIFY(grabWidget(panel, QStringLiteral("stats-panel")));
        // The charts follow a dark palette as the rest of the panel does.
        const QPalette dark = AppTheme::darkPalette();
        panel.setPalette(dark);
        QCOMPARE(panel.rateChart()->chart()->backgroundBrush().color(), dark.color(QPalette::Base));
        QVERIFY(grabWidget(panel, QStringLiteral("stats-panel-dark")));
    }

    void cleanupAsksThenRemovesSessionFiles()
    {
        LiveCore lc;
        StorageStatsPanel panel(lc.core());
        QVERIFY(lc.save(QStringLiteral("scratch/a.tmp"), "a"));
        QVERIFY(lc.save(QStringLiteral("b.tmp"), "bb"));
        QTRY_COMPARE(panel.statsModel()->files(StorageStatsModel::SessionRow), qint64(2));
        QStringList asked;
        bool answer = false;
        panel.setConfirmation([&](const QString &question) {
            asked.append(question);
            return answer;
        });
        QSignalSpy finished(&panel, &StorageStatsPanel::cleanupFinished);
        QTRY_VERIFY(panel.cleanupButton()->isEnabled());
        QTest::mouseClick(panel.cleanupButton(), Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().contains(lc.ws().name()));
        QCOMPARE(finished.size(), 0); // the user said no: nothing ran
        QVERIFY(QFile::exists(lc.ws().absolutePath(QStringLiteral("b.tmp"))));

        answer = true;
        QTest::mouseClick(panel.cleanupButton(), Qt::LeftButton);
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(panel.cleanupResult()->text(), finished.first().at(1).toString());
        QVERIFY(panel.cleanupResult()->text().contains(QLatin1String("2 files")));
        QVERIFY(!QFile::exists(lc.ws().absolutePath(QStringLiteral("b.tmp"))));
        QTRY_COMPARE(panel.statsModel()->files(StorageStatsModel::SessionRow), qint64(0));
    }

private:
    void checkNumbers(StorageStatsPanel &panel, const StorageStats &expected)
    {
        StorageStatsModel *model = panel.statsModel();
        for (Layer layer : {Layer::Git, Layer::Hub, Layer::Session}) {
            const int row = int(layer);
            const LayerTotals t = expected.layers.value(layer);
            QTRY_COMPARE(model->files(row), t.files);
            QCOMPARE(model->bytes(row), t.bytes);
            QBarSet *set = panel.layerChart()->set(layer);
            QCOMPARE(set->at(LayerShareChart::FilesCategory), double(t.files));
            QCOMPARE(set->at(LayerShareChart::BytesCategory), double(t.bytes));
        }
        QBarSet *jobs = panel.jobChart()->set();
        QTRY_COMPARE(jobs->at(JobQueueChart::QueuedCategory), double(expected.queuedJobs));
        QCOMPARE(jobs->at(JobQueueChart::FailedCategory), double(expected.failedJobs));
        QCOMPARE(jobs->at(JobQueueChart::BlockedCategory), double(expected.blockedJobs));
    }

    TempRoot m_home;
    HubServer m_hub;
};

QTEST_MAIN(TestStatsPanel)
#include "tst_stats_panel.moc"
