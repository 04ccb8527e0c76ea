#pragma once
// The disk steps of one file operation, undone unless the operation's index transaction
// committed: rm, mv and save change the disk inside the transaction, and put the disk back when the
// commit fails (a full disk), so each either completes or changes nothing.

#include "Result.h"

#include <QList>
#include <QString>

namespace hawkmoth {

class Transaction;

class DiskUndo
{
public:
    // stagingDir: where set-aside files and backups wait (on the workspace's file system).
    explicit DiskUndo(QString stagingDir);
    ~DiskUndo();
    DiskUndo(const DiskUndo &) = delete;
    DiskUndo &operator=(const DiskUndo &) = delete;

    // Renames from to to, never over an existing file; undone by renaming back. A failure's
    // message is the reason alone ("file exists"), for the caller to say what was renamed.
    Status rename(const QString &from, const QString &to);
    // Moves a file or folder out of sight into the staging folder; deleted for good by keep().
    // Across file systems (a mount inside the workspace) it stays in place until keep().
    Status setAside(const QString &path);
    // Keeps a way back to path's current content (a hard link; a copy where none is possible)
    // before it is replaced;
    // undone by restoring that content, or by removing path if it did not exist.
    Status guardReplace(const QString &path);
    // The operation committed: forget the way back and delete what was set aside.
    void keep();
    // Puts the disk back as it was, newest step first.
    Status undo();
    // Commits tx and keeps the steps, or undoes them and says what failed and that nothing
    // changed (unchanged: "nothing was deleted").
    Status commitOrUndo(Transaction &tx, const QString &action, const QString &unchanged);

private:
    enum class Kind
    {
        Renamed,
        SetAside,
        DeleteOnKeep,
        Replaced
    };
    struct Step
    {
        Kind kind;
        QString path;  // where the operation left things
        QString saved; // where the old state is kept ("" for a replaced path that did not exist)
    };
    QString stagingName(const char *suffix) const;

    QString m_stagingDir;
    QList<Step> m_steps;
};

} // namespace hawkmoth
