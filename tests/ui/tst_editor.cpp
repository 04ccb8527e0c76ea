// EditorArea against a real StorageCore over a temporary data root: saving with Ctrl+S round-trips
// through the core, edits made on disk reload or ask, a save over a newer version asks, unsaved
// text survives a lost window through the journal, lexers by file type, binary and large files.

#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorLexers.h"
#include "EditorTab.h"
#include "FileDetailsPanel.h"
#include "FindBar.h"
#include "ScriptedPrompts.h"
#include "Sha256.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <Qsci/qscilexer.h>

#include <QAction>
#include <QDir>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

// One data root and a started core over it; a second core over the same root is a next start.
class Fixture
{
public:
    Fixture() { restartCore(); }
    void restartCore()
    {
        core.reset();
        core = std::make_unique<StorageCore>(Paths(root.dataRoot(), root.cacheRoot()));
        QVERIFY(core->start().result().ok());
        auto current = core->workspaces().current().result();
        QVERIFY(current.ok());
        ws = *current;
    }
    void save(const QString &path, const QByteArray &content)
    {
        QVERIFY(core->files().save(ws, path, content).result().ok());
    }
    QByteArray load(const QString &path)
    {
        auto loaded = core->files().load(ws, path).result();
        return loaded ? loaded->content : QByteArray("<missing>");
    }
    // An area with scripted answers, shown and active so window shortcuts reach it.
    std::unique_ptr<EditorArea> area(int journalMs = EditorArea::defaultJournalIntervalMs)
    {
        auto made = std::make_unique<EditorArea>(*core);
        made->setPrompts(std::make_unique<ScriptedPrompts>(answers, calls));
        made->setJournalInterval(journalMs);
        made->resize(900, 600);
        made->show();
        made->activateWindow();
        return made;
    }

    TempRoot root;
    std::unique_ptr<StorageCore> core;
    Workspace ws;
    ScriptedPrompts::Answers answers;
    ScriptedPrompts::Calls calls;
};

bool waitFor(EditorArea &area, const QString &path,
             EditorTab::State state = EditorTab::State::Text)
{
    return QTest::qWaitFor(
        [&] {
            const EditorTab *tab = area.tabFor(path);
            return tab && tab->state() == state;
        },
        15000);
}

// Writes a PNG when HAWKMOTH_SCREENSHOT_DIR names a folder (for looking at the widgets).
void screenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("HAWKMOTH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
}

const QByteArray pythonSample = R"(#!/usr/bin/env python3
"""Resize every image of a folder, keeping the aspect ratio."""

import sys
from pathlib import Path


class Resizer:
    def __init__(self, width: int = 640):
        self.width = width  # pixels
        self.done = []

    def run(self, folder: Path) -> int:
        for image in sorted(folder.glob("*.png")):
            if image.stat().st_size > 10_000_000:
                print(f"skipping {image.name}: too large", file=sys.stderr)
                continue
            self.done.append(image)
        return len(self.done)


