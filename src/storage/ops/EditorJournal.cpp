#include "EditorJournal.h"

#include "AtomicWriter.h"
#include "Sha256.h"

#include <QDataStream>
#include <QDir>
#include <QFile>

namespace hawkmoth {

namespace {
// Entry file layout: a versioned QDataStream of (path, recorded, content).
constexpr quint32 journalMagic = 0x484d4a31; // "HMJ1"
} // namespace

EditorJournal::EditorJournal(QString journalDir)
    : m_dir(std::move(journalDir))
{}

QString EditorJournal::folder(const QString &workspace) const
{
    return m_dir + QLatin1Char('/') + workspace;
}

QString EditorJournal::entryFile(const QString &workspace, const QString &path) const
{
    // Hashing the path gives a flat, collision-free, always-valid file name.
    return folder(workspace) + QLatin1Char('/') +
           QString::fromLatin1(Sha256::ofData(path.toUtf8()).left(32)) + QStringLiteral(".journal");
}

Status EditorJournal::record(const QString &workspace, const QString &path,
                             const QByteArray &content)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << journalMagic << path << QDateTime::currentDateTimeUtc() << content;
    return AtomicWriter::writeFile(entryFile(workspace, path), bytes);
}

Status EditorJournal::discard(const QString &workspace, const QString &path)
{
    const QString file = entryFile(workspace, path);
    if (QFile::exists(file) && !QFile::remove(file))
        return Error::io(QStringLiteral("cannot remove journal entry '%1'").arg(file));
    return {};
}

Result<QList<JournalEntry>> EditorJournal::entries(const QString &workspace) const
{
    QList<JournalEntry> out;
    const QStringList files =
        QDir(folder(workspace)).entryList({QStringLiteral("*.journal")}, QDir::Files);
    for (const QString &name : files) {
        QFile f(folder(workspace) + QLatin1Char('/') + name);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QDataStream in(&f);
        in.setVersion(QDataStream::Qt_6_4);
        quint32 magic = 0;
        JournalEntry e;
        e.workspace = workspace;
        in >> magic >> e.path >> e.recorded >> e.content;
        if (magic == journalMagic && in.status() == QDataStream::Ok)
            out.append(e);
    }
    return out;
}

Status EditorJournal::renameWorkspace(const QString &from, const QString &to)
{
    if (!QDir(folder(from)).exists())
        return {};
    if (!QDir().rename(folder(from), folder(to)))
        return Error::io(QStringLiteral("cannot move journal of '%1' to '%2'").arg(from, to));
    return {};
}

Status EditorJournal::dropWorkspace(const QString &workspace)
{
    QDir dir(folder(workspace));
    if (dir.exists() && !dir.removeRecursively())
        return Error::io(QStringLiteral("cannot remove journal of '%1'").arg(workspace));
    return {};
}

} // namespace hawkmoth
