#include "AtomicWriter.h"

#include "FileSystemCalls.h"
#include "FolderHandle.h"
#include "PosixFile.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cerrno>
#include <cstdio> // renameat2
#include <fcntl.h>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

mode_t defaultMode()
{
    // Files are 0666 minus the umask. The kernel states it in /proc/self/status; umask() can only
    // read it by setting it, and a file another thread creates in that instant gets no mask.
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        const QByteArray text = status.readAll();
        constexpr QByteArrayView key("\nUmask:");
        const qsizetype at = text.indexOf(key);
        if (at >= 0) {
            const qsizetype start = at + key.size();
            bool ok = false;
            const mode_t mask =
                mode_t(text.mid(start, text.indexOf('\n', start) - start).trimmed().toUInt(&ok, 8));
            if (ok)
                return 0666 & ~mask;
        }
    }
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

} // namespace

AtomicWriter::AtomicWriter(QString path, QString stagingDir, Durability durability)
    : m_path(std::move(path))
    , m_stagingDir(std::move(stagingDir))
    , m_durability(durability)
{}

AtomicWriter::~AtomicWriter()
{
    cancel();
}

void AtomicWriter::cancel()
{
    if (m_fd.valid()) {
        m_fd.reset(); // an unnamed temporary goes with its descriptor
        m_unnamed = false;
    }
    if (!m_tempPath.isEmpty()) {
        ::unlink(QFile::encodeName(m_tempPath).constData());
        m_tempPath.clear();
    }
}

Error AtomicWriter::failure(const QString &action, int error) const
{
    const ErrorCode code = (error == EACCES || error == EPERM || error == EROFS)
                               ? ErrorCode::PermissionDenied
                               : ErrorCode::Io;
    return {code, QStringLiteral("cannot %1 '%2': %3 (the previous content is unchanged)")
                      .arg(action, m_path, describeErrno(error))};
}

qint64 AtomicWriter::writerPid(const QString &tempName)
{
    // .hm-<pid>-<16 hex digits>.part; older builds wrote no pid.
    static const QRegularExpression pattern(
        QStringLiteral("^\\.hm-([0-9]+)-[0-9a-f]{16}\\.(part|del|old)$"));
    const QRegularExpressionMatch m = pattern.match(tempName);
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

Result<bool> AtomicWriter::stagingServes(const QString &stagingDir, const QString &targetDir)
{
    HM_TRY(ensureStagingDir(stagingDir));
    // rename() cannot cross file systems (a mount inside the workspace): stage beside the target
    // then.
    struct stat staging
    {
    }, target{};
    return ::stat(QFile::encodeName(stagingDir).constData(), &staging) == 0 &&
           ::stat(QFile::encodeName(targetDir).constData(), &target) == 0 &&
           staging.st_dev == target.st_dev;
}

Result<int> AtomicWriter::placeTemp(const std::function<int(const QString &)> &place)
{
    const QString dir = QFileInfo(m_path).absolutePath();
    QString folder = dir;
    if (!m_stagingDir.isEmpty()) {
        if (m_stagingServes) {
            folder = m_stagingDir;
        } else {
            auto serves = stagingServes(m_stagingDir, dir);
            if (!serves)
                return serves.error();
            if (*serves)
                folder = m_stagingDir;
        }
    }
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QString candidate =
            folder + QStringLiteral("/.hm-%1-%2.part")
                         .arg(::getpid())
                         .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        if (place(candidate) == 0) {
            m_tempPath = candidate;
            return 0;
        }
        if (errno != EEXIST)
            return errno;
    }
    return Error::io(QStringLiteral("cannot create a temporary file in '%1'").arg(folder));
}

bool AtomicWriter::openUnnamed()
{
    // Naming the file later links /proc/self/fd/N (AT_EMPTY_PATH would need a capability).
    static const bool procMounted = ::access("/proc/self/fd", X_OK) == 0;
    if (!procMounted)
        return false;
    const int flags = O_TMPFILE | O_WRONLY | O_CLOEXEC;
    const mode_t mode = m_newTarget ? 0666 : 0600;
    m_fd.reset(m_folder ? ::openat(m_folder->fd(), ".", flags, mode)
                        : ::open(QFile::encodeName(QFileInfo(m_path).absolutePath()).constData(),
                                 flags, mode));
    m_unnamed = m_fd.valid();
    return m_unnamed;
}

