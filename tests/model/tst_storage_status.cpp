// The stats panel's and status bar's sources against a real StorageCore: StorageStatus and
// StorageStatsModel match the core's statistics after saves in every layer, TransferRate turns
// progress into bytes per second on a hand-moved clock, and StatusSummary says pending, offline
// and online from real sync runs.

#include "LiveCore.h"
#include "StatusSummary.h"
#include "StorageStatsModel.h"
#include "StorageStatus.h"
#include "TransferRate.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

const QString unreachable = QStringLiteral("http://127.0.0.1:9/nowhere.git");

} // namespace

class TestStorageStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useTestHome(m_home); }

    void numbersMatchTheCoreInEveryLayer()
    {
        LiveCore lc;
        StorageStatus status(lc.core());
        StorageStatsModel model(status);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QTRY_VERIFY(status.stats().has_value());
        QTRY_VERIFY(status.gitStatus().has_value());
        QTRY_VERIFY(status.hubStatus().has_value());

        QVERIFY(lc.save(QStringLiteral("app.py"), "print('hello')\n"));
        QVERIFY(lc.save(QStringLiteral("data/big.bin"), randomBytes(300 * 1024, 3)));
        QVERIFY(lc.save(QStringLiteral("scratch/notes.tmp"), "scratch\n"));
        const StorageStats expected = lc.stats();
        QCOMPARE(expected.layers.value(Layer::Git).files, qint64(1));
        QCOMPARE(expected.layers.value(Layer::Hub).files, qint64(1));
        QCOMPARE(expected.layers.value(Layer::Session).files, qint64(1));
        for (int row : {StorageStatsModel::GitRow, StorageStatsModel::HubRow,
                        StorageStatsModel::SessionRow}) {
            const LayerTotals t = expected.layers.value(StorageStatsModel::layerOf(row));
            QTRY_COMPARE(model.index(row, StorageStatsModel::FilesColumn)
                             .data(StorageStatsModel::ValueRole)
                             .toLongLong(),
                         t.files);
            QCOMPARE(model.index(row, StorageStatsModel::BytesColumn)
                         .data(StorageStatsModel::ValueRole)
                         .toLongLong(),
                     t.bytes);
        }
        QCOMPARE(model.bytes(StorageStatsModel::TotalRow),
                 expected.layers.value(Layer::Git).bytes + 300 * 1024 +
                     expected.layers.value(Layer::Session).bytes);
        QCOMPARE(model.index(StorageStatsModel::HubRow, StorageStatsModel::LayerColumn).data(),
                 QVariant(QStringLiteral("hub")));
        QCOMPARE(resets.size(), 0);
        // The hub layer's status counts the upload that waits; git has a branch and no remote.
        QTRY_COMPARE(status.hubStatus()->pendingUploads, qint64(1));
        QCOMPARE(status.hubStatus()->pendingBytes, qint64(300 * 1024));
        QTRY_VERIFY(status.gitStatus()->hasRepository);
        QCOMPARE(status.gitStatus()->branch, QStringLiteral("main"));
        QVERIFY(status.gitStatus()->remote.isEmpty());
        QCOMPARE(status.stats()->queuedJobs, expected.queuedJobs);

        // Another workspace becomes current: the numbers are its own, without a reset.
        auto other = lc.core()
                         .workspaces()
                         .create(QStringLiteral("other"), QStringLiteral("empty"), true)
                         .result();
        QVERIFY(other.ok());
        QTRY_COMPARE(status.workspace().name(), QStringLiteral("other"));
        QTRY_VERIFY(status.stats() && status.stats()->workspace == QLatin1String("other"));
        const StorageStats fresh =
            lc.core().workspaces().statistics(other->workspace).result().value();
        QCOMPARE(model.files(StorageStatsModel::TotalRow),
                 fresh.layers.value(Layer::Git).files + fresh.layers.value(Layer::Hub).files +
                     fresh.layers.value(Layer::Session).files);
        QCOMPARE(model.files(StorageStatsModel::HubRow), qint64(0));
        QCOMPARE(resets.size(), 0);
    }

    // A burst of saves is a handful of reads, not one per change: at most one per interval.
    void refreshesAreCoalesced()
    {
        LiveCore lc;
        StorageStatus status(lc.core());
        QTRY_VERIFY(status.stats().has_value());
        QSignalSpy stats(&status, &StorageStatus::statsChanged);
        QSignalSpy git(&status, &StorageStatus::gitChanged);
        QElapsedTimer elapsed;
        elapsed.start();
        QList<QFuture<Result<FileEntry>>> saves;
        for (int i = 0; i < 200; ++i)
            saves.append(lc.core().files().save(lc.ws(), QStringLiteral("notes/%1.md").arg(i),
                                                QByteArray("note ") + QByteArray::number(i)));
        // Until the last save is counted (the GUI thread keeps turning meanwhile).
        QTRY_VERIFY_WITH_TIMEOUT(
            status.stats() && status.stats()->layers.value(Layer::Git).files == 200, 30000);
        const qint64 ms = elapsed.elapsed();
        qInfo("200 saves in %lld ms: %lld statistics reads, %lld git status reads", ms,
              qint64(stats.size()), qint64(git.size()));
        QVERIFY2(stats.size() <= ms / StorageStatus::statsIntervalMs + 2,
                 qPrintable(QString::number(stats.size())));
        QVERIFY2(git.size() <= ms / StorageStatus::gitIntervalMs + 2,
                 qPrintable(QString::number(git.size())));
        for (auto &f : saves)
            QVERIFY(f.result().ok());
    }

    void transferRateOnAHandMovedClock()
    {
        ManualClock clock(1'000'000'000'000);
        TransferRate rate;
        rate.setClock(clock.clock());
        QSignalSpy changed(&rate, &TransferRate::changed);
        const QString ws = QStringLiteral("ws");
        rate.started(ws, 1);
        rate.progressed(ws, 1, 1000);
        clock.advance(TransferRate::slotMs);
        rate.progressed(ws, 1, 5000);
        rate.progressed(ws, 1, 3000); // an older report arriving late moved nothing
        QCOMPARE(changed.size(), 2);
        const QList<QPointF> points = rate.points();
        QCOMPARE(points.size(), int(TransferRate::windowMs / TransferRate::slotMs));
        QCOMPARE(points.last().x(), 0.0);
        QCOMPARE(points.last().y(), 4000.0 * 1000 / TransferRate::slotMs);
        QCOMPARE(points.at(points.size() - 2).y(), 1000.0 * 1000 / TransferRate::slotMs);
        QCOMPARE(points.at(points.size() - 2).x(), -double(TransferRate::slotMs) / 1000);
        QCOMPARE(rate.windowBytes(), qint64(5000));
        QCOMPARE(rate.peakRate(), 4000.0 * 1000 / TransferRate::slotMs);
        // The queue's notice of the start may come after the first live report: no double count.
        rate.started(ws, 1);
        rate.progressed(ws, 1, 5000);
        QCOMPARE(rate.windowBytes(), qint64(5000));
        // A job run again after its end counts from zero.
        rate.ended(ws, 1);
        rate.started(ws, 1);
        rate.progressed(ws, 1, 500);
        QCOMPARE(rate.windowBytes(), qint64(5500));
        // Five minutes on, it has all left the window.
        clock.advance(TransferRate::windowMs);
        QCOMPARE(rate.windowBytes(), qint64(0));
        QCOMPARE(rate.points().last().y(), 0.0);
    }

    void summarySaysPendingOfflineAndOnline()
    {
        LiveCore lc;
        StatusSummary summary(lc.core());
        QTRY_COMPARE(summary.workspaceName(), lc.ws().name());
        QTRY_COMPARE(summary.token(), StatusSummary::Token::None);
        QCOMPARE(summary.tokenText(), QStringLiteral("No Hub token"));
        QCOMPARE(summary.connectivity(), StatusSummary::Connectivity::Unknown);

        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        QTRY_COMPARE(summary.sync(), StatusSummary::Sync::Pending);
        QCOMPARE(summary.pendingCount(), 1);
        QCOMPARE(summary.syncText(), QStringLiteral("1 pending"));

        // A sync whose push is refused: offline, with the error, and the sync in error.
        QVERIFY(lc.core().git().setRemote(lc.ws(), unreachable).result().ok());
        const qint64 id = lc.jobOfKind(QStringLiteral("sync"));
        QVERIFY(lc.core().jobs().retry(lc.ws(), id).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QTRY_COMPARE(summary.connectivity(), StatusSummary::Connectivity::Offline);
        QCOMPARE(summary.lastError(), lc.job(id)->lastError);
        QTRY_COMPARE(summary.sync(), StatusSummary::Sync::Error);
        QCOMPARE(summary.syncText(), QStringLiteral("Sync error"));
        // A retry the user asks for is no network result.
        QVERIFY(lc.core().jobs().retry(lc.ws(), id).result().ok());
        QSignalSpy changed(&summary, &StatusSummary::changed);
        QTRY_VERIFY(!changed.isEmpty());
        QCOMPARE(summary.connectivity(), StatusSummary::Connectivity::Offline);

        // A remote that answers (a bare repository on disk): online, idle, the error gone.
        const QString bare = lc.root().file(QStringLiteral("remote.git"));
        QCOMPARE(runProgram(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q"),
                                                    QStringLiteral("--bare"), bare})
                     .exitCode,
                 0);
        QVERIFY(lc.core().git().setRemote(lc.ws(), bare).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        QTRY_COMPARE(summary.connectivity(), StatusSummary::Connectivity::Online);
        QTRY_COMPARE(summary.sync(), StatusSummary::Sync::Idle);
        QVERIFY(summary.lastError().isEmpty());
        QCOMPARE(summary.syncText(), QStringLiteral("Synced"));
    }

private:
    TempRoot m_home;
};

QTEST_MAIN(TestStorageStatus)
#include "tst_storage_status.moc"
