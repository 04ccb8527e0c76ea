#include "HubFileHistory.h"

#include "BlobCache.h"
#include "FileImporter.h"
#include "GitHistory.h"
#include "HubFileFetch.h"
#include "PathValidator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <unistd.h>

namespace hawkmoth::hub {

namespace {

const QString manifestPath = QStringLiteral(".hawkmoth/manifest.json");

// What the manifest at one commit says of the file.
struct Recorded
{
    ManifestEntry entry;
    QString dataset;
    QString lastCommit;
};

// A top-level string of a manifest as HubManifest::save lays it out (four spaces in); nullopt
// when it is not there.
std::optional<QString> topLevelString(const QByteArray &text, const QByteArray &key)
{
    const QByteArray start = "\n    \"" + key + "\": \"";
    const qsizetype at = text.indexOf(start);
    if (at < 0)
        return std::nullopt;
    const qsizetype from = at + start.size();
    const qsizetype to = text.indexOf('"', from);
    if (to < 0)
        return std::nullopt;
    return QString::fromUtf8(text.mid(from, to - from));
}

class ManifestReader
{
public:
    ManifestReader(git::Repository &repository, const QString &path)
        : m_repo(repository)
        , m_path(path)
        , m_quoted('"' + path.toUtf8() + '"')
    {
        for (const QChar c : path) {
            if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c.unicode() < 0x20)
                m_plain = false;
        }
    }

    // The manifest at rev's entry for the path; nothing when either is missing.
    Result<std::optional<Recorded>> read(const QString &rev) const
    {
        auto text = git::History(m_repo).show(manifestPath, rev);
        if (!text) {
            if (text.error().code == ErrorCode::NotFound)
                return std::optional<Recorded>();
            return text.error();
        }
        // Most commits of a large manifest do not name the file: skipped without parsing. A path
        // that JSON escapes is always parsed.
        if (m_plain && !text->contains(m_quoted))
            return std::optional<Recorded>();
        if (auto quick = cutOut(*text))
            return *quick;
        auto manifest =
            HubManifest::parse(*text, QStringLiteral("the manifest at %1").arg(rev.left(10)));
        if (!manifest)
            return manifest.error();
        const auto found = manifest->files.constFind(m_path);
        if (found == manifest->files.constEnd())
            return std::optional<Recorded>();
        return std::optional<Recorded>(Recorded{*found, manifest->dataset, manifest->lastCommit});
    }

private:
    // The entry cut out of the text and parsed alone, with the two top-level strings: a manifest
    // of 100,000 files is megabytes of JSON, and a history reads one per sync. nullopt when the
    // text is not laid out as HubManifest::save writes it; the whole document is parsed then.
    std::optional<std::optional<Recorded>> cutOut(const QByteArray &text) const
    {
        if (!m_plain)
            return std::nullopt;
        const QByteArray key = "\n        " + m_quoted + ": {";
        const qsizetype at = text.indexOf(key);
        const qsizetype open = at + key.size() - 1;
        const qsizetype close = at < 0 ? -1 : text.indexOf('}', open);
        const auto dataset = topLevelString(text, "dataset");
        const auto lastCommit = topLevelString(text, "lastCommit");
        if (close < 0 || !dataset || !lastCommit)
            return std::nullopt;
        // The entry alone, as a manifest of one file, read by the manifest's own parser.
        const QByteArray alone =
            "{\"files\": {" + m_quoted + ": " + text.mid(open, close - open + 1) + "}}";
        auto manifest = HubManifest::parse(alone, QString());
        if (!manifest || !manifest->files.contains(m_path))
            return std::nullopt;
        return std::optional<Recorded>(
            Recorded{manifest->files.value(m_path), *dataset, *lastCommit});
    }

    git::Repository &m_repo;
    QString m_path;
    QByteArray m_quoted;
    bool m_plain = true;
};

Result<git::Repository> openRepository(const Workspace &ws)
{
    HM_TRY(ws.checkPresent());
    if (!QDir(ws.root() + QStringLiteral("/.git")).exists())
        return Error::notFound(
            QStringLiteral("workspace '%1' has no history yet: it begins at the first sync")
                .arg(ws.name()));
    return git::Repository::open(ws.root());
}

HubVersion versionOf(const Workspace &ws, const git::LogEntry &commit, const Recorded &recorded)
{
    ManifestEntry entry = recorded.entry;
    // Versions recorded before the manifest kept each file's commit are read at the commit the
    // whole manifest was synced with.
    if (entry.commit.isEmpty())
        entry.commit = recorded.lastCommit;
    return {commit, std::move(entry), HubFileFetch::datasetOf(ws, recorded.dataset)};
}

} // namespace

