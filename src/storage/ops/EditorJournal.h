#pragma once
// The crash journal for unsaved editor buffers, in the user's cache folder (never in the
// workspace, never synced). The editor records a buffer as it is typed and discards the entry on
// save; after a crash the entries left over are offered for recovery.

#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace hawkmoth {

struct JournalEntry
{
    QString workspace;
    QString path;
    QByteArray content;
    QDateTime recorded;
};

class EditorJournal
{
public:
    explicit EditorJournal(QString journalDir);

    Status record(const QString &workspace, const QString &path, const QByteArray &content);
    Status discard(const QString &workspace, const QString &path);
    Result<QList<JournalEntry>> entries(const QString &workspace) const;
    // Moves a workspace's entries along with a rename; drops them with a deletion.
    Status renameWorkspace(const QString &from, const QString &to);
    Status dropWorkspace(const QString &workspace);

private:
    QString folder(const QString &workspace) const;
    QString entryFile(const QString &workspace, const QString &path) const;

    QString m_dir;
};

} // namespace hawkmoth
