#pragma once
// Writes one buffer's crash-journal entry through the core, one step after another in the order
// asked, even after the tab that asked is gone: a discard never overtakes the store before it.

#include "StorageCore.h"

#include <QFuture>

#include <functional>

namespace hawkmoth {

class JournalWriter
{
public:
    // Called on the core's thread with each step's outcome; guard what it captures.
    using Done = std::function<void(const Status &)>;

    JournalWriter(StorageCore &core, Workspace workspace, QString path);

    void store(const QByteArray &content, Done done);
    void discard(Done done);
    // Whether an entry is (or is being) recorded.
    bool hasEntry() const { return m_hasEntry; }
    void setHasEntry(bool has) { m_hasEntry = has; }

private:
    void append(bool store, const QByteArray &content, Done done);

    StorageCore &m_core;
    Workspace m_workspace;
    QString m_path;
    bool m_hasEntry = false;
    QFuture<Status> m_tail;
};

} // namespace hawkmoth
