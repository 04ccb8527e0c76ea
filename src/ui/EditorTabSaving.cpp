// EditorTab's side of keeping a buffer and its file in step: saving against the loaded version
// (asking on a conflict), following edits and deletions made on disk, and the crash journal.

#include "CodeEditor.h"
#include "EditorTab.h"
#include "FileDetailsPanel.h"
#include "FutureGuard.h"

#include <QLabel>
#include <QPointer>

namespace hawkmoth {

bool EditorTab::save()
{
    if (m_state != State::Text || m_readOnly)
        return false;
    if (m_saving)
        return true; // the running save ends with the buffer compared again
    startSave(false);
    return true;
}

void EditorTab::startSave(bool overwrite)
{
    m_saving = true;
    const quint64 generation = m_generation;
    const std::optional<FileVersion> expected = overwrite ? std::nullopt : m_version;
    onResult(m_core.files().save(m_workspace, m_path, m_editor->text().toUtf8(), expected), this,
             [this, generation, overwrite](const Result<FileEntry> &result) {
                 saveFinished(result, generation, overwrite);
             });
}

void EditorTab::saveFinished(const Result<FileEntry> &result, quint64 generation, bool overwrite)
{
    m_saving = false;
    if (!result) {
        if (result.error().code == ErrorCode::Conflict && !overwrite) {
            switch (m_prompts().saveConflict(this, m_path)) {
            case EditorPrompts::ConflictChoice::Overwrite:
                startSave(true);
                return;
            case EditorPrompts::ConflictChoice::Reload:
                m_editor->setModified(false);
                m_unsavedFile = false;
                reload();
                return;
            case EditorPrompts::ConflictChoice::Cancel:
                return;
            }
        }
        Q_EMIT errorOccurred(tr("Saving %1 failed: %2").arg(m_path, result.error().message));
        return;
    }
    m_version = FileVersion{QString::fromLatin1(result->sha256), result->size, result->mtimeNs};
    m_declinedSha.clear();
    if (generation == m_generation) {
        // Edits typed while the save ran are not in it: the buffer stays modified then.
        m_editor->setModified(false);
        m_unsavedFile = false;
        setBanner({});
        discardJournal();
    }
    Q_EMIT titleChanged();
    Q_EMIT saved(m_path);
    if (auto pending = std::exchange(m_changedWhileSaving, std::nullopt))
        diskChanged(*pending);
}

bool EditorTab::isCurrentVersion(const FileEntry &entry) const
{
    if (!m_version)
        return false;
    if (m_version->hasStamp() && entry.size == m_version->size &&
        entry.mtimeNs == m_version->mtimeNs)
        return true;
    return !entry.sha256.isEmpty() && QString::fromLatin1(entry.sha256) == m_version->sha256;
}

void EditorTab::diskChanged(const FileEntry &entry)
{
    if (m_state == State::Binary) {
        m_details->setEntry(entry);
        return;
    }
    if (m_state != State::Text || m_reloading)
        return;
    if (m_saving) {
        // Perhaps this save's own change: judged against the version the save ends with.
        m_changedWhileSaving = entry;
        return;
    }
    if (isCurrentVersion(entry) || m_asking)
        return;
    if (!isModified()) {
        reload();
        return;
    }
    if (!entry.sha256.isEmpty() && QString::fromLatin1(entry.sha256) == m_declinedSha)
        return; // asked about this version already
    m_asking = true;
    const QPointer<EditorTab> self(this);
    const bool reloadIt = m_prompts().reloadChanged(this, m_path);
    if (!self)
        return;
    m_asking = false;
    if (reloadIt) {
        m_editor->setModified(false);
        m_unsavedFile = false;
        reload();
    } else {
        // The next save meets the newer version and asks before overwriting it.
        m_declinedSha = QString::fromLatin1(entry.sha256);
    }
}

void EditorTab::diskRemoved()
{
    if (m_state != State::Text)
        return;
    // The text is all that is left of the file: keep it, unsaved, so a save brings it back.
    m_version.reset();
    m_unsavedFile = true;
    setBanner(
        tr("“%1” was deleted on disk. Save to create it again, or close the tab.").arg(m_path));
    Q_EMIT titleChanged();
}

void EditorTab::storeJournal()
{
    if (!isModified() || m_journaled == m_generation)
        return;
    m_journaled = m_generation;
    const QPointer<EditorTab> self(this);
    m_journal.store(m_editor->text().toUtf8(), [self](const Status &status) {
        if (self)
            self->journalDone(true, status);
    });
}

void EditorTab::discardJournal()
{
    if (!m_journal.hasEntry())
        return;
    m_journaled = 0;
    const QPointer<EditorTab> self(this);
    m_journal.discard([self](const Status &status) {
        if (self)
            self->journalDone(false, status);
    });
}

void EditorTab::journalDone(bool stored, const Status &status)
{
    if (!status) {
        Q_EMIT errorOccurred(tr("Keeping unsaved edits of %1 for recovery failed: %2")
                                 .arg(m_path, status.error().message));
        return;
    }
    if (stored)
        Q_EMIT journalStored(m_path);
}

} // namespace hawkmoth
