#pragma once
// The Hub's HTTP API as HAWKMOTH uses it, one dataset repository at a time: identity, repository
// creation and info, the tree, preupload, the LFS batch API, the NDJSON commit, file info and
// download. Calls wait for their reply: use from job threads.

#include "HubClient.h"

#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth::hub {

struct RemoteFile
{
    QString path;
    qint64 size = 0;
    QString oid;      // the git blob id of the entry (of the LFS pointer for LFS files)
    QString lfsOid;   // sha256 of the content, for LFS files
    QString revision; // the commit to fetch it from; empty: the head of main
};

struct RepoInfo
{
    QString sha; // the head commit of main
    bool isPrivate = true;
};

// What a HEAD on resolve tells about a file, before any of its bytes are fetched.
struct RemoteFileInfo
{
    qint64 size = -1;
    QString etag;   // the sha256 of an LFS file, the git blob id of a small one
    QString commit; // the commit the path resolved at
};

struct PreuploadFile
{
    QString path;
    qint64 size = 0;
    QByteArray sample; // the first 512 bytes
};

// One object of an LFS batch answer: what to do to upload it (nothing when the Hub has it).
struct LfsAction
{
    QString oid;
    qint64 size = 0;
    bool needed = false;
    QUrl href;
    QJsonObject header; // basic: headers to send; multipart: chunk_size and part URLs "1".."N"
    QUrl verifyHref;
    QString error;
};

// Where one LFS object can be fetched from without resolving its path: a pre-signed link the
// LFS batch API handed out, with the headers to send.
struct LfsDownload
{
    QUrl href;
    QList<std::pair<QByteArray, QByteArray>> headers;
    // Milliseconds since the epoch after which the link is not started any more: halfway to its
    // expiry, so that a large file has time to arrive before the link stops working.
    qint64 useBeforeMs = 0;
};

class HubApi
{
public:
    explicit HubApi(HubClient &client, CancelToken cancel = {})
        : m_client(client)
        , m_cancel(std::move(cancel))
    {}

    HubClient &client() { return m_client; }
    const CancelToken &cancel() const { return m_cancel; }

    Result<QString> whoami();
    // Creates a private (by default) dataset; an existing one is fine.
    Status createDataset(const QString &repo, bool isPrivate = true);
    // Creates a repository of type ("dataset", "model", "space"; a Space names its sdk): true when
    // made now, false when it was there already.
    Result<bool> createRepo(const QString &type, const QString &repo, bool isPrivate,
                            const QString &sdk = {});
    Result<RepoInfo> repoInfo(const QString &repo);
    Result<QList<RemoteFile>> listFiles(const QString &repo,
                                        const QString &revision = QStringLiteral("main"));
    // path -> true when the Hub wants the file through LFS.
    Result<QHash<QString, bool>> preupload(const QString &repo, const QList<PreuploadFile> &files);
    Result<QList<LfsAction>> lfsBatch(const QString &repo,
                                      const QList<std::pair<QString, qint64>> &objects);
    // Download links for LFS objects (sha256, size), by sha256, in one request per 100 objects
    // instead of one resolve each; objects the Hub answers no usable link for are left out.
    Result<QHash<QString, LfsDownload>>
    lfsDownloads(const QString &repo, const QList<std::pair<QString, qint64>> &objects);
    // The request that streams an object (or the rest of it, from resumeFrom) from its link.
    HubRequest lfsDownloadRequest(const LfsDownload &link, const QString &dest,
                                  qint64 resumeFrom) const;
    // POSTs NDJSON lines; returns the new commit id.
    Result<QString> commit(const QString &repo, const QByteArray &ndjson);
    // Streams a file (or the rest of it, from resumeFrom) into dest; returns the commit it came
    // from.
    Result<QString> download(const QString &repo, const QString &path, const QString &dest,
                             qint64 resumeFrom, const ProgressFn &progress = {});
    // The request download() sends, for callers that keep several in flight.
    HubRequest downloadRequest(const QString &repo, const QString &path, const QString &dest,
                               qint64 resumeFrom, const QString &revision = {}) const;
    // How a download's answer failed; nullopt when the file (or the rest of it) arrived, or when
    // a resumed part was whole already (416).
    static std::optional<Error> downloadFailure(const Result<HubResponse> &reply,
                                                const QString &path, qint64 resumeFrom);
    Result<QByteArray> fetchSmall(const QString &repo, const QString &path);
    // HEAD on resolve: size, ETag and commit of the file as the Hub has it now (or at revision).
    Result<RemoteFileInfo> fileInfo(const QString &repo, const QString &path,
                                    const QString &revision = {});

    static QString encodePath(const QString &path);

private:
    // The objects of an LFS batch answer, asked 100 at a time.
    Result<QJsonArray> lfsBatchObjects(const QString &repo, const QString &operation,
                                       const QJsonArray &transfers,
                                       const QList<std::pair<QString, qint64>> &objects,
                                       const QString &what);
    Result<HubResponse> json(const QByteArray &method, const QString &pathAndQuery,
                             const QJsonObject &body, const QString &what,
                             const QByteArray &contentType = "application/json");

    HubClient &m_client;
    CancelToken m_cancel;
};

} // namespace hawkmoth::hub
