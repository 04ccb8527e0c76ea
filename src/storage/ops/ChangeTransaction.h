#pragma once
// The prelude of every operation that records file changes: the workspace's index connection, a
// transaction on it and a ChangeRecorder inside it, handed out together. Destroyed uncommitted,
// the transaction rolls back; the recorder goes before the transaction, the transaction before the
// connection.

#include "ChangeRecorder.h"
#include "SqliteConnection.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <memory>

namespace hawkmoth {

class ChangeTransaction
{
public:
    // Opens the index of workspace and begins a transaction; changes are classified by policy and
    // queue a sync job as the context's settings say.
    static Result<ChangeTransaction> begin(const Workspace &workspace, const LayerPolicy &policy,
                                           const StorageContext &context);
    // The same on a connection the caller already holds (and keeps after this is gone).
    static Result<ChangeTransaction> begin(SqliteConnection &connection, const LayerPolicy &policy,
                                           const StorageContext &context);
    ~ChangeTransaction();
    ChangeTransaction(ChangeTransaction &&) = default;
    // Assigning would drop the old connection before the old transaction on it.
    ChangeTransaction &operator=(ChangeTransaction &&) = delete;

    SqliteConnection &connection() { return *m_connection; }
    Transaction &transaction() { return *m_transaction; }
    ChangeRecorder &recorder() { return *m_recorder; }
    FileIndex &index() { return m_recorder->index(); }
    // Writes what the recorder staged (and its sync job), then commits.
    Status commit();

private:
    ChangeTransaction() = default;
    static Result<ChangeTransaction> start(ChangeTransaction change, const LayerPolicy &policy,
                                           const StorageContext &context);

    std::unique_ptr<SqliteConnection> m_owned; // null when the caller lent the connection
    SqliteConnection *m_connection = nullptr;
    std::unique_ptr<Transaction> m_transaction;
    std::unique_ptr<ChangeRecorder> m_recorder;
};

} // namespace hawkmoth
