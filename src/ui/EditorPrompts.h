#pragma once
// Every question the editor asks the user, behind one replaceable object: the window uses these
// message boxes; tests install a subclass that answers at once, so no dialog ever waits on them.

#include "EditorJournal.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace hawkmoth {

class EditorPrompts
{
public:
    enum class ConflictChoice
    {
        Overwrite, // save anyway, over the newer version on disk
        Reload,    // drop the edits and take the disk's version
        Cancel,
    };
    enum class UnsavedChoice
    {
        Save,
        Discard,
        Cancel,
    };

    virtual ~EditorPrompts() = default;

    // Saving path would overwrite a version another program wrote since it was loaded.
    virtual ConflictChoice saveConflict(QWidget *parent, const QString &path);
    // path changed on disk while its buffer holds unsaved edits: true reloads it.
    virtual bool reloadChanged(QWidget *parent, const QString &path);
    // path is size bytes: true opens it read-only.
    virtual bool openLarge(QWidget *parent, const QString &path, qint64 size);
    // These buffers have unsaved edits and are about to close; canCancel false when the closing
    // cannot be stopped (the workspace was already switched).
    virtual UnsavedChoice unsaved(QWidget *parent, const QStringList &paths, bool canCancel);
    // The line to go to (1-based), or nothing when cancelled.
    virtual std::optional<int> goToLine(QWidget *parent, int current, int lineCount);
    // Unsaved buffers a crash left behind: returns the ones to restore; the rest are discarded.
    virtual QList<JournalEntry> recover(QWidget *parent, const QList<JournalEntry> &entries);
};

} // namespace hawkmoth
