// HistoryDialog against a real StorageCore whose workspace has commits (saved and synced through
// the core): the commits listed, a version shown as PATH@REV, its diff against the current
// content, and restoring it, which an open clean editor follows. And LineDiff itself.

#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "HistoryDialog.h"
#include "LineDiff.h"
#include "Screenshots.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDir>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {} // namespace

class TestHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lineDiff()
    {
        const LineDiff same(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"));
        QVERIFY(same.isIdentical());
        QCOMPARE(same.unified(QStringLiteral("a/x"), QStringLiteral("b/x")),
                 QStringLiteral("--- a/x\n+++ b/x\n"));

        const QString before = QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
        const QString after = QStringLiteral("1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n12\n13\n");
        const LineDiff diff(before, after);
        QCOMPARE(diff.added(), 2);
        QCOMPARE(diff.removed(), 2);
        // Two hunks: the changes are more than twice the context apart. Checked against
        // `diff -u` of the same texts.
        QCOMPARE(diff.unified(QStringLiteral("a/f"), QStringLiteral("b/f")),
                 QStringLiteral("--- a/f\n+++ b/f\n"
                                "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
                                "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n 12\n+13\n"));

        const LineDiff fromNothing(QString(), QStringLiteral("new\n"));
        QCOMPARE(fromNothing.unified(QStringLiteral("a"), QStringLiteral("b")),
                 QStringLiteral("--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n"));
        const LineDiff toNothing(QStringLiteral("x\ny\n"), QString());
        QCOMPARE(toNothing.unified(QStringLiteral("a"), QStringLiteral("b")),
                 QStringLiteral("--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n"));

        // Each line of a large shuffled text: the edit script found is a real one.
        QStringList left;
        QStringList right;
        for (int i = 0; i < 3000; ++i) {
            left.append(QString::number(i));
            if (i % 7 != 0)
                right.append(QString::number(i));
            if (i % 11 == 0)
                right.append(QStringLiteral("new %1").arg(i));
        }
        const LineDiff big(left.join(QLatin1Char('\n')), right.join(QLatin1Char('\n')));
        QStringList rebuiltOld;
        QStringList rebuiltNew;
        for (const LineDiff::Line &line : big.lines()) {
            if (line.kind != LineDiff::Kind::Added)
                rebuiltOld.append(line.text);
            if (line.kind != LineDiff::Kind::Removed)
                rebuiltNew.append(line.text);
        }
        QCOMPARE(rebuiltOld, left);
        QCOMPARE(rebuiltNew, right);
        QCOMPARE(big.removed(), 429);
        QCOMPARE(big.added(), 273);
    }

    void historyListsShowsDiffsAndRestores()
    {
        TempRoot root;
        writeFile(root.file(QStringLiteral("home/.gitconfig")),
                  "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n"
                  "[init]\n\tdefaultBranch = main\n");
        qputenv("HOME", root.file(QStringLiteral("home")).toUtf8());
        qputenv("XDG_CONFIG_HOME", root.file(QStringLiteral("xdg")).toUtf8());
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        StorageCore core(Paths(root.dataRoot(), root.cacheRoot()));
        QVERIFY(core.start().result().ok());
        const Workspace ws = *core.workspaces().current().result();
        const QString path = QStringLiteral("src/tool.py");
        QVERIFY(core.files().save(ws, path, "def main():\n    return 1\n").result().ok());
        QVERIFY(core.sync().sync(ws, {}).result().ok());
        QVERIFY(core.files()
                    .save(ws, path, "def main():\n    # the answer\n    return 42\n")
                    .result()
                    .ok());
        QVERIFY(core.sync().sync(ws, {}).result().ok());
        const auto log = core.git().history(ws, path, 10).result();
        QVERIFY(log.ok());
        QCOMPARE(log->size(), 2);
        const QString older = log->at(1).oid;

        // An editor holds the file, clean: the restore reaches it as an edit on disk.
        EditorArea area(core);
        area.openFile(path);
        QVERIFY(QTest::qWaitFor([&] {
            const EditorTab *tab = area.tabFor(path);
            return tab && tab->state() == EditorTab::State::Text;
        }));

        HistoryDialog dialog(core, path);
        QSignalSpy loaded(&dialog, &HistoryDialog::historyLoaded);
        QSignalSpy shown(&dialog, &HistoryDialog::viewShown);
        dialog.show();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.first().first().toInt(), 2);
        QCOMPARE(dialog.commitList()->topLevelItemCount(), 2);
        QCOMPARE(dialog.selectedRevision(), log->at(0).oid);
        QTRY_VERIFY(!shown.isEmpty()); // the newest version, selected at once
        QCOMPARE(dialog.viewer()->text(),
                 QStringLiteral("def main():\n    # the answer\n    return 42\n"));
        QCOMPARE(dialog.viewer()->language(), QStringLiteral("Python"));
        QVERIFY(dialog.viewer()->isReadOnly());

        dialog.showVersion(older);
        QTRY_COMPARE(dialog.viewTitle(), path + QLatin1Char('@') + older.left(10));
        QCOMPARE(dialog.viewer()->text(), QStringLiteral("def main():\n    return 1\n"));

        dialog.showDiff(older);
        QTRY_VERIFY(dialog.viewTitle().endsWith(QStringLiteral("current")));
        const QString diff = dialog.viewer()->text();
        QVERIFY2(diff.contains(QStringLiteral("\n-    return 1\n")), qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("\n+    # the answer\n+    return 42\n")),
                 qPrintable(diff));
        QVERIFY(diff.startsWith(QStringLiteral("--- a/src/tool.py@")));
        QCOMPARE(dialog.viewer()->language(), QStringLiteral("Diff"));
        // The same through the dialog's own controls: the older commit, in diff mode.
        const QList<QRadioButton *> modes = dialog.findChildren<QRadioButton *>();
        QCOMPARE(modes.size(), 2);
        shown.clear();
        modes.at(1)->click();
        dialog.commitList()->setCurrentItem(dialog.commitList()->topLevelItem(1));
        QTRY_VERIFY(!shown.isEmpty() &&
                    shown.last().first().toString().endsWith(QStringLiteral("current")));
        QTRY_COMPARE(dialog.viewer()->text(), diff);
        QVERIFY(grabWidget(dialog, QStringLiteral("history-dialog")));

        // Declined: nothing changes. Confirmed: the old version is the file again.
        dialog.setConfirm([](const QString &) { return false; });
        QSignalSpy restored(&dialog, &HistoryDialog::restored);
        dialog.restore(older);
        QTest::qWait(200);
        QCOMPARE(restored.size(), 0);
        dialog.setConfirm([](const QString &question) {
            return question.contains(QStringLiteral("src/tool.py"));
        });
        dialog.restore(older);
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.first().at(1).toString(), older);
        QCOMPARE(readFile(ws.absolutePath(path)), QByteArray("def main():\n    return 1\n"));
        // The history was not rewritten: the restore is a change for the next commit.
        QCOMPARE(core.git().history(ws, path, 10).result()->size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(area.tabFor(path)->editor()->text(),
                                  QStringLiteral("def main():\n    return 1\n"), 10000);
    }
};

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
