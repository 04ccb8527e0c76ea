#include "LfsUploader.h"

#include "HubRetry.h"
#include "PoolHelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

#include <deque>
#include <optional>

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
            parts.append(QJsonObject{{QStringLiteral("partNumber"), i + 1},
                                     {QStringLiteral("etag"), QString::fromLatin1(etags[i])}});
        HubRequest r;
        r.method = "POST";
        r.url = action.href;
        r.authorize = false;
        r.cancel = m_api.cancel();
        r.body = QJsonDocument(QJsonObject{{QStringLiteral("oid"), action.oid},
                                           {QStringLiteral("parts"), parts}})
                     .toJson(QJsonDocument::Compact);
        r.headers.append({QByteArray("Content-Type"), QByteArray("application/vnd.git-lfs+json")});
        r.headers.append({QByteArray("Accept"), QByteArray("application/vnd.git-lfs+json")});
        auto done = HubRetry::call(
            client, r, QStringLiteral("completing the multipart upload of %1").arg(action.oid));
        if (!done)
            return done.error();
    }
    return {};
}

std::optional<HubRequest> LfsUploader::verifyRequest(const LfsAction &action) const
{
    if (!action.verifyHref.isValid() || action.verifyHref.isEmpty())
        return std::nullopt;
    HubRequest r;
    r.method = "POST";
    r.url = action.verifyHref;
    r.cancel = m_api.cancel();
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("oid"), action.oid},
                                       {QStringLiteral("size"), double(action.size)}})
                 .toJson(QJsonDocument::Compact);
    r.headers.append({QByteArray("Content-Type"), QByteArray("application/vnd.git-lfs+json")});
    return r;
}

Result<LfsReport> LfsUploader::upload(const QString &repo, const QList<LfsFile> &files,
                                      const ProgressFn &progress)
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

    // Every request of every object that needs uploading, taken by m_parallel workers; the worker
    // that lands an object's last part completes and verifies it, while the others go on.
    struct Unit
    {
        int action;
        int part;
        HubRequest request;
    };
    std::deque<Unit> units;
    QList<QList<QByteArray>> etags(actions->size());
    QList<int> partsLeft(actions->size(), 0);
    Progress total;
    for (int a = 0; a < actions->size(); ++a) {
        const LfsAction &action = actions->at(a);
        if (!action.error.isEmpty())
            return Error{ErrorCode::Server, QStringLiteral("the Hub refused %1: %2")
                                                .arg(byOid.value(action.oid).path, action.error)};
        if (!action.needed) {
            ++report.skipped;
            continue;
        }
        const QList<HubRequest> requests = requestsFor(action, byOid.value(action.oid));
        etags[a].resize(requests.size());
        partsLeft[a] = int(requests.size());
        for (int p = 0; p < requests.size(); ++p)
            units.push_back({a, p, requests[p]});
        total.bytesTotal += action.size;
        total.filesTotal += 1;
    }

    QMutex mutex; // guards everything below and the bookkeeping above
    std::optional<Error> failure;
    // Verifications run while the next uploads go; their answers are checked at the end.
    struct Verification
    {
        int action;
        HubRequest request;
        QFuture<Result<HubResponse>> reply;
    };
    QList<Verification> verifications;
    QHash<qint64, qint64> inFlightBytes; // per unit: bytes of the request now running
    qint64 doneBytes = 0;
    auto reportProgress = [&] { // with the mutex held
        if (!progress)
            return;
        Progress now = total;
        now.bytesDone = doneBytes;
        for (qint64 b : std::as_const(inFlightBytes))
            now.bytesDone += b;
        now.filesDone = report.uploaded;
        progress(now);
    };
    auto worker = [&] {
        for (;;) {
            Unit unit;
            {
                QMutexLocker lock(&mutex);
                if (failure || units.empty() || m_api.cancel().isCancelled())
                    return;
                unit = std::move(units.front());
                units.pop_front();
            }
            const qint64 key = qint64(unit.action) << 32 | unit.part;
            unit.request.progress = [&, key](const Progress &p) {
                QMutexLocker lock(&mutex);
                inFlightBytes[key] = p.bytesDone;
                reportProgress();
            };
            const LfsAction &action = actions->at(unit.action);
            const QString what = QStringLiteral("uploading %1").arg(byOid.value(action.oid).path);
            const Result<HubResponse> reply = HubRetry::call(m_api.client(), unit.request, what);
            const bool multipart = action.header.contains(QLatin1String("chunk_size"));
            int left = 0;
            QList<QByteArray> tags;
            {
                QMutexLocker lock(&mutex);
                inFlightBytes.remove(key);
                if (!reply || (multipart && reply->header("etag").isEmpty())) {
                    if (!failure)
                        failure = !reply ? reply.error()
                                         : Error{ErrorCode::Server,
                                                 QStringLiteral(
                                                     "a part upload was answered without an ETag")};
                    return;
                }
                const qint64 sent =
                    unit.request.uploadLength >= 0 ? unit.request.uploadLength : action.size;
                doneBytes += sent;
                report.bytesSent += sent;
                etags[unit.action][unit.part] = reply->header("etag");
                left = --partsLeft[unit.action];
                if (left == 0)
                    tags = etags.at(unit.action);
            }
            if (left > 0)
                continue;
            const Status completed = complete(action, tags);
            QMutexLocker lock(&mutex);
            if (!completed) {
                if (!failure)
                    failure = completed.error();
                return;
            }
            if (auto verify = verifyRequest(action))
                verifications.append({unit.action, *verify, m_api.client().send(*verify)});
            ++report.uploaded;
            reportProgress();
        }
    };
    {
        PoolHelpers helpers(m_pool, int(qMin<qsizetype>(m_parallel, qsizetype(units.size()))) - 1,
                            [&worker](int) { worker(); });
        worker();
        helpers.finish();
    }
    for (const Verification &v : std::as_const(verifications)) {
        const QString what =
            QStringLiteral("verifying %1").arg(byOid.value(actions->at(v.action).oid).path);
        Result<HubResponse> verified = v.reply.result();
        if (auto bad = HubRetry::failure(verified, what, false); bad && HubRetry::isTransient(*bad))
            verified = HubRetry::call(m_api.client(), v.request, what);
        if (auto bad = HubRetry::failure(verified, what, false); bad && !failure)
            failure = *bad;
    }
    if (failure)
        return *failure;
    if (m_api.cancel().isCancelled())
        return Error::cancelled();
    return report;
}

} // namespace hawkmoth::hub
