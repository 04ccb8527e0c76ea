// EditorArea against a real StorageCore over a temporary data root: saving with Ctrl+S round-trips
// through the core, edits made on disk reload or ask, a save over a newer version asks, unsaved
// text survives a lost window through the journal, and a workspace switch settles the tabs.

#include "CodeEditor.h"
#include "EditorFixture.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTabWidget>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ctrlSRoundTripsThroughTheCore()
    {
        Fixture f;
        f.save(QStringLiteral("app.py"), "print(1)\n");
        auto area = f.area();
        QVERIFY(QTest::qWaitForWindowActive(area.get()));
        QSignalSpy current(area.get(), &EditorArea::currentFileChanged);
        area->openFile(QStringLiteral("app.py"));
        QVERIFY(waitFor(*area, QStringLiteral("app.py")));
        QVERIFY(!current.isEmpty());
        QCOMPARE(current.last().first().toString(), QStringLiteral("app.py"));
        EditorTab *tab = area->currentTab();
        QCOMPARE(tab->editor()->text(), QStringLiteral("print(1)\n"));
        QCOMPARE(area->tabWidget()->tabText(0), QStringLiteral("app.py"));

        tab->editor()->setFocus();
        tab->editor()->setCursorPosition(1, 0);
        QTest::keyClicks(tab->editor(), QStringLiteral("x = 2"));
        QVERIFY(tab->isModified());
        QVERIFY(area->hasUnsaved());
        QCOMPARE(area->tabWidget()->tabText(0), QStringLiteral("app.py*"));

        QSignalSpy saved(area.get(), &EditorArea::fileSaved);
        QTest::keyClick(tab->editor(), Qt::Key_S, Qt::ControlModifier);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(f.load(QStringLiteral("app.py")), QByteArray("print(1)\nx = 2"));
        QVERIFY(!tab->isModified());
        QVERIFY(!area->hasUnsaved());
        QCOMPARE(area->tabWidget()->tabText(0), QStringLiteral("app.py"));
        // The tab's version is the saved one: its own change notification asks nothing.
        QTest::qWait(300);
        QCOMPARE(f.calls.reload, 0);
        QCOMPARE(tab->editor()->text(), QStringLiteral("print(1)\nx = 2"));

        // Save All covers every modified tab.
        f.save(QStringLiteral("b.md"), "# B\n");
        area->openFile(QStringLiteral("b.md"));
        QVERIFY(waitFor(*area, QStringLiteral("b.md")));
        area->tabFor(QStringLiteral("b.md"))->editor()->append(QStringLiteral("more\n"));
        tab->editor()->append(QStringLiteral("\n"));
        area->saveAll();
        QTRY_COMPARE(saved.size(), 3);
        QCOMPARE(f.load(QStringLiteral("b.md")), QByteArray("# B\nmore\n"));
        QCOMPARE(f.load(QStringLiteral("app.py")), QByteArray("print(1)\nx = 2\n"));
    }

    void outsideEditReloadsOrAsks()
    {
        Fixture f;
        f.save(QStringLiteral("clean.txt"), "clean v1\n");
        f.save(QStringLiteral("dirty.txt"), "dirty v1\n");
        QSignalSpy watching(&f.core->watch(), &CurrentWorkspaceWatch::watching);
        QSignalSpy failed(&f.core->watch(), &CurrentWorkspaceWatch::failed);
        f.core->watchCurrentWorkspace(true);
        QTRY_VERIFY_WITH_TIMEOUT(!watching.isEmpty() || !failed.isEmpty(), 10000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        auto area = f.area();
        area->openFile(QStringLiteral("clean.txt"));
        area->openFile(QStringLiteral("dirty.txt"));
        QVERIFY(waitFor(*area, QStringLiteral("clean.txt")));
        QVERIFY(waitFor(*area, QStringLiteral("dirty.txt")));
        EditorTab *clean = area->tabFor(QStringLiteral("clean.txt"));
        EditorTab *dirty = area->tabFor(QStringLiteral("dirty.txt"));
        dirty->editor()->append(QStringLiteral("mine\n"));
        QVERIFY(dirty->isModified());

        // Another program writes both files; the watcher's rescan reports them.
        writeFile(f.ws.absolutePath(QStringLiteral("clean.txt")), "clean v2 from outside\n");
        writeFile(f.ws.absolutePath(QStringLiteral("dirty.txt")), "dirty v2 from outside\n");
        QTRY_COMPARE_WITH_TIMEOUT(clean->editor()->text(),
                                  QStringLiteral("clean v2 from outside\n"), 10000);
        QVERIFY(!clean->isModified());
        QTRY_COMPARE_WITH_TIMEOUT(f.calls.reload, 1, 10000);
        // Kept: the edits stay, and the next save meets the newer version.
        QCOMPARE(dirty->editor()->text(), QStringLiteral("dirty v1\nmine\n"));
        QVERIFY(dirty->isModified());
        f.answers.conflict = EditorPrompts::ConflictChoice::Cancel;
        QVERIFY(dirty->save());
        QTRY_COMPARE(f.calls.conflict, 1);
        QCOMPARE(readFile(f.ws.absolutePath(QStringLiteral("dirty.txt"))),
                 QByteArray("dirty v2 from outside\n"));

        // Asked again for the next outside version, this time the answer is to reload.
        f.answers.reload = true;
        writeFile(f.ws.absolutePath(QStringLiteral("dirty.txt")),
                  "dirty v3, longer, from outside\n");
        QTRY_COMPARE_WITH_TIMEOUT(f.calls.reload, 2, 10000);
        QTRY_COMPARE(dirty->editor()->text(), QStringLiteral("dirty v3, longer, from outside\n"));
        QVERIFY(!dirty->isModified());

        // Deleted on disk: the text stays as an unsaved buffer a save brings back.
        QVERIFY(QFile::remove(f.ws.absolutePath(QStringLiteral("clean.txt"))));
        QTRY_VERIFY_WITH_TIMEOUT(clean->isModified(), 10000);
        QVERIFY(!clean->banner().isEmpty());
        QVERIFY(clean->save());
        QTRY_COMPARE(readFile(f.ws.absolutePath(QStringLiteral("clean.txt"))),
                     QByteArray("clean v2 from outside\n"));
    }

    void saveOverNewerVersionAsks()
    {
        Fixture f;
        f.save(QStringLiteral("notes.md"), "one\n");
        auto area = f.area();
        area->openFile(QStringLiteral("notes.md"));
        QVERIFY(waitFor(*area, QStringLiteral("notes.md")));
        EditorTab *tab = area->currentTab();
        tab->editor()->append(QStringLiteral("mine\n"));
        // Another HAWKMOTH process saves meanwhile (no watcher here: only the save finds out).
        f.save(QStringLiteral("notes.md"), "theirs\n");

        f.answers.conflict = EditorPrompts::ConflictChoice::Cancel;
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(f.calls.conflict, 1);
        QCOMPARE(f.load(QStringLiteral("notes.md")), QByteArray("theirs\n"));
        QVERIFY(tab->isModified());

        f.answers.conflict = EditorPrompts::ConflictChoice::Overwrite;
        QSignalSpy saved(area.get(), &EditorArea::fileSaved);
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(f.calls.conflict, 2);
        QCOMPARE(f.load(QStringLiteral("notes.md")), QByteArray("one\nmine\n"));
        QVERIFY(!tab->isModified());

        f.save(QStringLiteral("notes.md"), "theirs again\n");
        tab->editor()->append(QStringLiteral("more\n"));
        f.answers.conflict = EditorPrompts::ConflictChoice::Reload;
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(tab->editor()->text(), QStringLiteral("theirs again\n"));
        QCOMPARE(f.calls.conflict, 3);
        QVERIFY(!tab->isModified());
        QCOMPARE(f.load(QStringLiteral("notes.md")), QByteArray("theirs again\n"));
    }

    void journalOffersUnsavedTextAfterALostWindow()
    {
        Fixture f;
        f.save(QStringLiteral("draft.md"), "saved text\n");
        {
            auto area = f.area(50);
            area->openFile(QStringLiteral("draft.md"));
            QVERIFY(waitFor(*area, QStringLiteral("draft.md")));
            EditorTab *tab = area->currentTab();
            QSignalSpy stored(tab, &EditorTab::journalStored);
            tab->editor()->setCursorPosition(1, 0);
            QTest::keyClicks(tab->editor(), QStringLiteral("typed, never saved"));
            QVERIFY(stored.wait(5000));
            // The window goes away without saving or asking, as in a crash or a kill.
        }
        // The next start: a new core and a new area over the same data root.
        f.restartCore();
        auto journal = f.core->files().journalList(f.ws).result();
        QVERIFY(journal.ok());
        QCOMPARE(journal->size(), 1);
        std::unique_ptr<EditorArea> area;
        f.recover(area, QStringLiteral("draft.md"), "saved text\ntyped, never saved",
                  "saved text\n");
        QVERIFY(area);

        // Saved: the entry is gone, and nothing is offered at the start after.
        QSignalSpy saved(area.get(), &EditorArea::fileSaved);
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(saved.size(), 1);
        QTRY_VERIFY(f.core->files().journalList(f.ws).result()->isEmpty());
        QCOMPARE(f.load(QStringLiteral("draft.md")), QByteArray("saved text\ntyped, never saved"));
    }

    void discardedRecoveryIsForgotten()
    {
        Fixture f;
        QVERIFY(
            f.core->files().journalStore(f.ws, QStringLiteral("new.py"), "x = 1\n").result().ok());
        f.answers.recoverAll = false;
        auto area = f.area();
        area->offerRecovery();
        QTRY_COMPARE(f.calls.recover, 1);
        QTRY_VERIFY(f.core->files().journalList(f.ws).result()->isEmpty());
        QCOMPARE(area->tabWidget()->count(), 0);

        // A recovered buffer of a file that was never saved opens as a new, unsaved file.
        QVERIFY(
            f.core->files().journalStore(f.ws, QStringLiteral("new.py"), "x = 1\n").result().ok());
        f.answers.recoverAll = true;
        area->offerRecovery();
        QTRY_COMPARE(f.calls.recover, 2);
        QVERIFY(waitFor(*area, QStringLiteral("new.py")));
        QVERIFY(area->tabFor(QStringLiteral("new.py"))->isModified());
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(f.load(QStringLiteral("new.py")), QByteArray("x = 1\n"));
    }

    void workspaceSwitchSettlesTabs()
    {
        Fixture f;
        f.save(QStringLiteral("keep.txt"), "old\n");
        auto area = f.area();
        area->openFile(QStringLiteral("keep.txt"));
        QVERIFY(waitFor(*area, QStringLiteral("keep.txt")));
        area->currentTab()->editor()->append(QStringLiteral("edited\n"));
        f.answers.unsaved = EditorPrompts::UnsavedChoice::Save;
        QSignalSpy ready(area.get(), &EditorArea::workspaceReady);
        QVERIFY(f.core->workspaces()
                    .create(QStringLiteral("other"), QStringLiteral("empty"), true)
                    .result()
                    .ok());
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.last().first().toString(), QStringLiteral("other"));
        QCOMPARE(f.calls.unsaved, 1);
        QCOMPARE(f.calls.unsavedPaths, QStringList{QStringLiteral("keep.txt")});
        QCOMPARE(area->tabWidget()->count(), 0);
        // Saved into the workspace it belongs to.
        QTRY_COMPARE(readFile(f.ws.absolutePath(QStringLiteral("keep.txt"))),
                     QByteArray("old\nedited\n"));
        QCOMPARE(area->workspaceName(), QStringLiteral("other"));
    }

    // A renamed workspace moves its folder: the tabs open again there, unsaved text kept.
    void workspaceRenameKeepsTabs()
    {
        Fixture f;
        f.save(QStringLiteral("a.txt"), "a\n");
        f.save(QStringLiteral("b.txt"), "b\n");
        auto area = f.area();
        area->openFile(QStringLiteral("a.txt"));
        area->openFile(QStringLiteral("b.txt"));
        QVERIFY(waitFor(*area, QStringLiteral("a.txt")));
        QVERIFY(waitFor(*area, QStringLiteral("b.txt")));
        area->tabFor(QStringLiteral("b.txt"))->editor()->append(QStringLiteral("unsaved\n"));
        QSignalSpy ready(area.get(), &EditorArea::workspaceReady);
        const QString old = f.ws.name();
        QVERIFY(f.core->workspaces().rename(old, QStringLiteral("renamed")).result().ok());
        QTRY_VERIFY(!ready.isEmpty() &&
                    ready.last().first().toString() == QStringLiteral("renamed"));
        QVERIFY(waitFor(*area, QStringLiteral("a.txt")));
        QVERIFY(waitFor(*area, QStringLiteral("b.txt")));
        QCOMPARE(area->openPaths(),
                 QStringList({QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
        EditorTab *b = area->tabFor(QStringLiteral("b.txt"));
        QVERIFY(b->isModified());
        QCOMPARE(b->editor()->text(), QStringLiteral("b\nunsaved\n"));
        QCOMPARE(f.calls.unsaved, 0);
        QSignalSpy saved(area.get(), &EditorArea::fileSaved);
        QVERIFY(b->save());
        QTRY_COMPARE(saved.size(), 1);
        auto renamed = f.core->workspaces().current().result();
        QCOMPARE(readFile(renamed->absolutePath(QStringLiteral("b.txt"))),
                 QByteArray("b\nunsaved\n"));
    }

    // A moved file or folder takes its tabs along, in their places, with their unsaved text;
    // the journal entry follows the text to the new name.
    void tabsFollowAMove()
    {
        Fixture f;
        f.save(QStringLiteral("first.txt"), "1\n");
        f.save(QStringLiteral("notes.md"), "n\n");
        f.save(QStringLiteral("src/a.py"), "a = 1\n");
        auto area = f.area();
        area->setJournalInterval(50);
        for (const char *path : {"first.txt", "notes.md", "src/a.py"}) {
            area->openFile(QString::fromLatin1(path));
            QVERIFY(waitFor(*area, QString::fromLatin1(path)));
        }
        area->tabFor(QStringLiteral("notes.md"))->editor()->append(QStringLiteral("unsaved\n"));
        QTRY_COMPARE(f.core->files().journalList(f.ws).result()->size(), 1);
        area->tabWidget()->setCurrentIndex(1);

        // Moved through the core, as the command bar, the CLI's REST API or the tree do: the
        // tabs follow the core's notifications, whoever moved the files.
        QCOMPARE(f.core->files()
                     .move(f.ws, QStringLiteral("notes.md"), QStringLiteral("doc.md"))
                     .result()
                     .value(),
                 QStringLiteral("doc.md"));
        QCOMPARE(f.core->files()
                     .move(f.ws, QStringLiteral("src"), QStringLiteral("lib"))
                     .result()
                     .value(),
                 QStringLiteral("lib"));
        QVERIFY(waitFor(*area, QStringLiteral("doc.md")));
        QVERIFY(waitFor(*area, QStringLiteral("lib/a.py")));
        QCOMPARE(area->openPaths(),
                 QStringList({QStringLiteral("first.txt"), QStringLiteral("doc.md"),
                              QStringLiteral("lib/a.py")}));
        QCOMPARE(area->tabWidget()->currentIndex(), 1);
        EditorTab *doc = area->tabFor(QStringLiteral("doc.md"));
        QCOMPARE(doc->editor()->text(), QStringLiteral("n\nunsaved\n"));
        QVERIFY(doc->isModified());
        QCOMPARE(area->tabWidget()->tabText(1), QStringLiteral("doc.md*"));
        QVERIFY(!area->tabFor(QStringLiteral("lib/a.py"))->isModified());
        // The unsaved text is journaled under its new name only.
        QTRY_VERIFY([&] {
            const auto entries = f.core->files().journalList(f.ws).result();
            return entries && entries->size() == 1 &&
                   entries->first().path == QStringLiteral("doc.md");
        }());
        QSignalSpy saved(area.get(), &EditorArea::fileSaved);
        QVERIFY(doc->save());
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(f.load(QStringLiteral("doc.md")), QByteArray("n\nunsaved\n"));
        QVERIFY(!QFileInfo::exists(f.ws.absolutePath(QStringLiteral("notes.md"))));
        QCOMPARE(f.calls.unsaved, 0);
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
