#pragma once
// One Qt SQL connection to a workspace database, owned by the scope that opened it. Qt SQL
// connections belong to the thread that made them, so each operation opens its own instead of
// sharing one across threads; SQLite's WAL mode lets them read while another writes.

#include "Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace hawkmoth {
class PendingChanges;
class SqliteStatement;
} // namespace hawkmoth

namespace hawkmoth {

// Qt binds a null QString as SQL NULL; columns declared NOT NULL take text, so bind through this.
inline QString sqlText(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

class SqliteConnection
{
public:
    static constexpr int defaultBusyTimeoutMs = 15000;
    // Above this the WAL is emptied when a connection closes (see the destructor): the first
    // connection a process opens reads all of the WAL to rebuild its index, and a 1,000-page
    // auto-checkpoint in the middle of a later, small command costs it two fsyncs.
    static constexpr qint64 maxWalBytes = 1024 * 1024;
    // The same bound for a writer that asked to keep the WAL (keepWalOnClose): high enough that
    // a 100,000-file import checkpoints a few times instead of at every batch, low enough that
    // the WAL does not grow with the workspace (it reached 1.4 GB a quarter into a
    // 1,000,000-file import, and every read searched it).
    static constexpr qint64 keptWalBytes = 64 * 1024 * 1024;
    enum class Access
    {
        ReadWrite, // creates the database when missing and brings its schema up to date
        ReadOnly,  // never creates or changes anything (listings)
    };
    // busyTimeoutMs: how long a statement waits for another connection's write lock.
    static Result<std::unique_ptr<SqliteConnection>> open(const QString &file,
                                                          int busyTimeoutMs = defaultBusyTimeoutMs,
                                                          Access access = Access::ReadWrite);
    // Whether the database file is damaged (not a database, or PRAGMA quick_check fails): asked
    // when opening failed, so a locked or full disk is not mistaken for damage.
    static bool isDamaged(const QString &file);
    // SQLITE_CORRUPT and SQLITE_NOTADB, primary or extended.
    static bool isDamageCode(int sqliteCode);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    QSqlDatabase &database() { return m_db; }
    const QString &file() const { return m_file; }

    QSqlQuery query() const { return QSqlQuery(m_db); }
    // The driver's sqlite3 handle, for the few hot queries that bypass QSqlQuery's per-value cost.
    sqlite3 *sqliteHandle() const;
    Status exec(const QString &sql);
    // Runs a prepared query, turning a failure into an Error that names the database.
    Status run(QSqlQuery &query);
    Error failure(const QSqlQuery &query) const;
    // The same for a raw statement: an I/O error when the disk failed it (full, unreadable).
    Error failure(const SqliteStatement &statement) const;

    // Where the index and the job queue record what they change, for change notifications; null
    // (nothing recorded) unless the workspace carries a sink.
    PendingChanges *pendingChanges() const { return m_changes.get(); }
    void setPendingChanges(std::unique_ptr<PendingChanges> changes);
    // After a recorded write: outside a transaction it is committed already, so hand it over.
    void changesWritten();
    // PRAGMA user_version: how many of schemaMigrations() this database has had (a read-only
    // connection does not upgrade it).
    Result<int> schemaVersion();
    // For a writer that commits many transactions on connections of its own in a row (an
    // import's batches): closing this one empties the WAL only above keptWalBytes, instead of
    // each close writing the pages it just logged back into the database.
    void keepWalOnClose() { m_keepWal = true; }

private:
    SqliteConnection(QString file, QString name);
    Status migrate();
    Status enableWal(int busyTimeoutMs);

    QString m_file;
    QString m_name;
    QSqlDatabase m_db;
    std::unique_ptr<PendingChanges> m_changes;
    bool m_keepWal = false;
};

// A prepared statement on a raw handle, finalised with its owner.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const QByteArray &sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool ok() const { return m_stmt != nullptr; }
    QString errorText() const;
    // The last failure was the disk's (full, I/O error), not the statement's.
    bool storageFailed() const;
    void bindText(int index, const QByteArray &utf8);
    void bindInt64(int index, qint64 value);
    // Not copied: data must outlive the statement's use of it.
    void bindStaticBlob(int index, const QByteArray &data);
    void reset(); // for the next step() with new bindings
    int step();   // SQLITE_ROW, SQLITE_DONE or an error code
    qint64 int64(int column) const;
    QByteArrayView textView(int column) const; // valid until the next step()
    QByteArray blob(int column) const;         // a copy
    // Virtual-machine steps run so far: grows with the rows the statement visited.
    qint64 vmSteps() const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted. IMMEDIATE takes the write
// lock up front, so two writers wait for each other instead of failing on lock upgrade.
class Transaction
{
public:
    static Result<std::unique_ptr<Transaction>> begin(SqliteConnection &connection);
    ~Transaction();
    Status commit();

private:
    explicit Transaction(SqliteConnection &connection)
        : m_connection(connection)
    {}
    SqliteConnection &m_connection;
    bool m_done = false;
};

} // namespace hawkmoth