if __name__ == "__main__":
    count = Resizer(width=800).run(Path(sys.argv[1]))
    print("resized", count, 'files')
)";

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lexerPerExtension()
    {
        const QList<std::pair<QString, QString>> cases = {
            {QStringLiteral("a.py"), QStringLiteral("Python")},
            {QStringLiteral("src/app.js"), QStringLiteral("JavaScript")},
            {QStringLiteral("src/app.ts"), QStringLiteral("TypeScript")},
            {QStringLiteral("index.html"), QStringLiteral("HTML")},
            {QStringLiteral("style.css"), QStringLiteral("CSS")},
            {QStringLiteral("README.md"), QStringLiteral("Markdown")},
            {QStringLiteral("package.json"), QStringLiteral("JSON")},
            {QStringLiteral("ci.yml"), QStringLiteral("YAML")},
            {QStringLiteral("conf.yaml"), QStringLiteral("YAML")},
            {QStringLiteral("main.cpp"), QStringLiteral("C++")},
            {QStringLiteral("main.h"), QStringLiteral("C++")},
            {QStringLiteral("run.sh"), QStringLiteral("Bash")},
            {QStringLiteral("layout.xml"), QStringLiteral("XML")},
            {QStringLiteral("fix.diff"), QStringLiteral("Diff")},
            {QStringLiteral("fix.patch"), QStringLiteral("Diff")},
            {QStringLiteral("CMakeLists.txt"), QStringLiteral("CMake")},
            {QStringLiteral("notes.txt"), QString()},
        };
        for (const auto &[path, language] : cases)
            QCOMPARE(EditorLexers::languageFor(path), language);

        Fixture f;
        f.save(QStringLiteral("tool.py"), pythonSample);
        f.save(QStringLiteral("notes.txt"), "plain\n");
        auto area = f.area();
        area->openFile(QStringLiteral("tool.py"));
        area->openFile(QStringLiteral("notes.txt"));
        QVERIFY(waitFor(*area, QStringLiteral("tool.py")));
        QVERIFY(waitFor(*area, QStringLiteral("notes.txt")));
        QCOMPARE(area->tabFor(QStringLiteral("tool.py"))->editor()->language(),
                 QStringLiteral("Python"));
        QVERIFY(area->tabFor(QStringLiteral("notes.txt"))->editor()->language().isEmpty());
        QCOMPARE(area->openPaths(), QStringList({QStringLiteral("tool.py"), QStringLiteral("notes.txt")}));

        area->tabWidget()->setCurrentIndex(0);
        CodeEditor *editor = area->tabFor(QStringLiteral("tool.py"))->editor();
        editor->setCursorPosition(14, 20);
        QTest::qWait(50);
        screenshot(*area, QStringLiteral("editor-python"));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xdd, 0xdd, 0xdd));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xdd, 0xdd, 0xdd));
        area->setPalette(dark);
        QVERIFY(EditorLexers::isDark(editor->palette()));
        QCOMPARE(editor->lexer()->paper(0), QColor(0x1e, 0x1e, 0x1e));
        QCOMPARE(area->tabFor(QStringLiteral("notes.txt"))->editor()->paper(),
                 QColor(0x1e, 0x1e, 0x1e));
        screenshot(*area, QStringLiteral("editor-python-dark"));
    }

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
        QTRY_COMPARE_WITH_TIMEOUT(clean->editor()->text(), QStringLiteral("clean v2 from outside\n"),
                                  10000);
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
        writeFile(f.ws.absolutePath(QStringLiteral("dirty.txt")), "dirty v3, longer, from outside\n");
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
        auto area = f.area();
        area->offerRecovery();
        QTRY_COMPARE(f.calls.recover, 1);
        QCOMPARE(f.calls.offered.size(), 1);
        QCOMPARE(f.calls.offered.first().path, QStringLiteral("draft.md"));
        QCOMPARE(f.calls.offered.first().content, QByteArray("saved text\ntyped, never saved"));
        QVERIFY(waitFor(*area, QStringLiteral("draft.md")));
        EditorTab *tab = area->tabFor(QStringLiteral("draft.md"));
        QCOMPARE(tab->editor()->text(), QStringLiteral("saved text\ntyped, never saved"));
        QVERIFY(tab->isModified());
        QCOMPARE(f.load(QStringLiteral("draft.md")), QByteArray("saved text\n"));

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
        QVERIFY(f.core->files().journalStore(f.ws, QStringLiteral("new.py"), "x = 1\n").result().ok());
        f.answers.recoverAll = false;
        auto area = f.area();
        area->offerRecovery();
        QTRY_COMPARE(f.calls.recover, 1);
        QTRY_VERIFY(f.core->files().journalList(f.ws).result()->isEmpty());
        QCOMPARE(area->tabWidget()->count(), 0);

        // A recovered buffer of a file that was never saved opens as a new, unsaved file.
        QVERIFY(f.core->files().journalStore(f.ws, QStringLiteral("new.py"), "x = 1\n").result().ok());
        f.answers.recoverAll = true;
        area->offerRecovery();
        QTRY_COMPARE(f.calls.recover, 2);
        QVERIFY(waitFor(*area, QStringLiteral("new.py")));
        QVERIFY(area->tabFor(QStringLiteral("new.py"))->isModified());
        QVERIFY(area->saveCurrent());
        QTRY_COMPARE(f.load(QStringLiteral("new.py")), QByteArray("x = 1\n"));
    }

    void binaryFileShowsDetails()
    {
        Fixture f;
        QByteArray blob = randomBytes(4096, 7);
        blob[10] = '\0';
        f.save(QStringLiteral("data/blob.bin"), blob);
        auto area = f.area();
        area->openFile(QStringLiteral("data/blob.bin"));
        QVERIFY(waitFor(*area, QStringLiteral("data/blob.bin"), EditorTab::State::Binary));
        const FileDetailsPanel *details = area->currentTab()->details();
        QVERIFY(details->isVisible());
        QVERIFY(details->field(QStringLiteral("Size")).contains(QStringLiteral("4,096")) ||
                details->field(QStringLiteral("Size")).contains(QStringLiteral("4096")));
        QCOMPARE(details->field(QStringLiteral("SHA-256")),
                 QString::fromLatin1(Sha256::ofData(blob)));
        QVERIFY(!details->field(QStringLiteral("Layer")).isEmpty());
        QVERIFY(!details->field(QStringLiteral("State")).isEmpty());
        QVERIFY(!area->saveCurrent());
    }

    void largeFileOpensReadOnly()
    {
        Fixture f;
        QByteArray big(21 * 1024 * 1024, 'a');
        for (qsizetype i = 99; i < big.size(); i += 100)
            big[i] = '\n';
        writeFile(f.ws.absolutePath(QStringLiteral("big.log")), big);
        f.answers.openLarge = false;
        auto area = f.area();
        area->openFile(QStringLiteral("big.log"));
        QTRY_COMPARE(f.calls.openLarge, 1);
        QTRY_COMPARE(area->tabWidget()->count(), 0);

        f.answers.openLarge = true;
        area->openFile(QStringLiteral("big.log"));
        QVERIFY(waitFor(*area, QStringLiteral("big.log")));
        QCOMPARE(f.calls.openLarge, 2);
        EditorTab *tab = area->currentTab();
        QVERIFY(tab->isReadOnly());
        QVERIFY(tab->editor()->isReadOnly());
        QVERIFY(!tab->banner().isEmpty());
        QVERIFY(!area->saveCurrent());
    }

    void findReplaceAndGoToLine()
    {
        Fixture f;
        f.save(QStringLiteral("words.txt"), "alpha beta\nbeta gamma\nBETA delta\n");
        auto area = f.area();
        QVERIFY(QTest::qWaitForWindowActive(area.get()));
        area->openFile(QStringLiteral("words.txt"));
        QVERIFY(waitFor(*area, QStringLiteral("words.txt")));
        EditorTab *tab = area->currentTab();
        tab->editor()->setFocus();
        QTest::keyClick(tab->editor(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(tab->findBar()->isVisible());
        QVERIFY(!tab->findBar()->replaceField()->isVisible());
        QTest::keyClicks(tab->findBar()->findField(), QStringLiteral("beta"));
        QCOMPARE(tab->editor()->selectedText(), QStringLiteral("beta"));
        QTest::keyClick(tab->findBar()->findField(), Qt::Key_Return);
        QCOMPARE(tab->editor()->currentLineNumber(), 2);
        QTest::keyClick(tab->findBar()->findField(), Qt::Key_Escape);
        QVERIFY(!tab->findBar()->isVisible());

        tab->editor()->setFocus();
        QTest::keyClick(tab->editor(), Qt::Key_H, Qt::ControlModifier);
        QVERIFY(tab->findBar()->replaceField()->isVisible());
        tab->findBar()->findField()->setText(QStringLiteral("beta"));
        tab->findBar()->replaceField()->setText(QStringLiteral("BETA!"));
        QCOMPARE(tab->findBar()->replaceAll(), 3); // case-insensitive by default
        QCOMPARE(tab->editor()->text(), QStringLiteral("alpha BETA!\nBETA! gamma\nBETA! delta\n"));
        QVERIFY(tab->isModified());
        tab->editor()->undo();
        QCOMPARE(tab->editor()->text(), QStringLiteral("alpha beta\nbeta gamma\nBETA delta\n"));

        f.answers.line = 3;
        tab->editor()->setFocus();
        QTest::keyClick(tab->editor(), Qt::Key_G, Qt::ControlModifier);
        QCOMPARE(f.calls.line, 1);
        QCOMPARE(tab->editor()->currentLineNumber(), 3);
        QStringList names;
        for (const QAction *action : area->editActions())
            names.append(action->objectName());
        for (const char *name : {"editorSave", "editorSaveAll", "editorCloseTab", "editorFind",
                                 "editorReplace", "editorGoToLine", "editorHistory"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
        QSignalSpy history(area.get(), &EditorArea::historyRequested);
        for (QAction *action : area->editActions()) {
            if (action->objectName() == QLatin1String("editorHistory"))
                action->trigger();
        }
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().first().toString(), QStringLiteral("words.txt"));
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
        QVERIFY(f.core->workspaces().create(QStringLiteral("other"), QStringLiteral("empty"), true)
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

    void sideBySide()
    {
        Fixture f;
        f.save(QStringLiteral("a.txt"), "mine\n");
        f.save(QStringLiteral("a.theirs.txt"), "theirs\n");
        auto area = f.area();
        QTRY_VERIFY(!area->workspaceName().isEmpty());
        area->openSideBySide(QStringLiteral("a.txt"), QStringLiteral("a.theirs.txt"));
        QCOMPARE(area->tabWidget()->count(), 1);
        auto *split = qobject_cast<QSplitter *>(area->tabWidget()->widget(0));
        QVERIFY(split);
        QCOMPARE(split->count(), 2);
        QTRY_COMPARE(area->tabs().size(), 2);
        QTRY_VERIFY(area->tabs().at(1)->state() == EditorTab::State::Text);
        QTRY_VERIFY(area->tabs().at(0)->state() == EditorTab::State::Text);
        QCOMPARE(area->tabs().at(1)->editor()->text(), QStringLiteral("theirs\n"));
        QVERIFY(area->tabWidget()->tabText(0).contains(QStringLiteral("⇄")));
        QVERIFY(area->closeAll());
        QCOMPARE(area->tabWidget()->count(), 0);
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
