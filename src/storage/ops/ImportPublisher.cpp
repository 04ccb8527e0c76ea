#include "ImportPublisher.h"

#include "ChangeTransaction.h"
#include "FileSystemCalls.h"

#include <QFileInfo>

namespace hawkmoth {

ImportPublisher::ImportPublisher(const Workspace &workspace, const LayerPolicy &policy,
                                 const StorageContext &context, bool overwrite)
    : m_ws(workspace)
    , m_policy(policy)
    , m_ctx(context)
    , m_overwrite(overwrite)
{}

ImportPublisher::~ImportPublisher()
{
    // Only reached unfinished when the importer returned early: its error is the one reported.
    static_cast<void>(finish());
}

Status ImportPublisher::submit(std::vector<StagedImport> batch)
{
    HM_TRY(waitForBatch());
    if (batch.empty())
        return {};
    if (!m_keeper) {
        auto db = m_ws.connect();
        if (!db)
            return db.error();
        m_keeper = std::move(*db);
    }
    m_batch = std::move(batch);
    m_taken = false;
    m_helper = std::make_unique<PoolHelpers>(m_ctx.pool, 1, [this](int) { publishOnce(); });
    return {};
}

Status ImportPublisher::waitForBatch()
{
    if (m_helper) {
        m_helper->finish(); // a helper no pool thread started is taken back: published here
        m_helper.reset();
    }
    publishOnce();
    return m_status;
}

Status ImportPublisher::finish()
{
    HM_TRY(waitForBatch());
    // Closing the last connection empties a big WAL (SqliteConnection's destructor).
    m_keeper.reset();
    return m_status;
}

void ImportPublisher::publishOnce()
{
    if (m_taken.exchange(true))
        return;
    if (m_status)
        m_status = publish(m_batch);
    m_batch.clear(); // after a failure: the staged files are removed with their writers
}

Status ImportPublisher::publish(std::vector<StagedImport> &batch)
{
    QStringList folders{m_ws.stagingDir()};
    for (const StagedImport &s : batch) {
        const QString folder = QFileInfo(s.absolute).absolutePath();
        if (folders.constLast() != folder) // a batch fills one folder after another
            folders.append(folder);
    }
    folders.removeDuplicates();
    HM_TRY(syncFileSystems(folders));
    auto change = ChangeTransaction::begin(m_ws, m_policy, m_ctx);
    if (!change)
        return change.error();
    // A checkpoint per batch wrote most of the index back once per batch (an import of 100,000
    // files into an empty workspace: 9 % of its CPU). The WAL is emptied when it passes
    // SqliteConnection::keptWalBytes, and by finish().
    change->connection().keepWalOnClose();
    ChangeRecorder &recorder = change->recorder();
    for (StagedImport &s : batch) {
        if (m_overwrite) {
            HM_TRY(s.writer->publish());
        } else {
            auto placed = s.writer->publishUnlessTaken();
            if (!placed)
                return placed.error();
            if (!*placed) {
                m_refused.append(
                    {ErrorCode::AlreadyExists, s.source, s.target,
                     QStringLiteral("%1: appeared meanwhile; not overwritten").arg(s.target)});
                continue;
            }
        }
        auto previous = recorder.index().get(s.target);
        if (!previous)
            return previous.error();
        // A rename keeps the size and time the writer saw.
        auto entry =
            recorder.record(s.target, s.probe.size, s.writer->writtenMtimeNs(), s.probe, *previous);
        if (!entry)
            return entry.error();
        m_imported.append(*entry);
    }
    HM_TRY(syncFileSystems(folders));
    return change->commit();
}

} // namespace hawkmoth
