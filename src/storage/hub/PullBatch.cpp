#include "PullBatch.h"

#include "ChangeTransaction.h"
#include "FileSystemCalls.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace hawkmoth::hub {

namespace {

// As an import batches its files: the bytes bound keeps a flush of large files short.
constexpr std::size_t publishBatch = 256;
constexpr qint64 publishBatchBytes = 256 * 1024 * 1024;

} // namespace

PullBatch::PullBatch(const Workspace &workspace, const StorageContext &context,
                     const LayerPolicy &policy, const BlobCache &cache)
    : m_ws(workspace)
    , m_ctx(withoutAutoSync(context))
    , m_policy(policy)
    , m_cache(cache)
{}

PullBatch::~PullBatch()
{
    // Only reached unfinished when the caller returned early: its error is the one it reports.
    static_cast<void>(finish());
}

Status PullBatch::add(const QString &path, const QString &absolute, const QString &sha256,
                      bool take)
{
    QMutexLocker lock(&m_mutex);
    if (m_failure)
        return *m_failure;
    m_queue.push_back({path, absolute, sha256, take});
    if (m_consuming)
        return {};
    // A pool thread works while there is work, and is given back when the queue runs dry: a
    // pull of gigabytes does not hold one idle for its whole length.
    m_consuming = true;
    lock.unlock();
    m_helper = std::make_unique<PoolHelpers>(m_ctx.pool, 1, [this](int) { consume(); });
    return {};
}

void PullBatch::consume()
{
    for (;;) {
        QMutexLocker work(&m_workMutex); // before the queue: items are staged in their order
        Item item;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.empty()) {
                m_consuming = false;
                return;
            }
            item = std::move(m_queue.front());
            m_queue.pop_front();
            if (m_failure)
                continue; // what is left after a failure is dropped
        }
        if (Status staged = stage(item); !staged) {
            QMutexLocker lock(&m_mutex);
            if (!m_failure)
                m_failure = staged.error();
        }
    }
}

Status PullBatch::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    consume(); // what no helper took yet (one the pool never started is taken back below)
    if (m_helper)
        m_helper->finish();
    consume(); // what such a helper left
    // What arrived whole is published even after a failure of another file.
    QMutexLocker work(&m_workMutex);
    const Status published = publish();
    QMutexLocker lock(&m_mutex);
    if (m_failure)
        return *m_failure;
    return published;
}

Status PullBatch::stage(const Item &item)
{
    auto binary = m_cache.looksBinary(item.sha256);
    if (!binary)
        return binary.error();
    auto writer = item.take ? m_cache.take(item.sha256, item.absolute, m_ws.stagingDir())
                            : m_cache.stage(item.sha256, item.absolute, m_ws.stagingDir());
    if (!writer)
        return writer.error();
    const qint64 written = (*writer)->writtenSize();
    m_staged.push_back(
        {std::move(*writer), item.path, item.absolute, {item.sha256.toLatin1(), written, *binary}});
    m_stagedBytes += written;
    if (m_staged.size() >= publishBatch || m_stagedBytes >= publishBatchBytes)
        return publish();
    return {};
}

Status PullBatch::publish()
{
    if (m_staged.empty())
        return {};
    // Taken whole: after a failure, what was not published is removed with its writer.
    const std::vector<Staged> batch = std::move(m_staged);
    m_staged.clear();
    m_stagedBytes = 0;
    QStringList folders{m_ws.stagingDir()};
    for (const Staged &s : batch)
        folders.append(QFileInfo(s.absolute).absolutePath());
    folders.removeDuplicates();
    // The data is on disk before any file appears at its place (a power cut then leaves no empty
    // file where the index says the Hub's content is), and the renames are before the index says
    // the files are there.
    HM_TRY(syncFileSystems(folders));
    auto change = ChangeTransaction::begin(m_ws, m_policy, m_ctx);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    for (const Staged &s : batch) {
        HM_TRY(s.writer->publish());
        struct stat st
        {};
        if (::stat(QFile::encodeName(s.absolute).constData(), &st) != 0)
            continue; // gone at once: the rescan after the pull sees to it
        auto previous = recorder.index().get(s.path);
        if (!previous)
            return previous.error();
        auto entry = recorder.record(s.path, s.probe.size,
                                     qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
                                     s.probe, *previous);
        if (!entry)
            return entry.error();
    }
    HM_TRY(syncFileSystems(folders));
    return change->commit();
}

} // namespace hawkmoth::hub
