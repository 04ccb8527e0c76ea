#include "SqliteConnection.h"

#include <QSqlError>

#include <atomic>

namespace hawkmoth {

namespace {

std::atomic<quint64> connectionCounter{0};

// Each entry upgrades the schema by one version; never edit a released entry, append instead.
const char *const migrations[] = {
    R"sql(
    CREATE TABLE files(
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '',
        binary INTEGER NOT NULL DEFAULT 0,
        layer TEXT NOT NULL,
        state TEXT NOT NULL,
        remote_id TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        indexed_ns INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE jobs(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        dedup_key TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL DEFAULT 0,
        hold_until_ms INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        bytes_done INTEGER NOT NULL DEFAULT 0,
        bytes_total INTEGER NOT NULL DEFAULT 0,
        files_done INTEGER NOT NULL DEFAULT 0,
        files_total INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX jobs_dedup ON jobs(dedup_key) WHERE state = 'queued' AND dedup_key IS NOT NULL;
    CREATE INDEX jobs_ready ON jobs(state, next_attempt_ms);
    )sql",
};

} // namespace

SqliteConnection::SqliteConnection(QString file, QString name)
    : m_file(std::move(file)), m_name(std::move(name))
{
}

SqliteConnection::~SqliteConnection()
{
    m_db.close();
    m_db = QSqlDatabase(); // drop our handle before Qt forgets the connection name
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString &file)
{
    const QString name = QStringLiteral("hawkmoth-%1").arg(++connectionCounter);
    std::unique_ptr<SqliteConnection> c(new SqliteConnection(file, name));
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    c->m_db.setDatabaseName(file);
    c->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    if (!c->m_db.open())
        return Error::io(QStringLiteral("cannot open index database '%1': %2")
                             .arg(file, c->m_db.lastError().text()));
    // WAL keeps readers off the writer's back; NORMAL sync is crash-safe for the application in
    // WAL mode and avoids an fsync per transaction.
    HM_TRY(c->exec(QStringLiteral("PRAGMA journal_mode=WAL")));
    HM_TRY(c->exec(QStringLiteral("PRAGMA synchronous=NORMAL")));
    HM_TRY(c->exec(QStringLiteral("PRAGMA temp_store=MEMORY")));
    HM_TRY(c->migrate());
    return c;
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
    const QString text = e.text();
    const bool full = text.contains(QLatin1String("full"), Qt::CaseInsensitive);
    return Error{full ? ErrorCode::Io : ErrorCode::Internal,
                 QStringLiteral("index database '%1': %2").arg(m_file, text)};
}

Status SqliteConnection::migrate()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failure(q);
    const int version = q.value(0).toInt();
    q.finish();
    constexpr int latest = int(std::size(migrations));
    if (version > latest)
        return Error::invalid(
            QStringLiteral("index database '%1' was written by a newer HAWKMOTH (schema %2, this "
                           "build knows %3); update HAWKMOTH")
                .arg(m_file)
                .arg(version)
                .arg(latest));
    for (int v = version; v < latest; ++v) {
        auto tx = Transaction::begin(*this);
        if (!tx)
            return tx.error();
        // Qt runs one statement per exec(), so split the migration on ';'.
        const QStringList statements =
            QString::fromUtf8(migrations[v]).split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (const QString &s : statements) {
            if (!s.trimmed().isEmpty())
                HM_TRY(exec(s));
        }
        HM_TRY(exec(QStringLiteral("PRAGMA user_version=%1").arg(v + 1)));
        HM_TRY((*tx)->commit());
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
    if (!m_done)
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
}

Status Transaction::commit()
{
    m_done = true;
    if (auto s = m_connection.exec(QStringLiteral("COMMIT")); !s) {
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
        return s;
    }
    return {};
}

} // namespace hawkmoth
