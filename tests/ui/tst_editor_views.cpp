// The editor's views against a real StorageCore: the lexer per file type and the palette's
// colours (with screenshots), binary files as details, large files read-only, find and replace,
// go to line, the actions handed to the window, and two files side by side.

#include "AppTheme.h"
#include "CodeEditor.h"
#include "EditorFixture.h"
#include "EditorLexers.h"
#include "FileDetailsPanel.h"
#include "FindBar.h"
#include "Sha256.h"

#include <Qsci/qscilexer.h>

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

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

class TestEditorViews : public QObject
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
        QCOMPARE(area->openPaths(),
                 QStringList({QStringLiteral("tool.py"), QStringLiteral("notes.txt")}));

        area->tabWidget()->setCurrentIndex(0);
        CodeEditor *editor = area->tabFor(QStringLiteral("tool.py"))->editor();
        editor->setCursorPosition(14, 20);
        QTest::qWait(50);
        QVERIFY(grabWidget(*area, QStringLiteral("editor-python")));
        const QPalette dark = AppTheme::darkPalette();
        area->setPalette(dark);
        QVERIFY(EditorLexers::isDark(editor->palette()));
        QCOMPARE(editor->lexer()->paper(0), dark.color(QPalette::Base));
        QCOMPARE(area->tabFor(QStringLiteral("notes.txt"))->editor()->paper(),
                 dark.color(QPalette::Base));
        QVERIFY(grabWidget(*area, QStringLiteral("editor-python-dark")));
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

    void sideBySide()
    {
        Fixture f;
        f.save(QStringLiteral("a.txt"), "mine\n");
        f.save(QStringLiteral("a.theirs.txt"), "theirs\n");
        auto area = f.area();
        // Asked before the workspace is known: it opens once it is.
        area->openSideBySide(QStringLiteral("a.txt"), QStringLiteral("a.theirs.txt"));
        QTRY_COMPARE(area->tabWidget()->count(), 1);
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

    // Files of the workspace dropped on the area open; others are left to the project tree.
    void droppedFilesOpen()
    {
        Fixture f;
        f.save(QStringLiteral("docs/a.md"), "# A\n");
        auto area = f.area();
        QTRY_VERIFY(!area->workspaceName().isEmpty());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(f.ws.absolutePath(QStringLiteral("docs/a.md"))),
                      QUrl::fromLocalFile(f.root.file(QStringLiteral("elsewhere.txt")))});
        const QPoint at(area->width() / 2, area->height() / 2);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(area.get(), &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy said(area.get(), &EditorArea::errorOccurred);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(area.get(), &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(waitFor(*area, QStringLiteral("docs/a.md")));
        QCOMPARE(area->openPaths(), QStringList{QStringLiteral("docs/a.md")});
        // The file from elsewhere is not opened, and the user is told where it can go.
        QCOMPARE(said.size(), 1);
        const QString message = said.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("'elsewhere.txt'")) &&
                     message.contains(QLatin1String("project tree")),
                 qPrintable(message));
    }
};

QTEST_MAIN(TestEditorViews)
#include "tst_editor_views.moc"
