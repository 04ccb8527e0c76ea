#include "LfsUploader.h"

#include "HubRetry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QThread>

#include <deque>

namespace hawkmoth::hub {

QList<HubRequest> LfsUploader::requestsFor(const LfsAction &action, const LfsFile &file)
{
    QList<HubRequest> out;
    const QJsonObject &header = action.header;
    if (header.contains(QLatin1String("chunk_size"))) {
        // Multipart: PUT each slice to its pre-signed URL (no token), keep each ETag.
        const qint64 chunk = header.value(QLatin1String("chunk_size")).toVariant().toLongLong();
        const qint64 parts = chunk > 0 ? (file.size + chunk - 1) / chunk : 0;
        for (qint64 i = 1; i <= parts; ++i) {
            HubRequest r;
            r.method = "PUT";
            r.url = QUrl(header.value(QString::number(i)).toString());
            r.authorize = false;
            r.uploadFile = file.absolute;
            r.uploadOffset = (i - 1) * chunk;
            r.uploadLength = qMin(chunk, file.size - r.uploadOffset);
            r.cancel = m_api.cancel();
            out.append(r);
        }
        return out;
    }
    HubRequest r;
    r.method = "PUT";
    r.url = action.href;
    r.authorize = false;
    r.uploadFile = file.absolute;
    r.cancel = m_api.cancel();
    for (auto it = header.begin(); it != header.end(); ++it)
        r.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    r.headers.append({QByteArray("Content-Type"), QByteArray("application/octet-stream")});
    out.append(r);
    return out;
}

Status LfsUploader::complete(const LfsAction &action, const QList<QByteArray> &etags)
{
    HubClient &client = m_api.client();
    if (action.header.contains(QLatin1String("chunk_size"))) {
        QJsonArray parts;
        for (int i = 0; i < etags.size(); ++i)
            parts.append(QJsonObject{{QStringLiteral("partNumber"), i + 1}, {QStringLiteral("etag"), QString::fromLatin1(etags[i])}});
        HubRequest r;
        r.method = "POST";
        r.url = action.href;
        r.authorize = false;
        r.cancel = m_api.cancel();
        r.body = QJsonDocument(QJsonObject{{QStringLiteral("oid"), action.oid}, {QStringLiteral("parts"), parts}}).toJson(QJsonDocument::Compact);
        r.headers.append({QByteArray("Content-Type"), QByteArray("application/vnd.git-lfs+json")});
        r.headers.append({QByteArray("Accept"), QByteArray("application/vnd.git-lfs+json")});
        auto done = HubRetry::call(client, r, QStringLiteral("completing the multipart upload of %1").arg(action.oid));
        if (!done)
            return done.error();
    }
    if (action.verifyHref.isValid() && !action.verifyHref.isEmpty()) {
        HubRequest r;
        r.method = "POST";
        r.url = action.verifyHref;
        r.cancel = m_api.cancel();
        r.body = QJsonDocument(QJsonObject{{QStringLiteral("oid"), action.oid}, {QStringLiteral("size"), double(action.size)}}).toJson(QJsonDocument::Compact);
        r.headers.append({QByteArray("Content-Type"), QByteArray("application/vnd.git-lfs+json")});
        auto verified = HubRetry::call(client, r, QStringLiteral("verifying %1").arg(action.oid));
        if (!verified)
            return verified.error();
    }
    return {};
}

Result<LfsReport> LfsUploader::upload(const QString &repo, const QList<LfsFile> &files, const ProgressFn &progress)
{
    LfsReport report;
    QList<std::pair<QString, qint64>> objects;
    QHash<QString, LfsFile> byOid;
    for (const LfsFile &f : files) {
        if (!byOid.contains(f.sha256))
            objects.append({f.sha256, f.size});
        byOid.insert(f.sha256, f);
    }
    auto actions = m_api.lfsBatch(repo, objects);
    if (!actions)
        return actions.error();

    // Every request of every object that needs uploading, run m_parallel at a time.
    struct Pending
    {
        int action;
        int part;
        HubRequest request;
    };
    std::deque<Pending> queue;
    QList<QList<QByteArray>> etags(actions->size());
    Progress total;
    for (int a = 0; a < actions->size(); ++a) {
        const LfsAction &action = actions->at(a);
        if (!action.error.isEmpty())
            return Error{ErrorCode::Server, QStringLiteral("the Hub refused %1: %2").arg(byOid.value(action.oid).path, action.error)};
        if (!action.needed) {
            ++report.skipped;
            continue;
        }
        const QList<HubRequest> requests = requestsFor(action, byOid.value(action.oid));
        etags[a].resize(requests.size());
        for (int p = 0; p < requests.size(); ++p)
            queue.push_back({a, p, requests[p]});
        total.bytesTotal += action.size;
        total.filesTotal += 1;
    }
    QMutex progressMutex;
    QHash<int, qint64> inFlightBytes; // per queue slot: bytes of the request now running
    struct Running
    {
        Pending pending;
        QFuture<Result<HubResponse>> future;
    };
    QList<Running> running;
    qint64 doneBytes = 0;
    auto launch = [&]() {
        Pending next = std::move(queue.front());
        queue.pop_front();
        const int slot = next.action * 100000 + next.part;
        next.request.progress = [&, slot](const Progress &p) {
            QMutexLocker lock(&progressMutex);
            inFlightBytes[slot] = p.bytesDone;
            if (progress) {
                Progress now = total;
                now.bytesDone = doneBytes;
                for (qint64 b : std::as_const(inFlightBytes))
                    now.bytesDone += b;
                progress(now);
            }
        };
        running.append({next, m_api.client().send(next.request)});
    };
    QHash<int, int> partsLeft;
    for (const Pending &p : queue)
        partsLeft[p.action] += 1;
    while (!queue.empty() || !running.isEmpty()) {
        while (!queue.empty() && running.size() < m_parallel)
            launch();
        // Wait for the oldest; the others keep going meanwhile.
        Running r = running.takeFirst();
        Result<HubResponse> reply = r.future.result();
        const QString what = QStringLiteral("uploading %1").arg(byOid.value(actions->at(r.pending.action).oid).path);
        if (auto failed = HubRetry::failure(reply, what, false); failed && HubRetry::isTransient(*failed)) {
            // One part (or file) failed for a passing reason: send it again, the others go on.
            QThread::msleep(quint64(HubRetry::delayMs(1)));
            reply = HubRetry::call(m_api.client(), r.pending.request, what);
        }
        if (auto failed = HubRetry::failure(reply, what, false)) {
            for (Running &other : running)
                other.future.waitForFinished(); // they are cancelled with the job, or finish
            return *failed;
        }
        const qint64 sent = r.pending.request.uploadLength >= 0 ? r.pending.request.uploadLength
                                                                : actions->at(r.pending.action).size;
        {
            QMutexLocker lock(&progressMutex);
            inFlightBytes.remove(r.pending.action * 100000 + r.pending.part);
            doneBytes += sent;
        }
        report.bytesSent += sent;
        etags[r.pending.action][r.pending.part] = reply->header("etag");
        if (actions->at(r.pending.action).header.contains(QLatin1String("chunk_size")) && etags[r.pending.action][r.pending.part].isEmpty())
            return Error{ErrorCode::Server, QStringLiteral("a part upload was answered without an ETag")};
        if (--partsLeft[r.pending.action] == 0) {
            HM_TRY(complete(actions->at(r.pending.action), etags[r.pending.action]));
            ++report.uploaded;
        }
    }
    return report;
}

} // namespace hawkmoth::hub