int AtomicWriter::linkUnnamed(const QString &name) const
{
    const QByteArray self = "/proc/self/fd/" + QByteArray::number(m_fd.get());
    const bool inFolder = m_folder && name == m_path;
    const QByteArray native =
        QFile::encodeName(inFolder ? name.mid(name.lastIndexOf(QLatin1Char('/')) + 1) : name);
    return ::linkat(AT_FDCWD, self.constData(), inFolder ? m_folder->fd() : AT_FDCWD,
                    native.constData(), AT_SYMLINK_FOLLOW) == 0
               ? 0
               : errno;
}

Status AtomicWriter::open()
{
    // Otherwise (no O_TMPFILE on this file system, no /proc): a named temporary.
    if (m_preferUnnamed && openUnnamed())
        return {};
    auto placed = placeTemp([this](const QString &candidate) {
        m_fd.reset(::open(QFile::encodeName(candidate).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, m_newTarget ? 0666 : 0600));
        return m_fd.valid() ? 0 : -1;
    });
    if (!placed)
        return placed.error();
    if (*placed != 0) {
        m_failed = true;
        return failure(QStringLiteral("write"), *placed);
    }
    return {};
}

Result<bool> AtomicWriter::openByMoving(const QString &file)
{
    auto placed = placeTemp(
        [&file](const QString &candidate) { return renameWithoutReplacing(file, candidate); });
    if (!placed)
        return placed.error();
    if (*placed == EXDEV)
        return false;
    if (*placed != 0)
        return failure(QStringLiteral("write"), *placed);
    // The moved file has its own mode, not the umask's: finishWriting() sets it as for a target
    // that may exist.
    m_newTarget = false;
    // Opened for finishWriting()'s fchmod and fstat, as a file this writer created.
    m_fd.reset(
        ::open(QFile::encodeName(m_tempPath).constData(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!m_fd.valid()) {
        const int e = errno;
        m_failed = true;
        cancel();
        return failure(QStringLiteral("write"), e);
    }
    return true;
}

Status AtomicWriter::write(QByteArrayView data)
{
    if (!m_fd.valid() || m_failed || m_written)
        return Error::internal(QStringLiteral("write to '%1' after a failure").arg(m_path));
    const char *p = data.data();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd.get(), p, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int e = errno;
            m_failed = true;
            cancel();
            return failure(QStringLiteral("write"), e);
        }
        p += n;
        left -= n;
    }
    return {};
}

Status AtomicWriter::copyFrom(PosixFile &source)
{
    if (!m_fd.valid() || m_failed || m_written)
        return Error::internal(QStringLiteral("write to '%1' after a failure").arg(m_path));
    // In the kernel: no copy through user space, and on file systems that share extents (XFS,
    // Btrfs) no copy at all.
    bool copied = false;
    for (;;) {
        const ssize_t n =
            ::copy_file_range(source.fd(), nullptr, m_fd.get(), nullptr, size_t(1) << 30, 0);
        if (n > 0) {
            copied = true;
            continue;
        }
        if (n == 0)
            return {};
        if (errno == EINTR)
            continue;
        // Not between these two files (another file system, an old kernel): read and write.
        if (!copied && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                        errno == EOPNOTSUPP || errno == EBADF))
            break;
        const int e = errno;
        m_failed = true;
        cancel();
        return failure(QStringLiteral("write"), e);
    }
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        auto n = source.read(buffer.data(), buffer.size());
        if (!n)
            return n.error();
        if (*n == 0)
            return {};
        HM_TRY(write(QByteArrayView(buffer.constData(), *n)));
    }
}

Status AtomicWriter::commit()
{
    HM_TRY(finishWriting());
    return publish();
}

