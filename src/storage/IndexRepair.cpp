#include "IndexRepair.h"

#include "FileLock.h"
#include "Workspace.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>

#include <cstdio>

namespace hawkmoth {

namespace {

QMutex rebuilderMutex;
IndexRepair::Rebuilder &installedRebuilder()
{
    static IndexRepair::Rebuilder rebuilder;
    return rebuilder;
}

// Held while one process repairs, so two that find the damage at once set it aside only once.
constexpr int repairLockWaitMs = 120000;

} // namespace

void IndexRepair::setRebuilder(Rebuilder rebuilder)
{
    const QMutexLocker locker(&rebuilderMutex);
    installedRebuilder() = std::move(rebuilder);
}

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
    Rebuilder rebuilder;
    {
        const QMutexLocker locker(&rebuilderMutex);
        rebuilder = installedRebuilder();
    }
    if (!rebuilder)
        return {};
    return rebuilder(m_workspace, setAsideAs, reason);
}

Result<std::unique_ptr<SqliteConnection>> IndexRepair::recover(const Error &openError,
                                                               int busyTimeoutMs)
{
    const QString index = m_workspace.indexFile();
    if (!QFile::exists(index) || !SqliteConnection::isDamaged(index))
        return openError;
    auto lock = FileLock::acquire(m_workspace.metaDir() + QStringLiteral("/index-repair.lock"),
                                  repairLockWaitMs);
    if (!lock)
        return lock.error();
    // Another process may have repaired it while this one waited.
    if (!SqliteConnection::isDamaged(index))
        return SqliteConnection::open(index, busyTimeoutMs);
    auto aside = setAside(QStringLiteral("damaged"));
    if (!aside)
        return aside.error();
    // Created (and migrated) before the rebuild opens its own connections.
    if (auto fresh = SqliteConnection::open(index, busyTimeoutMs); !fresh)
        return fresh.error();
    HM_TRY(runRebuilder(*aside, openError.message));
    return SqliteConnection::open(index, busyTimeoutMs);
}

Result<QString> IndexRepair::rebuild()
{
    auto lock = FileLock::acquire(m_workspace.metaDir() + QStringLiteral("/index-repair.lock"),
                                  repairLockWaitMs);
    if (!lock)
        return lock.error();
    auto aside = setAside(QStringLiteral("old"));
    if (!aside)
        return aside.error();
    if (auto fresh = SqliteConnection::open(m_workspace.indexFile()); !fresh)
        return fresh.error();
    HM_TRY(runRebuilder(*aside, QString()));
    return aside;
}

} // namespace hawkmoth
