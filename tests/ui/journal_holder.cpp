// A window that holds unsaved text, for tst_journal_kill: opens PATH of the current workspace in
// the real EditorArea (data root from the environment, as the application's), types TEXT at its
// end without saving, prints "journaled" once the crash journal holds it, and waits to be killed.
// Usage: journal_holder PATH TEXT

#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "Paths.h"
#include "StorageCore.h"

#include <QApplication>

#include <cstdio>

using namespace hawkmoth;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (app.arguments().size() != 3) {
        std::fprintf(stderr, "usage: journal_holder PATH TEXT\n");
        return 2;
    }
    const QString path = app.arguments().at(1);
    const QString text = app.arguments().at(2);
    StorageCore core(Paths::fromEnvironment());
    if (const Status started = core.start().result(); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().message));
        return 1;
    }
    EditorArea area(core);
    area.setJournalInterval(50);
    area.resize(800, 500);
    area.show();
    QObject::connect(&area, &EditorArea::fileLoaded, &area, [&](const QString &loaded) {
        EditorTab *tab = area.tabFor(loaded);
        if (loaded != path || !tab)
            return;
        QObject::connect(tab, &EditorTab::journalStored, tab, [] {
            std::printf("journaled\n");
            std::fflush(stdout);
        });
        tab->editor()->append(text);
    });
    area.openFile(path);
    return app.exec();
}
