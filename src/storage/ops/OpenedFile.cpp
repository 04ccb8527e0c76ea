#include "OpenedFile.h"

#include "FileIndex.h"
#include "Sha256.h"

#include <sys/stat.h>

namespace hawkmoth {

Result<OpenedFile> OpenedFile::open(const Workspace &workspace, const StorageContext &context,
                                    const QString &path, const OperationControl &control)
{
    auto checked = workspace.target(path, {.followLinks = true});
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    if (checked->stat && checked->stat->isDir())
        return Error::invalid(QStringLiteral("'%1' is a folder, not a file").arg(rel));
    auto db = workspace.connect();
    if (!db)
        return db.error();
    auto indexed = FileIndex(**db).get(rel);
    if (!indexed)
        return indexed.error();
    if (!checked->stat) {
        const bool remote = indexed->has_value() && (*indexed)->state == SyncState::RemoteOnly;
        if (!remote || !context.fetchRemote)
            return Error::notFound(
                QStringLiteral("no file '%1' in workspace '%2'").arg(rel, workspace.name()));
        HM_TRY(context.fetchRemote(workspace, context, rel, control));
    }
    auto file = PosixFile::openForReading(checked->absolute);
    if (!file)
        return file.error();
    OpenedFile opened(rel, std::make_shared<PosixFile>(std::move(*file)));
    HM_TRY(opened.identify(*indexed, control.cancel));
    return opened;
}

Status OpenedFile::identify(const std::optional<FileEntry> &indexed, const CancelToken &cancel)
{
    struct stat st = {};
    if (::fstat(m_file->fd(), &st) != 0)
        return Error::io(QStringLiteral("cannot read '%1'").arg(m_path));
    m_version.size = qint64(st.st_size);
    m_version.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    if (indexed && indexed->size == m_version.size && indexed->mtimeNs == m_version.mtimeNs &&
        !indexed->sha256.isEmpty()) {
        m_version.sha256 = QString::fromLatin1(indexed->sha256);
        return {};
    }
    Sha256 hash;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (qint64 offset = 0;;) {
        if (cancel.isCancelled())
            return Error::cancelled();
        auto n = readAt(buffer.data(), buffer.size(), offset);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        hash.update(buffer.constData(), size_t(*n));
        offset += *n;
    }
    m_version.sha256 = QString::fromLatin1(hash.finalHex());
    return {};
}

} // namespace hawkmoth
