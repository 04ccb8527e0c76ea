#pragma once
// Watches the folders of a workspace through inotify and says which ones saw a change. One watch
// per folder (never per file), so 100,000 files in thousands of folders take thousands of watches;
// git's and HAWKMOTH's own data (.git, .hawkmoth) and repositories of their own are not watched.

#include "Result.h"

#include <QHash>
#include <QObject>
#include <QString>

class QSocketNotifier;

namespace hawkmoth {

class FolderWatch : public QObject
{
    Q_OBJECT

public:
    explicit FolderWatch(QObject *parent = nullptr);
    ~FolderWatch() override;

    // Watches root and every folder below it. Fails with a message naming the system limit when
    // the watches run out (fs.inotify.max_user_watches), or when more than maxWatches are needed.
    Status start(const QString &root, int maxWatches = -1);
    void stop();
    int watchCount() const { return int(m_dirs.size()); }

Q_SIGNALS:
    // dir: relative ("" = root). wholeTree: a folder appeared or went away with all below it,
    // else only the files directly in dir changed.
    void folderChanged(const QString &dir, bool wholeTree);
    // The kernel dropped events: anything may have changed.
    void overflowed();
    // A folder that appeared could not be watched (the limit); changes in it go unseen.
    void failed(const QString &message);

private:
    Status watchTree(const QString &dir);
    Status addWatch(const QString &dir);
    void unwatchTree(const QString &dir);
    void readEvents();
    void handle(int wd, quint32 mask, const QString &name);
    static bool ignored(const QString &parent, const QString &name);

    QString m_root;
    int m_fd = -1;
    int m_maxWatches = -1;
    QSocketNotifier *m_notifier = nullptr;
    QHash<int, QString> m_dirs; // watch descriptor -> relative folder
};

} // namespace hawkmoth
