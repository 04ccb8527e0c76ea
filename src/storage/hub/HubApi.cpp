#include "HubApi.h"

#include "HubRetry.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace hawkmoth::hub {

namespace {

const QByteArray lfsJson = "application/vnd.git-lfs+json";

QString datasets(const QString &repo)
{
    return QStringLiteral("/api/datasets/") + repo;
}

// rel="next" of a Link header.
QUrl nextLink(const QByteArray &header)
{
    static const QRegularExpression rx(QStringLiteral("<([^>]+)>;\\s*rel=\"next\""));
    const auto m = rx.match(QString::fromUtf8(header));
    return m.hasMatch() ? QUrl(m.captured(1)) : QUrl();
}

// Where a file is downloaded from: the head of main, or the commit given.
QString resolvePath(const QString &repo, const QString &path, const QString &revision)
{
    const QString rev = revision.isEmpty() ? QStringLiteral("main")
                                           : QString::fromLatin1(QUrl::toPercentEncoding(revision));
    return QStringLiteral("/datasets/") + repo + QStringLiteral("/resolve/") + rev +
           QLatin1Char('/') + HubApi::encodePath(path);
}

// Streams the answer into dest; from resumeFrom on, after what dest holds.
void streamInto(HubRequest &request, const QString &dest, qint64 resumeFrom)
{
    request.downloadFile = dest;
    request.appendDownload = resumeFrom > 0;
    if (resumeFrom > 0)
        request.headers.append({"Range", "bytes=" + QByteArray::number(resumeFrom) + "-"});
}

} // namespace

QString HubApi::encodePath(const QString &path)
{
    QStringList parts;
    for (const QString &p : path.split(QLatin1Char('/')))
        parts.append(QString::fromLatin1(QUrl::toPercentEncoding(p)));
    return parts.join(QLatin1Char('/'));
}

Result<HubResponse> HubApi::json(const QByteArray &method, const QString &pathAndQuery,
                                 const QJsonObject &body, const QString &what,
                                 const QByteArray &contentType)
{
    HubRequest request;
    request.method = method;
    request.url = m_client.url(pathAndQuery);
    request.cancel = m_cancel;
    if (method != "GET") {
        request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        request.headers.append({"Content-Type", contentType});
    }
    request.headers.append(
        {"Accept", contentType == lfsJson ? lfsJson : QByteArray("application/json")});
    request.expectJson = true;
    return HubRetry::call(m_client, request, what);
}

Result<QString> HubApi::whoami()
{
    auto r =
        json("GET", QStringLiteral("/api/whoami-v2"), {}, QStringLiteral("checking the token"));
    if (!r)
        return r.error();
    const QString name =
        QJsonDocument::fromJson(r->body).object().value(QLatin1String("name")).toString();
    if (name.isEmpty())
        return Error{ErrorCode::Server, QStringLiteral("the Hub's whoami answer names no user")};
    return name;
}

Status HubApi::createDataset(const QString &repo, bool isPrivate)
{
    auto created = createRepo(QStringLiteral("dataset"), repo, isPrivate);
    if (!created)
        return created.error();
    return {};
}

Result<bool> HubApi::createRepo(const QString &type, const QString &repo, bool isPrivate,
                                const QString &sdk)
{
    const QStringList parts = repo.split(QLatin1Char('/'));
    if (parts.size() != 2)
        return Error::invalid(
            QStringLiteral("a %1 is named namespace/name, not '%2'").arg(type, repo));
    QJsonObject body{{QStringLiteral("name"), parts[1]},
                     {QStringLiteral("organization"), parts[0]},
                     {QStringLiteral("type"), type},
                     {QStringLiteral("private"), isPrivate}};
    if (!sdk.isEmpty())
        body.insert(QStringLiteral("sdk"), sdk);
    auto r = json("POST", QStringLiteral("/api/repos/create"), body,
                  QStringLiteral("creating %1 %2").arg(type, repo));
    if (!r && r.error().code != ErrorCode::AlreadyExists)
        return r.error();
    return bool(r);
}

