#include "ChangeTransaction.h"

namespace hawkmoth {

Result<ChangeTransaction> ChangeTransaction::begin(const Workspace &workspace,
                                                   const LayerPolicy &policy,
                                                   const StorageContext &context)
{
    auto db = workspace.connect();
    if (!db)
        return db.error();
    ChangeTransaction change;
    change.m_owned = std::move(*db);
    change.m_connection = change.m_owned.get();
    return start(std::move(change), policy, context);
}

Result<ChangeTransaction> ChangeTransaction::begin(SqliteConnection &connection,
                                                   const LayerPolicy &policy,
                                                   const StorageContext &context)
{
    ChangeTransaction change;
    change.m_connection = &connection;
    return start(std::move(change), policy, context);
}

Result<ChangeTransaction> ChangeTransaction::start(ChangeTransaction change,
                                                   const LayerPolicy &policy,
                                                   const StorageContext &context)
{
    auto tx = Transaction::begin(*change.m_connection);
    if (!tx)
        return tx.error();
    change.m_transaction = std::move(*tx);
    change.m_recorder = std::make_unique<ChangeRecorder>(*change.m_connection, policy,
                                                         context.settings.autoSyncDelayMs());
    return change;
}

// The recorder's statements and the transaction must be gone before their connection closes;
// spelled out rather than left to the order of the members.
ChangeTransaction::~ChangeTransaction()
{
    m_recorder.reset();
    m_transaction.reset();
    m_owned.reset();
}

Status ChangeTransaction::commit()
{
    HM_TRY(m_recorder->finish());
    return m_transaction->commit();
}

} // namespace hawkmoth
