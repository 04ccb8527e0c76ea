#include "DiskUndo.h"

#include "PosixFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

int renameNoReplace(const QString &from, const QString &to)
{
    return ::renameat2(AT_FDCWD, QFile::encodeName(from).constData(), AT_FDCWD,
                       QFile::encodeName(to).constData(), RENAME_NOREPLACE);
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
           QStringLiteral("/.hm-%1.%2")
               .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'))
               .arg(QLatin1String(suffix));
}

Status DiskUndo::rename(const QString &from, const QString &to)
{
    if (renameNoReplace(from, to) != 0)
        return Error::io(describeErrno(errno));
    m_steps.append({Kind::Renamed, to, from});
    return {};
}

Status DiskUndo::setAside(const QString &path)
{
    if (!QDir().mkpath(m_stagingDir))
        return Error::io(QStringLiteral("cannot create staging folder '%1'").arg(m_stagingDir));
    const QString aside = stagingName("del");
    if (renameNoReplace(path, aside) == 0) {
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
    if (!QDir().mkpath(m_stagingDir))
        return Error::io(QStringLiteral("cannot create staging folder '%1'").arg(m_stagingDir));
    const QString backup = stagingName("old");
    if (::link(QFile::encodeName(path).constData(), QFile::encodeName(backup).constData()) != 0) {
        // A file system without hard links: the replacement cannot be undone, and is not.
        if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK || errno == EXDEV)
            return {};
        return Error::io(QStringLiteral("cannot save '%1': %2 (the previous content is unchanged)")
                             .arg(path, describeErrno(errno)));
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
            ok = renameNoReplace(s.path, s.saved) == 0;
            break;
        case Kind::SetAside:
            ok = renameNoReplace(s.saved, s.path) == 0;
            break;
        case Kind::DeleteOnKeep:
            break;
        case Kind::Replaced:
            if (s.saved.isEmpty()) {
                ok = ::unlink(path.constData()) == 0 || errno == ENOENT;
            } else {
                // rename() over a hard link of the same file does nothing; the unlink tidies up.
                ok = ::rename(QFile::encodeName(s.saved).constData(), path.constData()) == 0;
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

} // namespace hawkmoth
