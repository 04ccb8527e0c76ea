#pragma once
// Watches the folders of a workspace through inotify and says which ones saw a change. One watch
// per folder (never per file), so 100,000 files in thousands of folders take thousands of watches;
// git's and HAWKMOTH's own data (.git, .hawkmoth) and repositories of their own are not watched.

#include "Result.h"
#include "UniqueFd.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>

class QSocketNotifier;

namespace hawkmoth {

class FolderWatch : public QObject
{
    Q_OBJECT

public:
    explicit FolderWatch(QObject *parent = nullptr);
    ~FolderWatch() override;

    // An inotify instance watching root and every folder below it, before anyone reads its
    // events. Setting it up walks every folder: do it on a pool thread, then adopt() it on the
    // thread that will read the events. Fails with a message naming the system limit when the
    // watches run out (fs.inotify.max_user_watches), or when more than maxWatches are needed.
    struct Watches
    {
        QString root;
        UniqueFd fd; // closing it drops every watch
        int maxWatches = -1;
        QHash<int, QString> dirs; // watch descriptor -> relative folder
    };
    static Result<std::shared_ptr<Watches>> prepare(const QString &root, int maxWatches = -1);
    void adopt(std::shared_ptr<Watches> watches);
    // prepare() and adopt() on this thread.
    Status start(const QString &root, int maxWatches = -1);
    void stop();
    int watchCount() const { return m_watches ? int(m_watches->dirs.size()) : 0; }

Q_SIGNALS:
    // dir: relative ("" = root). wholeTree: a folder appeared or went away with all below it,
    // else only the files directly in dir changed.
    void folderChanged(const QString &dir, bool wholeTree);
    // The kernel dropped events: anything may have changed.
    void overflowed();
    // A folder that appeared could not be watched (the limit); changes in it go unseen.
    void failed(const QString &message);

private:
    static Status watchTree(Watches &w, const QString &dir);
    static Status addWatch(Watches &w, const QString &dir);
    void unwatchTree(const QString &dir);
    void readEvents();
    void handle(int wd, quint32 mask, const QString &name);
    static bool ignored(const QString &parent, const QString &name);

    std::shared_ptr<Watches> m_watches;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace hawkmoth
