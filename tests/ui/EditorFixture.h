#pragma once
// What the editor suites share: a data root with a started core over it (a second core over the
// same root is the next start), an EditorArea whose questions the test answers, and waits.

#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "Screenshots.h"
#include "ScriptedPrompts.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDir>
#include <QTest>

namespace hawkmoth::test {

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

    // The next start after a lost window: an area that offers the journal back (all taken) and
    // shows path's unsaved text, modified, while the file keeps its saved bytes. Into out only
    // when all of that holds.
    void recover(std::unique_ptr<EditorArea> &out, const QString &path, const QByteArray &text,
                 const QByteArray &saved)
    {
        auto made = area();
        made->offerRecovery();
        QTRY_COMPARE(calls.recover, 1);
        QCOMPARE(calls.offered.size(), 1);
        QCOMPARE(calls.offered.first().path, path);
        QCOMPARE(calls.offered.first().content, text);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const EditorTab *tab = made->tabFor(path);
                return tab && tab->state() == EditorTab::State::Text;
            },
            15000));
        EditorTab *tab = made->tabFor(path);
        QCOMPARE(tab->editor()->text(), QString::fromUtf8(text));
        QVERIFY(tab->isModified());
        QCOMPARE(load(path), saved);
        out = std::move(made);
    }

    TempRoot root;
    std::unique_ptr<StorageCore> core;
    Workspace ws;
    ScriptedPrompts::Answers answers;
    ScriptedPrompts::Calls calls;
};

inline bool waitFor(EditorArea &area, const QString &path,
                    EditorTab::State state = EditorTab::State::Text)
{
    return QTest::qWaitFor(
        [&] {
            const EditorTab *tab = area.tabFor(path);
            return tab && tab->state() == state;
        },
        15000);
}

} // namespace hawkmoth::test
