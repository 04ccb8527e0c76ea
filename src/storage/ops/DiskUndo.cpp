#include "DiskUndo.h"

#include "AtomicWriter.h"
#include "FileSystemCalls.h"
#include "PosixFile.h"
#include "SqliteConnection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

// Restores saved over path; across file systems (a copy kept in the staging folder) by copying.
bool restoreOver(const QString &saved, const QString &path)
{
    if (::rename(QFile::encodeName(saved).constData(), QFile::encodeName(path).constData()) == 0)
        return true;
    if (errno != EXDEV)
        return false;
    const int e = errno;
    QFile::remove(path);
    if (QFile::copy(saved, path))
        return true;
    errno = e;
    return false;
}

void removeTree(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink())
        QDir(path).removeRecursively();
    else
        QFile::remove(path);
}

} // namespace

DiskUndo::DiskUndo(QString stagingDir)
    : m_stagingDir(std::move(stagingDir))
{}

DiskUndo::~DiskUndo()
{
    if (!m_steps.isEmpty())
        (void)undo();
}

QString DiskUndo::stagingName(const char *suffix) const
{
    return m_stagingDir +
           QStringLiteral("/.hm-%1-%2.%3")
               .arg(::getpid())
               .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
               .arg(QLatin1String(suffix));
}

Status DiskUndo::rename(const QString &from, const QString &to)
{
    if (renameWithoutReplacing(from, to) != 0)
        return Error::io(describeErrno(errno));
    m_steps.append({Kind::Renamed, to, from});
    return {};
}

Status DiskUndo::setAside(const QString &path)
{
    HM_TRY(ensureStagingDir(m_stagingDir));
    const QString aside = stagingName("del");
    if (renameWithoutReplacing(path, aside) == 0) {
        m_steps.append({Kind::SetAside, path, aside});
        return {};
    }
    if (errno != EXDEV)
        return Error::io(QStringLiteral("cannot delete '%1': %2").arg(path, describeErrno(errno)));
    m_steps.append({Kind::DeleteOnKeep, path, path});
    return {};
}

Status DiskUndo::guardReplace(const QString &path)
{
    if (::access(QFile::encodeName(path).constData(), F_OK) != 0) {
        m_steps.append({Kind::Replaced, path, QString()});
        return {};
    }
    HM_TRY(ensureStagingDir(m_stagingDir));
    const QString backup = stagingName("old");
    if (::link(QFile::encodeName(path).constData(), QFile::encodeName(backup).constData()) != 0) {
        const int e = errno;
        // No hard link possible (a file system without them, a mount inside the workspace): a
        // copy of the old content is the way back instead.
        const bool noLink = e == EPERM || e == EOPNOTSUPP || e == EMLINK || e == EXDEV;
        if (!noLink || !QFile::copy(path, backup)) {
            QFile::remove(backup);
            return Error::io(
                QStringLiteral("cannot save '%1': %2 (the previous content is unchanged)")
                    .arg(path,
                         noLink
                             ? QStringLiteral(
                                   "cannot keep a copy of the old content (no hard link possible)")
                             : describeErrno(e)));
        }
    }
    m_steps.append({Kind::Replaced, path, backup});
    return {};
}

void DiskUndo::keep()
{
    for (const Step &s : std::as_const(m_steps)) {
        if (s.kind != Kind::Renamed && !s.saved.isEmpty())
            removeTree(s.saved);
    }
    m_steps.clear();
}

Status DiskUndo::undo()
{
    QStringList failed;
    while (!m_steps.isEmpty()) {
        const Step s = m_steps.takeLast();
        const QByteArray path = QFile::encodeName(s.path);
        bool ok = true;
        switch (s.kind) {
        case Kind::Renamed:
            ok = renameWithoutReplacing(s.path, s.saved) == 0;
            break;
        case Kind::SetAside:
            ok = renameWithoutReplacing(s.saved, s.path) == 0;
            break;
        case Kind::DeleteOnKeep:
            break;
        case Kind::Replaced:
            if (s.saved.isEmpty()) {
                ok = ::unlink(path.constData()) == 0 || errno == ENOENT;
            } else {
                // rename() over a hard link of the same file does nothing; the unlink tidies up.
                ok = restoreOver(s.saved, s.path);
                const int e = errno;
                ::unlink(QFile::encodeName(s.saved).constData());
                errno = e;
            }
            break;
        }
        if (!ok)
            failed.append(QStringLiteral("'%1' (%2)").arg(s.path, describeErrno(errno)));
    }
    if (!failed.isEmpty())
        return Error::io(QStringLiteral("could not put back %1; run 'hawkmoth rescan'")
                             .arg(failed.join(QStringLiteral(", "))));
    return {};
}

Status DiskUndo::commitOrUndo(Transaction &tx, const QString &action, const QString &unchanged)
{
    auto committed = tx.commit();
    if (committed) {
        keep();
        return {};
    }
    auto restored = undo();
    return Error{
        committed.error().code,
        restored
            ? QStringLiteral("cannot %1: %2 (%3)").arg(action, committed.error().message, unchanged)
            : QStringLiteral("cannot %1: %2; %3")
                  .arg(action, committed.error().message, restored.error().message)};
}

} // namespace hawkmoth
