#pragma once
// The editor's questions answered by the test at once (no dialog waits), each call counted.

#include "EditorPrompts.h"

namespace hawkmoth::test {

class ScriptedPrompts : public EditorPrompts
{
public:
    struct Answers
    {
        ConflictChoice conflict = ConflictChoice::Cancel;
        bool reload = false;
        bool openLarge = true;
        UnsavedChoice unsaved = UnsavedChoice::Discard;
        std::optional<int> line;
        bool recoverAll = true;
    };
    struct Calls
    {
        int conflict = 0;
        int reload = 0;
        int openLarge = 0;
        int unsaved = 0;
        int line = 0;
        int recover = 0;
        QStringList unsavedPaths;
        QList<JournalEntry> offered;
    };

    // Both live in the test, so they outlive the EditorArea that owns this object.
    ScriptedPrompts(Answers &answers, Calls &calls)
        : m_answers(answers)
        , m_calls(calls)
    {}

    ConflictChoice saveConflict(QWidget *, const QString &) override
    {
        ++m_calls.conflict;
        return m_answers.conflict;
    }
    bool reloadChanged(QWidget *, const QString &) override
    {
        ++m_calls.reload;
        return m_answers.reload;
    }
    bool openLarge(QWidget *, const QString &, qint64) override
    {
        ++m_calls.openLarge;
        return m_answers.openLarge;
    }
    UnsavedChoice unsaved(QWidget *, const QStringList &paths, bool) override
    {
        ++m_calls.unsaved;
        m_calls.unsavedPaths = paths;
        return m_answers.unsaved;
    }
    std::optional<int> goToLine(QWidget *, int, int) override
    {
        ++m_calls.line;
        return m_answers.line;
    }
    QList<JournalEntry> recover(QWidget *, const QList<JournalEntry> &entries) override
    {
        ++m_calls.recover;
        m_calls.offered = entries;
        return m_answers.recoverAll ? entries : QList<JournalEntry>();
    }

private:
    Answers &m_answers;
    Calls &m_calls;
};

} // namespace hawkmoth::test