Status AtomicWriter::finishWriting()
{
    if (!m_fd.valid() || m_failed || m_written)
        return Error::internal(QStringLiteral("commit of '%1' after a failure").arg(m_path));
    // A new target's temporary was created 0666 and got the umask from the kernel; another one
    // takes the mode of the file it replaces (it was written 0600 until now).
    bool modeSet = true;
    if (!m_newTarget) {
        struct stat existing
        {};
        const mode_t mode = ::stat(QFile::encodeName(m_path).constData(), &existing) == 0
                                ? (existing.st_mode & 07777)
                                : defaultMode();
        modeSet = ::fchmod(m_fd.get(), mode) == 0;
    }
    // The data must be on disk before the rename makes it visible, or a power cut could leave an
    // empty file where the old content was.
    if (!modeSet || (m_durability == Durability::Synced && ::fdatasync(m_fd.get()) != 0)) {
        const int e = errno;
        m_failed = true;
        cancel();
        return failure(QStringLiteral("save"), e);
    }
    struct stat written
    {};
    if (::fstat(m_fd.get(), &written) == 0) {
        m_writtenSize = qint64(written.st_size);
        m_writtenMtimeNs = qint64(written.st_mtim.tv_sec) * 1000000000LL + written.st_mtim.tv_nsec;
    }
    if (!m_unnamed)
        m_fd.reset();
    m_written = true;
    return {};
}

void AtomicWriter::closeNamed()
{
    m_fd.reset();
    m_unnamed = false;
}

Status AtomicWriter::publish()
{
    if (!m_written || m_failed)
        return Error::internal(QStringLiteral("publish of '%1' before it was written").arg(m_path));
    if (m_unnamed) {
        const int linked = linkUnnamed(m_path);
        if (linked == 0) {
            closeNamed();
            return {};
        }
        // A file is at the target: the temporary gets a name of its own and is renamed over it,
        // which readers see as one step.
        auto placed = linked != EEXIST ? Result<int>(linked) : placeTemp([this](const QString &c) {
            errno = linkUnnamed(c);
            return errno == 0 ? 0 : -1;
        });
        if (!placed)
            return placed.error();
        if (*placed != 0) {
            m_failed = true;
            cancel();
            return failure(QStringLiteral("save"), *placed);
        }
        closeNamed();
    }
    if (::rename(QFile::encodeName(m_tempPath).constData(),
                 QFile::encodeName(m_path).constData()) != 0) {
        const int e = errno;
        m_failed = true;
        cancel();
        return failure(QStringLiteral("save"), e);
    }
    m_tempPath.clear();
    return {};
}

Result<bool> AtomicWriter::publishUnlessTaken()
{
    if (!m_written || m_failed)
        return Error::internal(QStringLiteral("publish of '%1' before it was written").arg(m_path));
    if (m_unnamed) {
        const int linked = linkUnnamed(m_path);
        if (linked == 0) {
            closeNamed();
            return true;
        }
        cancel();
        if (linked == EEXIST)
            return false;
        m_failed = true;
        return failure(QStringLiteral("save"), linked);
    }
    const QByteArray target = QFile::encodeName(m_path);
    if (::renameat2(AT_FDCWD, QFile::encodeName(m_tempPath).constData(), AT_FDCWD,
                    target.constData(), RENAME_NOREPLACE) == 0) {
        m_tempPath.clear();
        return true;
    }
    if (errno == EEXIST) {
        cancel();
        return false;
    }
    // A file system without RENAME_NOREPLACE: checked, then renamed (a file appearing in between
    // is replaced, as before renameat2).
    if (errno == EINVAL || errno == ENOSYS) {
        if (::access(target.constData(), F_OK) == 0) {
            cancel();
            return false;
        }
        HM_TRY(publish());
        return true;
    }
    const int e = errno;
    m_failed = true;
    cancel();
    return failure(QStringLiteral("save"), e);
}

Status AtomicWriter::writeFile(const QString &path, QByteArrayView data, const QString &stagingDir)
{
    HM_TRY(ensureParentFolder(path));
    AtomicWriter writer(path, stagingDir);
    HM_TRY(writer.open());
    HM_TRY(writer.write(data));
    return writer.commit();
}

} // namespace hawkmoth
