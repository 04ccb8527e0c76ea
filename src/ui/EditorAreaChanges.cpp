// EditorArea's answers to what changes around it: edits made on disk, and the unsaved buffers a
// crash left in the journal, offered back.

#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "FutureGuard.h"

#include <QTabWidget>

namespace hawkmoth {

void EditorArea::filesChanged(const QString &workspace, const FileEntries &entries, bool stateOnly)
{
    if (workspace != m_workspace.name())
        return;
    for (EditorTab *tab : tabs()) {
        for (const FileEntry &entry : entries) {
            if (entry.path != tab->path())
                continue;
            if (!stateOnly || tab->state() == EditorTab::State::Binary)
                tab->diskChanged(entry);
        }
    }
}

void EditorArea::filesRemoved(const QString &workspace, const QStringList &paths)
{
    if (workspace != m_workspace.name())
        return;
    for (EditorTab *tab : tabs()) {
        if (paths.contains(tab->path()))
            tab->diskRemoved();
    }
}

void EditorArea::filesMoved(const QString &workspace, const QList<FileMove> &moves)
{
    if (workspace != m_workspace.name())
        return;
    for (const FileMove &move : moves)
        followMove(move.from, move.to);
}

void EditorArea::followMove(const QString &from, const QString &to)
{
    if (!m_workspaceKnown || from == to)
        return;
    QWidget *const current = m_tabs->currentWidget();
    QWidget *newCurrent = current;
    const QString inside = from + QLatin1Char('/');
    for (int index = m_tabs->count() - 1; index >= 0; --index) {
        const QList<EditorTab *> here = tabsOf(index);
        if (here.size() != 1)
            continue; // a side-by-side pair shows two versions at fixed places
        EditorTab *tab = here.first();
        const QString oldPath = tab->path();
        if (oldPath != from && !oldPath.startsWith(inside))
            continue;
        const QString newPath = to + oldPath.mid(from.size());
        if (tabFor(newPath))
            continue;
        // The editor's own flag, not isModified(): a removal of the old path (a later batch's,
        // when it moved on again) marks the text unsaved although it is exactly what moved.
        std::optional<QByteArray> text;
        if (tab->state() == EditorTab::State::Text && tab->editor()->isModified())
            text = tab->editor()->text().toUtf8();
        removePage(index);
        EditorTab *moved = createTab(newPath, text);
        addPage(moved, newPath, index);
        if (tab == current)
            newCurrent = moved;
        if (text) {
            // The journal entry under the old name goes once the new one holds the text.
            connect(
                moved, &EditorTab::journalStored, this,
                [this, ws = m_workspace, oldPath] { m_core.files().journalDiscard(ws, oldPath); },
                Qt::SingleShotConnection);
        }
    }
    if (newCurrent)
        m_tabs->setCurrentWidget(newCurrent);
}

void EditorArea::offerRecovery()
{
    m_recovering = true;
    if (!m_workspaceKnown) {
        m_recoveryDue = true;
        return;
    }
    onResult(m_core.files().journalList(m_workspace), this,
             [this, ws = m_workspace.name()](const Result<QList<JournalEntry>> &entries) {
                 if (!entries) {
                     Q_EMIT errorOccurred(tr("Unsaved edits from the last run "
                                             "could not be read: %1")
                                              .arg(entries.error().message));
                     return;
                 }
                 if (ws == m_workspace.name())
                     recover(*entries);
             });
}

void EditorArea::recover(const QList<JournalEntry> &entries)
{
    QList<JournalEntry> offered;
    for (const JournalEntry &entry : entries) {
        // An open tab's own entry is this run's, not a crash's.
        if (!tabFor(entry.path))
            offered.append(entry);
    }
    if (offered.isEmpty())
        return;
    const QList<JournalEntry> chosen = prompts().recover(this, offered);
    for (const JournalEntry &entry : offered) {
        const bool restore =
            std::any_of(chosen.cbegin(), chosen.cend(),
                        [&](const JournalEntry &c) { return c.path == entry.path; });
        if (restore)
            addPage(createTab(entry.path, entry.content), entry.path);
        else
            m_core.files().journalDiscard(m_workspace, entry.path);
    }
}

} // namespace hawkmoth