Result<RepoInfo> HubApi::repoInfo(const QString &repo)
{
    auto r = json("GET", datasets(repo), {}, QStringLiteral("reading dataset %1").arg(repo));
    if (!r)
        return r.error();
    const QJsonObject o = QJsonDocument::fromJson(r->body).object();
    if (!o.contains(QLatin1String("sha")))
        return Error{
            ErrorCode::Server,
            QStringLiteral("the Hub's answer for %1 is not a repository description").arg(repo)};
    return RepoInfo{o.value(QLatin1String("sha")).toString(),
                    o.value(QLatin1String("private")).toBool()};
}

Result<QList<RemoteFile>> HubApi::listFiles(const QString &repo, const QString &revision)
{
    QList<RemoteFile> out;
    QUrl url = m_client.url(datasets(repo) + QStringLiteral("/tree/") +
                            QString::fromLatin1(QUrl::toPercentEncoding(revision)) +
                            QStringLiteral("?recursive=true&expand=false"));
    while (url.isValid()) {
        HubRequest request;
        request.url = url;
        request.cancel = m_cancel;
        request.headers.append({QByteArray("Accept"), QByteArray("application/json")});
        request.expectJson = true;
        auto r = HubRetry::call(m_client, request, QStringLiteral("listing dataset %1").arg(repo));
        if (!r)
            return r.error();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(r->body, &parseError);
        if (!doc.isArray())
            return Error{ErrorCode::Server,
                         QStringLiteral("listing dataset %1: the Hub answered malformed JSON (%2)")
                             .arg(repo, parseError.errorString())};
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject e = v.toObject();
            if (e.value(QLatin1String("type")).toString() != QLatin1String("file"))
                continue;
            const QJsonObject lfs = e.value(QLatin1String("lfs")).toObject();
            out.append(RemoteFile{e.value(QLatin1String("path")).toString(),
                                  qint64(e.value(QLatin1String("size")).toDouble()),
                                  e.value(QLatin1String("oid")).toString(),
                                  lfs.value(QLatin1String("oid")).toString(), revision});
        }
        url = nextLink(r->header("link"));
    }
    return out;
}

Result<QHash<QString, bool>> HubApi::preupload(const QString &repo,
                                               const QList<PreuploadFile> &files)
{
    QHash<QString, bool> modes;
    for (qsizetype start = 0; start < files.size(); start += 100) {
        QJsonArray batch;
        for (const PreuploadFile &f : files.mid(start, 100))
            batch.append(
                QJsonObject{{QStringLiteral("path"), f.path},
                            {QStringLiteral("size"), double(f.size)},
                            {QStringLiteral("sample"), QString::fromLatin1(f.sample.toBase64())}});
        auto r = json("POST", datasets(repo) + QStringLiteral("/preupload/main"),
                      {{QStringLiteral("files"), batch}},
                      QStringLiteral("asking the Hub how to upload"));
        if (!r)
            return r.error();
        const QJsonArray answer =
            QJsonDocument::fromJson(r->body).object().value(QLatin1String("files")).toArray();
        if (answer.size() != batch.size())
            return Error{ErrorCode::Server,
                         QStringLiteral("the Hub's preupload answer does not list every file")};
        for (const QJsonValue &v : answer) {
            const QJsonObject f = v.toObject();
            modes.insert(f.value(QLatin1String("path")).toString(),
                         f.value(QLatin1String("uploadMode")).toString() == QLatin1String("lfs"));
        }
    }
    return modes;
}

