#include "IndexRepair.h"

#include "FileLock.h"
#include "Workspace.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>
#include <QSet>

#include <cstdio>

namespace hawkmoth {

namespace {

// Held (exclusive) while one process repairs, so two that find the damage at once set it aside
// only once; held shared by every open, so none opens the index mid-repair.
constexpr int repairLockWaitMs = 120000;

QString repairLockFile(const Workspace &workspace)
{
    return workspace.metaDir() + QStringLiteral("/index-repair.lock");
}

// Present from setting an index aside until its rebuild succeeded. A half-filled index must never
// be taken for a whole one: the Hub sync reads a manifest path without an index row as a deletion.
QString rebuildingMarker(const Workspace &workspace)
{
    return workspace.indexFile() + QStringLiteral(".rebuild-unfinished");
}

// The indexes this process is repairing: its own rebuild must not wait for itself (flock locks
// of one process on two descriptors exclude each other).
QMutex repairingMutex;
QSet<QString> &repairingHere()
{
    static QSet<QString> files;
    return files;
}

class RepairingHere
{
public:
    explicit RepairingHere(QString index)
        : m_index(std::move(index))
    {
        const QMutexLocker locker(&repairingMutex);
        repairingHere().insert(m_index);
    }
    ~RepairingHere()
    {
        const QMutexLocker locker(&repairingMutex);
        repairingHere().remove(m_index);
    }
    RepairingHere(const RepairingHere &) = delete;
    RepairingHere &operator=(const RepairingHere &) = delete;

private:
    QString m_index;
};

bool isRepairingHere(const QString &index)
{
    const QMutexLocker locker(&repairingMutex);
    return repairingHere().contains(index);
}

} // namespace

Result<QString> IndexRepair::setAside(const QString &label)
{
    const QString index = m_workspace.indexFile();
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    const QString target = index + QStringLiteral(".%1-%2").arg(label, stamp);
    // The main file last: SQLite pairs index.db with whatever -wal sits beside it.
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QString()}) {
        if (!QFile::exists(index + suffix))
            continue;
        if (!QFile::rename(index + suffix, target + suffix))
            return Error::io(QStringLiteral("cannot set the index '%1' aside as '%2'; move it "
                                            "away by hand and run the command again")
                                 .arg(index + suffix, target + suffix));
    }
    QFile::remove(index + QStringLiteral(".stamps"));
    return target;
}

Status IndexRepair::runRebuilder(const QString &setAsideAs, const QString &reason)
{
    const std::shared_ptr<const IndexRebuilder> &rebuilder = m_workspace.indexRebuilder();
    if (!rebuilder || !*rebuilder)
        return {};
    return (*rebuilder)(m_workspace, setAsideAs, reason);
}

Result<std::unique_ptr<SqliteConnection>>
IndexRepair::open(const Workspace &workspace, int busyTimeoutMs, SqliteConnection::Access access)
{
    const QString index = workspace.indexFile();
    std::unique_ptr<FileLock> shared;
    if (!isRepairingHere(index)) {
        // A caller that will not wait for a busy index does not wait for a repair either.
        auto lock =
            FileLock::acquire(repairLockFile(workspace), busyTimeoutMs == 0 ? 0 : repairLockWaitMs,
                              FileLock::Mode::Shared);
        if (!lock && lock.error().code == ErrorCode::Conflict)
            return Error::conflict(
                QStringLiteral("the index '%1' is being rebuilt by another process (%2); try "
                               "again when it is done")
                    .arg(index, lock.error().message));
        // Without a lock file (no folder yet, a full disk) there is nobody to wait for.
        if (lock)
            shared = std::move(*lock);
    }
    if (!isRepairingHere(index) && QFile::exists(rebuildingMarker(workspace)))
        return Error::io(QStringLiteral("the index '%1' was left half rebuilt").arg(index));
    return SqliteConnection::open(index, busyTimeoutMs, access);
}

Result<std::unique_ptr<SqliteConnection>> IndexRepair::recover(const Error &openError,
                                                               int busyTimeoutMs)
{
    const QString index = m_workspace.indexFile();
    if (!QFile::exists(index))
        return openError;
    auto lock =
        FileLock::acquire(repairLockFile(m_workspace), busyTimeoutMs == 0 ? 0 : repairLockWaitMs);
    if (!lock)
        return lock.error().code == ErrorCode::Conflict ? lock.error() : openError;
    const RepairingHere repairing(index);
    // Checked under the lock: the open may have failed on the damaged file just before another
    // process set it aside, and the index is then the rebuilt one (or it failed for another
    // reason, which opening again reports).
    const bool unfinished = QFile::exists(rebuildingMarker(m_workspace));
    if (!unfinished && !SqliteConnection::isDamaged(index))
        return SqliteConnection::open(index, busyTimeoutMs);
    auto aside =
        unfinished ? setAside(QStringLiteral("incomplete")) : setAside(QStringLiteral("damaged"));
    if (!aside)
        return aside.error();
    HM_TRY(rebuildInto(*aside, openError.message, busyTimeoutMs));
    return SqliteConnection::open(index, busyTimeoutMs);
}

Status IndexRepair::rebuildInto(const QString &setAsideAs, const QString &reason, int busyTimeoutMs)
{
    const QString marker = rebuildingMarker(m_workspace);
    if (QFile file(marker); !file.exists() && !file.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("cannot rebuild the index: cannot create '%1': %2")
                             .arg(marker, file.errorString()));
    // Created (and migrated) before the rebuild opens its own connections.
    if (auto fresh = SqliteConnection::open(m_workspace.indexFile(), busyTimeoutMs); !fresh)
        return fresh.error();
    if (auto rebuilt = runRebuilder(setAsideAs, reason); !rebuilt)
        return Error{rebuilt.error().code,
                     rebuilt.error().message +
                         QStringLiteral(" (the index is rebuilt again at the next command)")};
    if (!QFile::remove(marker))
        return Error::io(QStringLiteral("cannot remove '%1'").arg(marker));
    return {};
}

Result<QString> IndexRepair::rebuild()
{
    auto lock = FileLock::acquire(repairLockFile(m_workspace), repairLockWaitMs);
    if (!lock)
        return lock.error();
    const RepairingHere repairing(m_workspace.indexFile());
    auto aside = setAside(QStringLiteral("old"));
    if (!aside)
        return aside.error();
    HM_TRY(rebuildInto(*aside, QString(), SqliteConnection::defaultBusyTimeoutMs));
    return aside;
}

} // namespace hawkmoth
