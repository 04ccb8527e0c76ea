#include "GitIndexFile.h"

#include "GitError.h"
#include "GitRepository.h"
#include "MappedFile.h"
#include "PosixFile.h"

#include <QFile>

#include <algorithm>
#include <cstring>
#include <sys/stat.h>

namespace hawkmoth::git {

namespace {

// Layout of an entry of versions 2 and 3 (Documentation/gitformat-index.txt): ten 32-bit stat
// fields (ctime s/ns, mtime s/ns, dev, ino, mode, uid, gid, size), the SHA-1, 16 bits of flags,
// in version 3 16 more when the extended bit is set, then the NUL-terminated path, padded with NULs
// to a multiple of 8 bytes.
constexpr qsizetype headerBytes = 12;
constexpr qsizetype trailerBytes = 20; // the SHA-1 of everything before it
constexpr qsizetype mtimeAt = 8;
constexpr qsizetype sizeAt = 36;
constexpr qsizetype idAt = 40;
constexpr qsizetype flagsAt = 60;
constexpr qsizetype nameAt = 62;
constexpr quint16 extendedFlag = 0x4000;
constexpr quint16 stageMask = 0x3000;
constexpr quint16 nameMask = 0x0fff;

quint32 be32(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
}

quint16 be16(const char *p)
{
    const auto *u = reinterpret_cast<const unsigned char *>(p);
    return quint16((u[0] << 8) | u[1]);
}

// git's order: the path bytes as unsigned, a path before any longer one it begins.
int comparePaths(QByteArrayView a, QByteArrayView b)
{
    const int c = std::memcmp(a.data(), b.data(), size_t(std::min(a.size(), b.size())));
    if (c != 0)
        return c;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

qint64 mtimeNsOf(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

IndexEntryView viewOf(const git_index_entry *e)
{
    return {QByteArrayView(e->path), e->id, e->file_size,
            qint64(e->mtime.seconds) * 1000000000 + e->mtime.nanoseconds, git_index_entry_stage(e)};
}

} // namespace

std::optional<GitIndexFile> GitIndexFile::parse(const QString &file)
{
    GitIndexFile out;
    auto opened = PosixFile::openForReading(file);
    if (!opened)
        return opened.error().code == ErrorCode::NotFound ? std::optional(std::move(out))
                                                          : std::nullopt;
    struct stat st
    {};
    if (::fstat(opened->fd(), &st) != 0)
        return std::nullopt;
    out.m_writtenNs = mtimeNsOf(st);
    const qint64 size = st.st_size;
    if (size < headerBytes + trailerBytes || size > qint64(UINT32_MAX))
        return std::nullopt;
    auto mapping = MappedFile::map(*opened, size);
    if (!mapping)
        return std::nullopt;
    const char *data = (*mapping)->data();
    const quint32 version = be32(data + 4);
    if (std::memcmp(data, "DIRC", 4) != 0 || (version != 2 && version != 3))
        return std::nullopt;
    const quint32 count = be32(data + 8);
    const qsizetype end = qsizetype(size) - trailerBytes;
    out.m_offsets.reserve(std::min<size_t>(count, size_t(end / (nameAt + 2))));
    qsizetype at = headerBytes;
    for (quint32 i = 0; i < count; ++i) {
        if (at + nameAt + 2 > end)
            return std::nullopt;
        const quint16 flags = be16(data + at + flagsAt);
        qsizetype pathStart = nameAt;
        if (flags & extendedFlag) {
            if (version < 3)
                return std::nullopt;
            pathStart += 2;
        }
        const char *path = data + at + pathStart;
        const char *nul =
            static_cast<const char *>(std::memchr(path, 0, size_t(end - at - pathStart)));
        if (!nul || nul == path)
            return std::nullopt;
        const qsizetype length = nul - path;
        if ((flags & nameMask) != nameMask ? length != (flags & nameMask) : length < nameMask)
            return std::nullopt;
        out.m_offsets.push_back(quint32(at));
        at += (pathStart + length + 8) & ~qsizetype(7);
    }
    if (at > end)
        return std::nullopt;
    // Extensions: optional ones (a signature starting with 'A'-'Z', such as the tree cache) are
    // caches, skipped; any other changes what the entries mean (a split or sparse index).
    while (at < end) {
        if (at + 8 > end)
            return std::nullopt;
        const quint32 bytes = be32(data + at + 4);
        if (data[at] < 'A' || data[at] > 'Z' || qint64(bytes) > end - at - 8)
            return std::nullopt;
        at += 8 + qsizetype(bytes);
    }
    out.m_mapping = std::move(*mapping);
    return out;
}

Result<GitIndexFile> GitIndexFile::read(Repository &repository)
{
    const QString file =
        QFile::decodeName(git_repository_path(repository.get())) + QStringLiteral("index");
    if (auto parsed = parse(file))
        return std::move(*parsed);
    git_index *raw = nullptr;
    GIT_TRY(git_repository_index(&raw, repository.get()), QStringLiteral("opening the git index"));
    GitIndexFile out;
    out.m_index.reset(raw, git_index_free);
    GIT_TRY(git_index_read(raw, false), QStringLiteral("reading the git index"));
    struct stat st
    {};
    const QByteArray path = QFile::encodeName(file);
    out.m_writtenNs = ::stat(path.constData(), &st) == 0 ? mtimeNsOf(st) : 0;
    return out;
}

qsizetype GitIndexFile::count() const
{
    return m_index ? qsizetype(git_index_entrycount(m_index.get())) : qsizetype(m_offsets.size());
}

QByteArrayView GitIndexFile::pathAt(quint32 offset) const
{
    const char *entry = m_mapping->data() + offset;
    const qsizetype start = (be16(entry + flagsAt) & extendedFlag) ? nameAt + 2 : nameAt;
    return QByteArrayView(entry + start); // NUL-terminated, checked by parse()
}

IndexEntryView GitIndexFile::entry(qsizetype i) const
{
    if (m_index)
        return viewOf(git_index_get_byindex(m_index.get(), size_t(i)));
    const char *e = m_mapping->data() + m_offsets[size_t(i)];
    IndexEntryView view;
    view.path = pathAt(m_offsets[size_t(i)]);
    std::memcpy(view.id.id, e + idAt, sizeof view.id.id);
    view.size = be32(e + sizeAt);
    view.mtimeNs = qint64(be32(e + mtimeAt)) * 1000000000 + be32(e + mtimeAt + 4);
    view.stage = (be16(e + flagsAt) & stageMask) >> 12;
    return view;
}

std::optional<IndexEntryView> GitIndexFile::find(QByteArrayView path) const
{
    if (m_index) {
        const QByteArray terminated = path.toByteArray();
        if (const git_index_entry *e =
                git_index_get_bypath(m_index.get(), terminated.constData(), 0))
            return viewOf(e);
        return std::nullopt;
    }
    // Entries are sorted by path, then stage: the first entry not before path is its stage 0 if
    // that is tracked.
    const auto it = std::lower_bound(m_offsets.begin(), m_offsets.end(), path,
                                     [this](quint32 offset, QByteArrayView wanted) {
                                         return comparePaths(pathAt(offset), wanted) < 0;
                                     });
    if (it == m_offsets.end() || comparePaths(pathAt(*it), path) != 0)
        return std::nullopt;
    const IndexEntryView view = entry(it - m_offsets.begin());
    if (view.stage != 0)
        return std::nullopt;
    return view;
}

} // namespace hawkmoth::git
