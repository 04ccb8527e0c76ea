#include "HubDownloads.h"

#include "HubRetry.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QSet>
#include <QWaitCondition>

#include <chrono>
#include <deque>

namespace hawkmoth::hub {

namespace {

qint64 nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// The cache's key of a remote file: its sha256 when it is an LFS file, its git blob id otherwise.
QString keyOf(const RemoteFile &file)
{
    return file.lfsOid.isEmpty() ? file.oid : file.lfsOid;
}

} // namespace

struct HubDownloads::Task
{
    qsizetype index = 0;
    int attempt = 1;
    qint64 resumeFrom = 0; // bytes of the .part the request asked the rest of
    qint64 notBeforeMs = 0;
    bool viaLink = false;    // the request went to the object's LFS link, not to resolve
    bool viaResolve = false; // its link failed: the path is resolved from now on
};

// LFS download links, asked of the batch API 100 objects at a time as the queue reaches them (a
// link expires, so not all at the start). One request per file instead of two (resolve, then the
// CDN) halves the requests of a pull and spends none of the Hub's resolver quota on LFS files.
class HubDownloads::Links
{
public:
    Links(HubApi &api, const QString &dataset)
        : m_api(api)
        , m_dataset(dataset)
    {}

    // The link of the task's file, asked together with the LFS files queued after it; null when
    // the file is not an LFS file, its link failed, or the Hub hands out none (then every file of
    // the run resolves its path, as before).
    const LfsDownload *of(const Task &task, const QList<RemoteFile> &files,
                          const std::deque<Task> &queue, std::deque<Task>::const_iterator at)
    {
        const RemoteFile &file = files.at(task.index);
        if (file.lfsOid.isEmpty() || task.viaResolve || !m_working)
            return nullptr;
        if (!m_asked.contains(file.lfsOid)) {
            QList<std::pair<QString, qint64>> objects;
            for (auto it = at; it != queue.cend() && objects.size() < 100; ++it) {
                const RemoteFile &next = files.at(it->index);
                if (!next.lfsOid.isEmpty() && !m_asked.contains(next.lfsOid)) {
                    m_asked.insert(next.lfsOid);
                    objects.append({next.lfsOid, next.size});
                }
            }
            auto answered = m_api.lfsDownloads(m_dataset, objects);
            if (!answered) {
                m_working = false;
                return nullptr;
            }
            m_links.insert(*answered);
        }
        const auto found = m_links.constFind(file.lfsOid);
        // A link too old to start resolves the path instead.
        if (found == m_links.constEnd() ||
            found->useBeforeMs <= QDateTime::currentMSecsSinceEpoch())
            return nullptr;
        return &*found;
    }

private:
    HubApi &m_api;
    const QString &m_dataset;
    QHash<QString, LfsDownload> m_links; // by sha256
    QSet<QString> m_asked;
    bool m_working = true;
};

// Answers as they come back on the network thread, for the calling thread to take.
struct HubDownloads::Inbox
{
    QMutex mutex;
    QWaitCondition arrived;
    std::deque<std::pair<qsizetype, Result<HubResponse>>> answers; // task index, answer

    void put(qsizetype task, Result<HubResponse> answer)
    {
        QMutexLocker lock(&mutex);
        answers.emplace_back(task, std::move(answer));
        arrived.wakeAll();
    }
};

// The run's progress: the bytes of the files that landed and of those in flight. Transfers note
// theirs on the network thread; the report goes out from the calling thread, so that what it does
// (a job writes it to its queue now and then) never holds up the transfers.
class HubDownloads::Progresses
{
public:
    static constexpr qint64 intervalMs = 100;

