#pragma once
// Publishes an import's staged files batch by batch on a pool thread while the importer writes
// the next batch: the batch's data is flushed before any file is renamed into place (a power cut
// leaves old content or new, never an empty file), and the renames before one index transaction
// says the files are there. Without a free pool thread a batch is published by the importer when
// it hands over the next one.

#include "AtomicWriter.h"
#include "FileEntry.h"
#include "FileProbe.h"
#include "ItemError.h"
#include "LayerPolicy.h"
#include "PoolHelpers.h"
#include "SqliteConnection.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <atomic>
#include <memory>
#include <vector>

namespace hawkmoth {

// A file written into staging, to be renamed to absolute (the workspace path target).
struct StagedImport
{
    std::unique_ptr<AtomicWriter> writer;
    QString source;
    QString target;
    QString absolute;
    ProbeResult probe;
};

class ImportPublisher
{
public:
    // overwrite: a file that appeared at a target meanwhile is replaced, else it is kept and the
    // import's item reported. The caller keeps the arguments alive until finish().
    ImportPublisher(const Workspace &workspace, const LayerPolicy &policy,
                    const StorageContext &context, bool overwrite);
    ~ImportPublisher(); // finish(); a batch not published is removed with its writers
    ImportPublisher(const ImportPublisher &) = delete;
    ImportPublisher &operator=(const ImportPublisher &) = delete;

    // Starts publishing batch once the one before it is published; that one's failure, if any
    // (batch is then dropped).
    Status submit(std::vector<StagedImport> batch);
    // Waits until everything submitted is published; the first failure.
    Status finish();

    // What the published batches recorded, and the items refused because a file appeared at
    // their target meanwhile. Read after finish().
    const FileEntries &imported() const { return m_imported; }
    const ItemErrors &refused() const { return m_refused; }

private:
    // Waits until the batch handed over last is published; the first failure so far.
    Status waitForBatch();
    // Publishes m_batch unless the pool thread or the caller took it already.
    void publishOnce();
    Status publish(std::vector<StagedImport> &batch);

    const Workspace &m_ws;
    const LayerPolicy &m_policy;
    const StorageContext &m_ctx;
    const bool m_overwrite;

    // Open from the first batch to finish(): while any connection is open, one that opens does
    // not rebuild the WAL's index by reading the whole WAL (up to 64 MiB a batch otherwise).
    std::unique_ptr<SqliteConnection> m_keeper;
    std::vector<StagedImport> m_batch;
    std::atomic<bool> m_taken{true};
    std::unique_ptr<PoolHelpers> m_helper;
    Status m_status; // of the batches published so far
    FileEntries m_imported;
    ItemErrors m_refused;
};

} // namespace hawkmoth