Result<QList<HubVersion>> HubFileHistory::log(const Workspace &ws, const QString &path, int limit)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    auto repo = openRepository(ws);
    if (!repo) {
        if (repo.error().code == ErrorCode::NotFound)
            return QList<HubVersion>();
        return repo.error();
    }
    auto commits = git::History(*repo).log(manifestPath, maxManifestCommits);
    if (!commits)
        return commits.error();
    const ManifestReader reader(*repo, *normalized);
    QList<HubVersion> out;
    // Newest first: a run of commits with the same content is one version, dated by its oldest.
    std::optional<HubVersion> run;
    for (const git::LogEntry &commit : std::as_const(*commits)) {
        auto read = reader.read(commit.oid);
        if (!read)
            return read.error();
        const bool same = run && *read && (*read)->entry.sha256 == run->entry.sha256;
        if (same) {
            run = versionOf(ws, commit, **read);
            continue;
        }
        if (run) {
            out.append(*run);
            run.reset();
            if (out.size() >= limit)
                return out;
        }
        if (*read)
            run = versionOf(ws, commit, **read);
    }
    if (run && out.size() < limit)
        out.append(*run);
    return out;
}

Result<std::optional<HubVersion>> HubFileHistory::at(const Workspace &ws, const QString &path,
                                                     const QString &rev)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    auto repo = openRepository(ws);
    if (!repo)
        return repo.error();
    auto read = ManifestReader(*repo, *normalized).read(rev);
    if (!read)
        return read.error();
    if (!*read)
        return std::optional<HubVersion>();
    git::LogEntry commit;
    commit.oid = rev;
    return std::optional<HubVersion>(versionOf(ws, commit, **read));
}

Result<QString> HubFileHistory::fetch(const StorageContext &context, const QString &path,
                                      const HubVersion &version, const OperationControl &control)
{
    auto sha = HubFileFetch::toCache(context, version.dataset, path, version.entry,
                                     version.entry.commit, control);
    if (!sha)
        return sha.error();
    return BlobCache(context.paths.blobDir()).path(*sha);
}

Result<FileEntry> HubFileHistory::restore(const Workspace &ws, const StorageContext &context,
                                          const QString &path, const HubVersion &version,
                                          const OperationControl &control)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    auto blob = fetch(context, *normalized, version, control);
    if (!blob)
        return blob.error();
    // The import takes the file's name from its source: the blob is linked under that name beside
    // the cache (same file system, no copy), out of the workspace the import refuses to read from.
    QTemporaryDir staging(context.paths.blobDir() + QStringLiteral("/restore-XXXXXX"));
    if (!staging.isValid())
        return Error::io(QStringLiteral("cannot prepare the restore of '%1' in %2: %3")
                             .arg(*normalized, context.paths.blobDir(), staging.errorString()));
    const qsizetype slash = normalized->lastIndexOf(QLatin1Char('/'));
    const QString name = normalized->mid(slash + 1);
    const QString dir = slash < 0 ? QString() : normalized->left(slash);
    const QString source = staging.filePath(name);
    if (::link(QFile::encodeName(*blob).constData(), QFile::encodeName(source).constData()) != 0 &&
        !QFile::copy(*blob, source))
        return Error::io(QStringLiteral("cannot prepare the restore of '%1' in %2")
                             .arg(*normalized, staging.path()));
    auto report = FileImporter(ws, context).run({source}, dir, OnExists::Replace, control);
    if (!report)
        return report.error();
    if (report->cancelled)
        return Error{ErrorCode::Cancelled,
                     QStringLiteral("the restore of '%1' was cancelled; the file is unchanged")
                         .arg(*normalized)};
    if (!report->failures.isEmpty())
        return Error{report->failures.first().code, report->failures.first().message};
    if (report->imported.isEmpty())
        return Error::internal(QStringLiteral("'%1' was not restored").arg(*normalized));
    return report->imported.first();
}

} // namespace hawkmoth::hub
