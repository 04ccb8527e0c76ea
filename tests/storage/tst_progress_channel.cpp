// ProgressChannel: reports made on pool threads arrive as signals on the channel's own thread,
// coalesced, and nothing is delivered after the channel is gone.

#include "ProgressChannel.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace hawkmoth;

class TestProgressChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversOnOwnThreadAndCoalesces()
    {
        ProgressChannel channel;
        QThread *receivedOn = nullptr;
        QList<qint64> seen;
        connect(&channel, &ProgressChannel::progressed, this, [&](const Progress &p) {
            receivedOn = QThread::currentThread();
            seen.append(p.bytesDone);
        });
        QSignalSpy notes(&channel, &ProgressChannel::noted);
        const OperationControl control = channel.control();
        QtConcurrent::run([control] {
            for (qint64 i = 1; i <= 1000; ++i)
                control.report(Progress{i, 1000, 0, 0});
            control.say(QStringLiteral("done"));
        }).waitForFinished();
        QTRY_COMPARE(notes.count(), 1);
        QTRY_VERIFY(!seen.isEmpty() && seen.last() == 1000);
        QCOMPARE(receivedOn, QThread::currentThread());
        // All thousand reports were made before any delivery ran: they arrive as one.
        QCOMPARE(seen.size(), 1);
        QCOMPARE(notes.first().first().toString(), QStringLiteral("done"));
    }

    void cancelReachesEveryCopy()
    {
        ProgressChannel channel;
        const OperationControl a = channel.control();
        const OperationControl b = channel.control();
        QVERIFY(!a.cancel.isCancelled());
        channel.cancel();
        QVERIFY(a.cancel.isCancelled());
        QVERIFY(b.cancel.isCancelled());
    }
};

QTEST_GUILESS_MAIN(TestProgressChannel)
#include "tst_progress_channel.moc"
