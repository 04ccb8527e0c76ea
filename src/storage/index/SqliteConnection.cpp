#include "SqliteConnection.h"

#include "ChangeSink.h"
#include "SchemaMigrations.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

#include <atomic>

namespace hawkmoth {

namespace {

std::atomic<quint64> connectionCounter{0};

// Damage found mid-command (past the checks at open): say how to get a working index back.
QString damageHint(int sqliteCode)
{
    return SqliteConnection::isDamageCode(sqliteCode)
               ? QStringLiteral(" (the index is damaged; 'hawkmoth rescan --rebuild' sets it "
                                "aside and rebuilds it from the disk and git)")
               : QString();
}

} // namespace

SqliteConnection::SqliteConnection(QString file, QString name)
    : m_file(std::move(file))
    , m_name(std::move(name))
{}

SqliteConnection::~SqliteConnection()
{
    // A big transaction (the first index of 100,000 files) leaves a WAL of tens of MB, and every
    // process that opens the index later reads all of it to rebuild the WAL index: far more than
    // the one checkpoint that empties it. (Busy when another connection reads: then a later
    // close does it.)
    const qint64 limit = m_keepWal ? keptWalBytes : maxWalBytes;
    if (QFileInfo(m_file + QStringLiteral("-wal")).size() > limit) {
        if (sqlite3 *handle = sqliteHandle())
            sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                                      nullptr);
    }
    m_db.close();
    m_db = QSqlDatabase(); // drop our handle before Qt forgets the connection name
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString &file,
                                                                 int busyTimeoutMs, Access access)
{
    const QString name = QStringLiteral("hawkmoth-%1").arg(++connectionCounter);
    std::unique_ptr<SqliteConnection> c(new SqliteConnection(file, name));
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    c->m_db.setDatabaseName(file);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (access == Access::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    c->m_db.setConnectOptions(options);
    if (!c->m_db.open())
        return Error::io(QStringLiteral("cannot open index database '%1': %2")
                             .arg(file, c->m_db.lastError().text()));
    // The schema is read lazily: reading it now makes a damaged file fail here, not mid-command.
    HM_TRY(c->exec(QStringLiteral("SELECT count(*) FROM sqlite_master")));
    if (access == Access::ReadOnly)
        return c;
    // WAL keeps readers off the writer's back; NORMAL sync is crash-safe for the application in
    // WAL mode and avoids an fsync per transaction.
    HM_TRY(c->enableWal(busyTimeoutMs));
    HM_TRY(c->exec(QStringLiteral("PRAGMA synchronous=NORMAL")));
    HM_TRY(c->exec(QStringLiteral("PRAGMA temp_store=MEMORY")));
    // Memory-mapped reads: a rescan reads the whole files table, and 4 KiB pread() calls for each
    // page cost more than the rows themselves.
    HM_TRY(c->exec(QStringLiteral("PRAGMA mmap_size=1073741824")));

    // Connections live for one operation; checkpointing the WAL (with its fsyncs) every time the
    // last one closes would cost more than the operation. SQLite's auto-checkpoint still bounds it.
    if (sqlite3 *handle = c->sqliteHandle())
        sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    HM_TRY(c->migrate());
    return c;
}

Status SqliteConnection::enableWal(int busyTimeoutMs)
{
    // Switching a new file to WAL reads its header and then upgrades to a write, and SQLite
    // reports that upgrade busy at once, without the busy handler: two processes creating the same
    // index would fail with "database is locked". The mode persists, so only a new file retries.
    const QDeadlineTimer deadline(busyTimeoutMs);
    for (;;) {
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
            return {};
        if ((q.lastError().nativeErrorCode().toInt() & 0xff) != SQLITE_BUSY ||
            deadline.hasExpired())
            return failure(q);
        QThread::msleep(quint64(qBound(qint64(1), deadline.remainingTime(), qint64(10))));
    }
}

bool SqliteConnection::isDamageCode(int sqliteCode)
{
    const int primary = sqliteCode & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool SqliteConnection::isDamaged(const QString &file)
{
    sqlite3 *db = nullptr;
    const int opened =
        sqlite3_open_v2(QFile::encodeName(file).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> handle(db, &sqlite3_close_v2);
    if (opened != SQLITE_OK)
        return isDamageCode(opened);
    sqlite3_busy_timeout(db, defaultBusyTimeoutMs);
    SqliteStatement check(db, QByteArrayLiteral("PRAGMA quick_check(1)"));
    if (!check.ok())
        return isDamageCode(sqlite3_errcode(db));
    const int stepped = check.step();
    if (stepped == SQLITE_ROW)
        return check.textView(0) != QByteArrayView("ok");
    return isDamageCode(stepped);
}

sqlite3 *SqliteConnection::sqliteHandle() const
{
    const QVariant v = m_db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.data());
}

SqliteStatement::SqliteStatement(sqlite3 *db, const QByteArray &sql)
    : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        m_stmt = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

QString SqliteStatement::errorText() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool SqliteStatement::storageFailed() const
{
    const int code = sqlite3_errcode(m_db);
    return code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN;
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindStaticBlob(int index, const QByteArray &data)
{
    sqlite3_bind_blob(m_stmt, index, data.constData(), int(data.size()), SQLITE_STATIC);
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
}

int SqliteStatement::step()
{
    return sqlite3_step(m_stmt);
}

qint64 SqliteStatement::vmSteps() const
{
    return m_stmt ? sqlite3_stmt_status(m_stmt, SQLITE_STMTSTATUS_VM_STEP, 0) : 0;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QByteArrayView SqliteStatement::textView(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(text, sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteStatement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

Status SqliteConnection::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return failure(q);
    return {};
}

Status SqliteConnection::run(QSqlQuery &query)
{
    if (!query.exec())
        return failure(query);
    return {};
}

Error SqliteConnection::failure(const QSqlQuery &query) const
{
    const QSqlError e = query.lastError();
    // By SQLite's result code (its primary part), as for statements: never by the text.
    const int code = e.nativeErrorCode().toInt();
    const int primary = code & 0xff;
    const bool storage =
        primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
    return Error{
        storage ? ErrorCode::Io : ErrorCode::Internal,
        QStringLiteral("index database '%1': %2%3").arg(m_file, e.text(), damageHint(code))};
}

Error SqliteConnection::failure(const SqliteStatement &statement) const
{
    return Error{
        statement.storageFailed() ? ErrorCode::Io : ErrorCode::Internal,
        QStringLiteral("index database '%1': %2%3")
            .arg(m_file, statement.errorText(), damageHint(sqlite3_errcode(sqliteHandle())))};
}

Result<int> SqliteConnection::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failure(q);
    return q.value(0).toInt();
}

Status SqliteConnection::migrate()
{
    const int latest = int(schemaMigrations().size());
    auto version = schemaVersion();
    if (!version)
        return version.error();
    if (*version > latest)
        return Error::invalid(
            QStringLiteral("index database '%1' was written by a newer HAWKMOTH (schema %2, this "
                           "build knows %3); update HAWKMOTH")
                .arg(m_file)
                .arg(*version)
                .arg(latest));
    while (*version < latest) {
        auto tx = Transaction::begin(*this);
        if (!tx)
            return tx.error();
        // Read again under the write lock: another process creating the same fresh index (two
        // that found it damaged at once) may have upgraded it meanwhile.
        version = schemaVersion();
        if (!version)
            return version.error();
        if (*version >= latest)
            return (*tx)->commit();
        // Qt runs one statement per exec(); SQLite's own exec runs a script (with triggers).
        char *message = nullptr;
        if (sqlite3_exec(sqliteHandle(), schemaMigrations()[*version], nullptr, nullptr,
                         &message) != SQLITE_OK) {
            const QString why = QString::fromUtf8(message);
            sqlite3_free(message);
            return Error::internal(
                QStringLiteral("cannot upgrade index database '%1': %2").arg(m_file, why));
        }
        HM_TRY(exec(QStringLiteral("PRAGMA user_version=%1").arg(*version + 1)));
        HM_TRY((*tx)->commit());
        version = *version + 1;
    }
    return {};
}

Result<std::unique_ptr<Transaction>> Transaction::begin(SqliteConnection &connection)
{
    HM_TRY(connection.exec(QStringLiteral("BEGIN IMMEDIATE")));
    return std::unique_ptr<Transaction>(new Transaction(connection));
}

Transaction::~Transaction()
{
    if (!m_done) {
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
        if (PendingChanges *changes = m_connection.pendingChanges())
            changes->rolledBack();
    }
}

Status Transaction::commit()
{
    m_done = true;
    PendingChanges *changes = m_connection.pendingChanges();
    if (auto s = m_connection.exec(QStringLiteral("COMMIT")); !s) {
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
        if (changes)
            changes->rolledBack();
        return s;
    }
    if (changes)
        changes->committed();
    return {};
}

void SqliteConnection::setPendingChanges(std::unique_ptr<PendingChanges> changes)
{
    m_changes = std::move(changes);
}

void SqliteConnection::changesWritten()
{
    if (m_changes && sqlite3_get_autocommit(sqliteHandle()) != 0)
        m_changes->committed();
}

} // namespace hawkmoth
