#include "HubFileFetch.h"

#include "BlobCache.h"
#include "HubCredentials.h"
#include "HubDownloads.h"

namespace hawkmoth::hub {

QString HubFileFetch::datasetOf(const Workspace &workspace, const QString &manifestDataset)
{
    auto meta = workspace.metadata();
    return meta && !meta->dataset.isEmpty() ? meta->dataset : manifestDataset;
}

Result<QString> HubFileFetch::toCache(const StorageContext &context, const QString &dataset,
                                      const QString &path, const ManifestEntry &entry,
                                      const QString &revision, const OperationControl &control)
{
    if (dataset.isEmpty())
        return Error::notFound(
            QStringLiteral("'%1' is recorded as a Hub file, but the workspace names no dataset")
                .arg(path));
    BlobCache cache(context.paths.blobDir());
    if (!entry.sha256.isEmpty() && cache.has(entry.sha256, entry.size))
        return entry.sha256;
    const QUrl endpoint = HubCredentials::endpoint(context.settings);
    auto token = HubCredentials::token(context, endpoint);
    if (!token)
        return token.error();
    if (!token->has_value())
        return Error{
            ErrorCode::Unauthenticated,
            QStringLiteral("'%1' is on the Hub; set HF_TOKEN or run 'hawkmoth login' to fetch it")
                .arg(path)};
    auto client = HubClient::create(context, (*token)->value);
    if (!client)
        return client.error();
    HubApi api(**client, control.cancel);
    // The manifest's sha256 is the content's for every file, LFS or not: the download is checked
    // against it.
    const RemoteFile file{path, entry.size, entry.oid, entry.sha256, revision};
    std::optional<QString> sha;
    HubDownloads download(api, dataset, cache, 1);
    HM_TRY(download.run(
        {file},
        [&sha](qsizetype, const QString &landed, bool) -> Status { // kept: HubFileFetch reads it
            sha = landed;
            return {};
        },
        control.progress));
    if (!sha)
        return Error::internal(QStringLiteral("the download of '%1' did not land").arg(path));
    return *sha;
}

} // namespace hawkmoth::hub