    Progresses(const ProgressFn &report, const QList<RemoteFile> &files)
        : m_report(report)
    {
        m_total.filesTotal = files.size();
        for (const RemoteFile &f : files)
            m_total.bytesTotal += f.size;
    }
    void moving(qsizetype task, qint64 bytes)
    {
        QMutexLocker lock(&m_mutex);
        m_inFlight[task] = bytes;
    }
    void landed(qsizetype task, qint64 size)
    {
        {
            QMutexLocker lock(&m_mutex);
            m_inFlight.remove(task);
            m_total.bytesDone += size;
            m_total.filesDone += 1;
        }
        send(true);
    }
    void stopped(qsizetype task)
    {
        QMutexLocker lock(&m_mutex);
        m_inFlight.remove(task);
    }
    // Reports where the run is: always when force, else at most every intervalMs.
    void send(bool force = false)
    {
        if (!m_report || (!force && nowMs() - m_sentMs < intervalMs))
            return;
        m_sentMs = nowMs();
        Progress now;
        {
            QMutexLocker lock(&m_mutex);
            now = m_total;
            for (qint64 b : std::as_const(m_inFlight))
                now.bytesDone += b;
        }
        m_report(now);
    }

private:
    const ProgressFn &m_report;
    QMutex m_mutex;
    Progress m_total;
    QHash<qsizetype, qint64> m_inFlight;
    qint64 m_sentMs = 0;
};

Status HubDownloads::start(Task &task, const RemoteFile &file, const LfsDownload *link,
                           const CancelToken &cancel, const std::shared_ptr<Inbox> &inbox,
                           Progresses &progress)
{
    const QString key = keyOf(file);
    const QString part = m_cache.partPath(key);
    QDir().mkpath(QFileInfo(part).absolutePath());
    const qint64 have = QFileInfo(part).size();
    task.resumeFrom = 0;
    task.viaLink = link != nullptr;
    if (have > 0 && have < file.size && link) {
        task.resumeFrom = have; // a link names the object itself, whose bytes the .part began
    } else if (have > 0 && have < file.size) {
        // Resume only into the same object: the path may hold a newer version by now. Rare (a
        // blip, or a run that ended midway), so asked here, while the others go on.
        auto info = m_api.fileInfo(m_dataset, file.path, file.revision);
        if (!info)
            return info.error().context(file.path);
        if (info->etag == key)
            task.resumeFrom = have;
        else
            QFile::remove(part);
    }
    HubRequest request =
        link ? m_api.lfsDownloadRequest(*link, part, task.resumeFrom)
             : m_api.downloadRequest(m_dataset, file.path, part, task.resumeFrom, file.revision);
    request.cancel = cancel;
    request.hashDownload = true;
    // git's blob id checks a file stored without LFS; an LFS file is checked by its sha256 alone,
    // and a second hash of every byte was an eighth of a pull's CPU.
    if (file.lfsOid.isEmpty())
        request.expectedSize = file.size;
    const qsizetype index = task.index;
    const qint64 base = task.resumeFrom;
    request.progress = [&progress, index, base](const Progress &p) {
        progress.moving(index, base + p.bytesDone);
    };
    // The continuation runs where the answer is made (the network thread): it only posts it.
    m_api.client()
        .send(std::move(request))
        .then(QtFuture::Launch::Sync,
              [inbox, index](const Result<HubResponse> &answer) { inbox->put(index, answer); })
        .onCanceled([inbox, index] { inbox->put(index, Error::cancelled()); });
    return {};
}

Result<QString> HubDownloads::adopt(const Task &task, const RemoteFile &file,
                                    const HubResponse &reply) const
{
    const QString part = m_cache.partPath(keyOf(file));
    // Hashed on the way only when the body was written whole by this request, and had the size
    // the listing gave (otherwise the file is read and its hash says what is wrong).
    BlobCache::Hashes hashed;
    if (task.resumeFrom == 0 && reply.status != 416 && QFileInfo(part).size() == file.size)
        hashed = {reply.sha256, reply.gitBlobId};
    return m_cache.adopt(part, file.lfsOid, file.lfsOid.isEmpty() ? file.oid : QString(), hashed);
}

Status HubDownloads::run(const QList<RemoteFile> &files, const Landed &landed,
                         const ProgressFn &progress)
{
    Progresses progresses(progress, files);
    // Its own token, so that a failure stops the other downloads of the run.
    const CancelToken cancel = m_api.cancel().linked();
    std::optional<Error> failure;
    auto fail = [&](Error e) {
        if (!failure)
            failure = std::move(e);
        cancel.cancel();
    };
    std::deque<Task> waiting;
    // Files of the same content are fetched once (two downloads would share a .part file): the
    // others land with the first.
    QHash<QString, qsizetype> first;
    QHash<qsizetype, QList<qsizetype>> sameAs;
    // A file stored without LFS is keyed by its git id, yet lands in the cache by its sha256: the
    // same bytes as an LFS file of the run would share that file's blob. Sizes tell them apart.
    QSet<qint64> plainSizes;
    for (const RemoteFile &f : files) {
        if (f.lfsOid.isEmpty())
            plainSizes.insert(f.size);
    }
    for (qsizetype i = 0; i < files.size(); ++i) {
        const RemoteFile &f = files.at(i);
        if (!f.lfsOid.isEmpty() && m_cache.has(f.lfsOid, f.size)) {
            // Downloaded before (another workspace, an earlier attempt).
            progresses.landed(i, f.size);
            if (Status used = landed(i, f.lfsOid, false); !used)
                return used;
            continue;
        }
        if (const auto known = first.constFind(keyOf(f)); known != first.constEnd()) {
            sameAs[*known].append(i);
            continue;
        }
        first.insert(keyOf(f), i);
        waiting.push_back({i, 1, 0, 0});
    }
    Links links(m_api, m_dataset);
    QHash<qsizetype, Task> running;
    auto inbox = std::make_shared<Inbox>();
    // Answers taken from the inbox: handled after the free places were refilled, so that the next
    // requests are out while a landed file is checked and handed over.
    std::deque<std::pair<Task, Result<HubResponse>>> arrived;
    auto handle = [&](Task &task, const Result<HubResponse> &answer) {
        const RemoteFile &file = files.at(task.index);
        if (failure) {
            progresses.stopped(task.index);
            return; // draining what is still in flight
        }
        if (auto failed = HubApi::downloadFailure(answer, file.path, task.resumeFrom)) {
            progresses.stopped(task.index);
            const bool longWait = failed->code == ErrorCode::RateLimited &&
                                  failed->retryAfterMs > HubRetry::maxInPlaceWaitMs;
            if (cancel.isCancelled()) {
                fail(Error::cancelled());
            } else if (task.viaLink && !HubRetry::isTransient(*failed)) {
                // Expired, revoked or refused by the CDN: the Hub's resolve still knows the file,
                // asked next, in the file's turn.
                task.viaResolve = true;
                waiting.push_front(task);
            } else if (HubRetry::isTransient(*failed) && task.attempt < HubRetry::maxAttempts &&
                       !longWait) {
                task.notBeforeMs =
                    nowMs() +
                    qMax(HubRetry::delayMs(task.attempt),
                         failed->code == ErrorCode::RateLimited ? failed->retryAfterMs : qint64(0));
                ++task.attempt;
                waiting.push_back(task);
            } else {
                fail(failed->context(file.path));
            }
            return;
        }
        auto sha = adopt(task, file, *answer);
        if (!sha) {
            progresses.stopped(task.index);
            fail(sha.error().context(file.path));
            return;
        }
        const QList<qsizetype> group = QList<qsizetype>{task.index} + sameAs.value(task.index);
        const bool ownBlob = !file.lfsOid.isEmpty() && !plainSizes.contains(file.size);
        for (const qsizetype index : group) {
            progresses.landed(index, files.at(index).size);
            if (Status used = landed(index, *sha, ownBlob && index == group.constLast()); !used)
                return fail(used.error());
        }
    };
    while (!waiting.empty() || !running.isEmpty() || !arrived.empty()) {
        if (!failure && cancel.isCancelled())
            fail(Error::cancelled());
        const qint64 now = nowMs();
        qint64 nextStart = -1; // the earliest time a waiting retry may start
        for (auto it = waiting.begin(); !failure && it != waiting.end();) {
            if (running.size() >= m_parallel)
                break;
            if (it->notBeforeMs > now) {
                nextStart = nextStart < 0 ? it->notBeforeMs : qMin(nextStart, it->notBeforeMs);
                ++it;
                continue;
            }
            const LfsDownload *link = links.of(*it, files, waiting, it);
            if (Status started = start(*it, files.at(it->index), link, cancel, inbox, progresses);
                !started) {
                fail(started.error());
                break;
            }
            running.insert(it->index, *it);
            it = waiting.erase(it);
        }
        if (!arrived.empty()) {
            handle(arrived.front().first, arrived.front().second);
            arrived.pop_front();
            continue;
        }
        if (running.isEmpty()) {
            if (failure)
                break;
            // Only retries that wait for their time.
            if (!waiting.empty() && !HubRetry::sleep(qMax<qint64>(0, nextStart - nowMs()), cancel))
                fail(Error::cancelled());
            continue;
        }
        {
            QMutexLocker lock(&inbox->mutex);
            // Woken now and then to start a retry whose time came, and to report progress.
            if (inbox->answers.empty())
                inbox->arrived.wait(&inbox->mutex, Progresses::intervalMs);
            for (auto &[index, answer] : inbox->answers)
                arrived.emplace_back(running.take(index), std::move(answer));
            inbox->answers.clear();
        }
        progresses.send();
    }
    if (failure)
        return *failure;
    return {};
}

} // namespace hawkmoth::hub