Result<QJsonArray> HubApi::lfsBatchObjects(const QString &repo, const QString &operation,
                                           const QJsonArray &transfers,
                                           const QList<std::pair<QString, qint64>> &objects,
                                           const QString &what)
{
    QJsonArray out;
    for (qsizetype start = 0; start < objects.size(); start += 100) {
        QJsonArray batch;
        for (const auto &[oid, size] : objects.mid(start, 100))
            batch.append(
                QJsonObject{{QStringLiteral("oid"), oid}, {QStringLiteral("size"), double(size)}});
        const QJsonObject body{
            {QStringLiteral("operation"), operation},
            {QStringLiteral("transfers"), transfers},
            {QStringLiteral("hash_algo"), QStringLiteral("sha_256")},
            {QStringLiteral("ref"), QJsonObject{{QStringLiteral("name"), QStringLiteral("main")}}},
            {QStringLiteral("objects"), batch}};
        auto r = json("POST",
                      QStringLiteral("/datasets/") + repo +
                          QStringLiteral(".git/info/lfs/objects/batch"),
                      body, what, lfsJson);
        if (!r)
            return r.error();
        const QJsonObject answer = QJsonDocument::fromJson(r->body).object();
        if (answer.value(QLatin1String("transfer")).toString() == QLatin1String("xet"))
            return Error{
                ErrorCode::Server,
                QStringLiteral(
                    "the Hub offered only the Xet transfer, which HAWKMOTH does not speak")};
        for (const QJsonValue &v : answer.value(QLatin1String("objects")).toArray())
            out.append(v);
    }
    return out;
}

Result<QList<LfsAction>> HubApi::lfsBatch(const QString &repo,
                                          const QList<std::pair<QString, qint64>> &objects)
{
    auto answered =
        lfsBatchObjects(repo, QStringLiteral("upload"),
                        QJsonArray{QStringLiteral("basic"), QStringLiteral("multipart")}, objects,
                        QStringLiteral("asking where to upload large files"));
    if (!answered)
        return answered.error();
    QList<LfsAction> out;
    for (const QJsonValue &v : std::as_const(*answered)) {
        const QJsonObject o = v.toObject();
        const QJsonObject actions = o.value(QLatin1String("actions")).toObject();
        const QJsonObject upload = actions.value(QLatin1String("upload")).toObject();
        const QJsonObject verify = actions.value(QLatin1String("verify")).toObject();
        out.append(LfsAction{
            o.value(QLatin1String("oid")).toString(),
            qint64(o.value(QLatin1String("size")).toDouble()), !upload.isEmpty(),
            QUrl(upload.value(QLatin1String("href")).toString()),
            upload.value(QLatin1String("header")).toObject(),
            QUrl(verify.value(QLatin1String("href")).toString()),
            o.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString()});
    }
    return out;
}

