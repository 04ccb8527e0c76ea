#include "JournalWriter.h"

namespace hawkmoth {

JournalWriter::JournalWriter(StorageCore &core, Workspace workspace, QString path)
    : m_core(core)
    , m_workspace(std::move(workspace))
    , m_path(std::move(path))
    , m_tail(QtFuture::makeReadyFuture(Status()))
{}

void JournalWriter::store(const QByteArray &content, Done done)
{
    m_hasEntry = true;
    append(true, content, std::move(done));
}

void JournalWriter::discard(Done done)
{
    m_hasEntry = false;
    append(false, {}, std::move(done));
}

void JournalWriter::append(bool store, const QByteArray &content, Done done)
{
    StorageCore *core = &m_core;
    // Each step starts on the core's thread when the one before ended; the core is the context,
    // so the chain outlives the tab (and ends with the core).
    m_tail = m_tail
                 .then(core,
                       [core, ws = m_workspace, path = m_path, store, content](const Status &) {
                           return store ? core->files().journalStore(ws, path, content)
                                        : core->files().journalDiscard(ws, path);
                       })
                 .unwrap()
                 .then(core, [done = std::move(done)](const Status &status) {
                     if (done)
                         done(status);
                     return status;
                 });
}

} // namespace hawkmoth
