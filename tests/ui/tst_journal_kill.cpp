// After a kill, the unsaved text comes back: a process (journal_holder, the real EditorArea) has
// typed into a file without saving and is killed with SIGKILL once its crash journal holds the
// text; the next start over the same data root offers the buffer back with the same text.

#include "EditorFixture.h"

#include <QProcess>
#include <QSignalSpy>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestJournalKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWindowsTextIsOfferedBack()
    {
        Fixture f;
        f.save(QStringLiteral("draft.md"), "saved text\n");
        f.core.reset(); // the killed process is the only one with the data root open

        QProcess holder;
        QProcessEnvironment env = f.root.environment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        holder.setProcessEnvironment(env);
        holder.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        holder.start(QStringLiteral(JOURNAL_HOLDER_PATH),
                     {QStringLiteral("draft.md"), QStringLiteral("typed, never saved")});
        QVERIFY2(holder.waitForStarted(), qPrintable(holder.errorString()));
        QByteArray out;
        while (!out.contains("journaled\n") && holder.state() == QProcess::Running) {
            if (holder.waitForReadyRead(30000))
                out += holder.readAllStandardOutput();
            else
                break;
        }
        QVERIFY2(out.contains("journaled\n"), out.constData());
        holder.kill(); // SIGKILL: nothing runs after it, no close, no save
        QVERIFY(holder.waitForFinished(30000));
        QCOMPARE(holder.exitStatus(), QProcess::CrashExit);

        // The next start.
        f.restartCore();
        QCOMPARE(f.load(QStringLiteral("draft.md")), QByteArray("saved text\n"));
        std::unique_ptr<EditorArea> area;
        f.recover(area, QStringLiteral("draft.md"), "saved text\ntyped, never saved",
                  "saved text\n");
        QVERIFY(area);
    }
};

QTEST_MAIN(TestJournalKill)
#include "tst_journal_kill.moc"