Result<QHash<QString, LfsDownload>>
HubApi::lfsDownloads(const QString &repo, const QList<std::pair<QString, qint64>> &objects)
{
    auto answered =
        lfsBatchObjects(repo, QStringLiteral("download"), QJsonArray{QStringLiteral("basic")},
                        objects, QStringLiteral("asking where to download large files"));
    if (!answered)
        return answered.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QHash<QString, LfsDownload> out;
    for (const QJsonValue &v : std::as_const(*answered)) {
        const QJsonObject o = v.toObject();
        const QJsonObject download = o.value(QLatin1String("actions"))
                                         .toObject()
                                         .value(QLatin1String("download"))
                                         .toObject();
        const QUrl href(download.value(QLatin1String("href")).toString());
        if (!href.isValid() ||
            !QStringList{QStringLiteral("http"), QStringLiteral("https")}.contains(href.scheme()))
            continue; // an error object, or nothing usable: resolved by path instead
        LfsDownload link;
        link.href = href;
        const QJsonObject header = download.value(QLatin1String("header")).toObject();
        for (auto it = header.constBegin(); it != header.constEnd(); ++it)
            link.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
        // Without a stated lifetime a link is trusted for an hour, as git-lfs does.
        const QDateTime at = QDateTime::fromString(
            download.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
        const qint64 in = download.value(QLatin1String("expires_in")).toInteger(3600);
        const qint64 expiresAtMs = at.isValid() ? at.toMSecsSinceEpoch() : now + in * 1000;
        link.useBeforeMs = now + (expiresAtMs - now) / 2;
        out.insert(o.value(QLatin1String("oid")).toString(), link);
    }
    return out;
}

HubRequest HubApi::lfsDownloadRequest(const LfsDownload &link, const QString &dest,
                                      qint64 resumeFrom) const
{
    HubRequest request;
    request.url = link.href;
    request.headers = link.headers;
    // A pre-signed link carries its own authority: the token goes nowhere with it.
    request.authorize = false;
    request.cancel = m_cancel;
    streamInto(request, dest, resumeFrom);
    return request;
}

Result<QString> HubApi::commit(const QString &repo, const QByteArray &ndjson)
{
    HubRequest request;
    request.method = "POST";
    request.url = m_client.url(datasets(repo) + QStringLiteral("/commit/main"));
    request.cancel = m_cancel;
    request.body = ndjson;
    request.headers.append({QByteArray("Content-Type"), QByteArray("application/x-ndjson")});
    request.expectJson = true;
    // A retry after a lost answer is safe: if the first attempt did land, the parent check turns
    // the second into a 412, and the sync sees its own content on the Hub.
    auto r = HubRetry::call(m_client, request, QStringLiteral("committing to %1").arg(repo));
    if (!r)
        return r.error();
    const QString oid =
        QJsonDocument::fromJson(r->body).object().value(QLatin1String("commitOid")).toString();
    if (oid.isEmpty())
        return Error{ErrorCode::Server,
                     QStringLiteral("the Hub's commit answer carries no commit id")};
    return oid;
}

HubRequest HubApi::downloadRequest(const QString &repo, const QString &path, const QString &dest,
                                   qint64 resumeFrom, const QString &revision) const
{
    HubRequest request;
    request.url = m_client.url(resolvePath(repo, path, revision));
    request.cancel = m_cancel;
    streamInto(request, dest, resumeFrom);
    return request;
}

std::optional<Error> HubApi::downloadFailure(const Result<HubResponse> &reply, const QString &path,
                                             qint64 resumeFrom)
{
    if (!reply)
        return reply.error();
    if (reply->status == 416 && resumeFrom > 0)
        return std::nullopt; // the part file is already whole
    if (!reply->ok())
        return reply->error(QStringLiteral("downloading %1").arg(path));
    return std::nullopt;
}

Result<QString> HubApi::download(const QString &repo, const QString &path, const QString &dest,
                                 qint64 resumeFrom, const ProgressFn &progress)
{
    HubRequest request = downloadRequest(repo, path, dest, resumeFrom);
    request.progress = progress;
    auto r = m_client.call(std::move(request));
    if (auto failed = downloadFailure(r, path, resumeFrom))
        return *failed;
    return QString::fromLatin1(r->header("x-repo-commit"));
}

Result<RemoteFileInfo> HubApi::fileInfo(const QString &repo, const QString &path,
                                        const QString &revision)
{
    HubRequest request;
    request.method = "HEAD";
    request.url = m_client.url(resolvePath(repo, path, revision));
    request.cancel = m_cancel;
    request.followRedirects =
        false; // the X-Linked-* headers are on the Hub's answer, not the CDN's
    auto r = HubRetry::call(m_client, request, QStringLiteral("looking up %1").arg(path));
    if (!r)
        return r.error();
    auto unquote = [](QByteArray v) {
        v = v.trimmed();
        if (v.startsWith("W/"))
            v = v.mid(2);
        if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"'))
            v = v.mid(1, v.size() - 2);
        return QString::fromLatin1(v);
    };
    RemoteFileInfo info;
    const QByteArray linkedSize = r->header("x-linked-size");
    info.size = (linkedSize.isEmpty() ? r->header("content-length") : linkedSize).toLongLong();
    const QByteArray linkedEtag = r->header("x-linked-etag");
    info.etag = unquote(linkedEtag.isEmpty() ? r->header("etag") : linkedEtag);
    info.commit = QString::fromLatin1(r->header("x-repo-commit"));
    return info;
}

Result<QByteArray> HubApi::fetchSmall(const QString &repo, const QString &path)
{
    HubRequest request;
    request.url = m_client.url(resolvePath(repo, path, {}));
    request.cancel = m_cancel;
    auto r = HubRetry::call(m_client, request, QStringLiteral("downloading %1").arg(path));
    if (!r)
        return r.error();
    return r->body;
}

} // namespace hawkmoth::hub
