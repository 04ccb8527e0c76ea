#include "SchemaMigrations.h"

#include <iterator>

namespace hawkmoth {

namespace {

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
    // 2: the stamp cache and the generation counter that tells when it is stale.
    R"sql(
    CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO counters (name, value) VALUES ('files', 0);
    CREATE TRIGGER files_inserted AFTER INSERT ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TRIGGER files_updated AFTER UPDATE ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TRIGGER files_deleted AFTER DELETE ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TABLE stamp_cache(id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL,
                             data BLOB NOT NULL);
    )sql",
    // 3: an update moves the generation only when it changes what a stamp holds; a commit that
    // marks files synced leaves the cached stamps current.
    R"sql(
    DROP TRIGGER files_updated;
    CREATE TRIGGER files_updated AFTER UPDATE ON files
    WHEN NEW.path IS NOT OLD.path OR NEW.size IS NOT OLD.size OR NEW.mtime_ns IS NOT OLD.mtime_ns
        OR NEW.indexed_ns IS NOT OLD.indexed_ns OR NEW.layer IS NOT OLD.layer
        OR (NEW.state = 'remote') IS NOT (OLD.state = 'remote')
    BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    )sql",
    // 4: the stamp snapshot moves to a file of its own beside the index (see StampSnapshotFile).
    R"sql(
    DROP TABLE stamp_cache;
    )sql",
    // 5: listing one folder reads that folder's rows only. Files are indexed by their folder (the
    // path up to its last '/': rtrim drops every trailing character that is not a '/'), and
    // folder_totals holds, per folder that directly holds files, their count and bytes, kept by
    // triggers whoever writes: a subfolder's totals sum these rows, not the file rows below it.
    // INSERT OR REPLACE fires no delete trigger (recursive_triggers is off), so the row it
    // replaces is taken out before the insert.
    R"sql(
    CREATE INDEX files_by_folder ON files(rtrim(path, replace(path, '/', '')), path);
    CREATE TABLE folder_totals(folder TEXT PRIMARY KEY, files INTEGER NOT NULL,
                               bytes INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO folder_totals (folder, files, bytes)
        SELECT rtrim(path, replace(path, '/', '')), count(*), sum(size) FROM files GROUP BY 1;
    CREATE TRIGGER folder_totals_replacing BEFORE INSERT ON files
    WHEN EXISTS (SELECT 1 FROM files WHERE path = NEW.path)
    BEGIN
        UPDATE folder_totals SET files = files - 1,
            bytes = bytes - (SELECT size FROM files WHERE path = NEW.path)
            WHERE folder = rtrim(NEW.path, replace(NEW.path, '/', ''));
    END;
    CREATE TRIGGER folder_totals_inserted AFTER INSERT ON files BEGIN
        INSERT INTO folder_totals (folder, files, bytes)
            VALUES (rtrim(NEW.path, replace(NEW.path, '/', '')), 1, NEW.size)
            ON CONFLICT (folder) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    CREATE TRIGGER folder_totals_deleted AFTER DELETE ON files BEGIN
        UPDATE folder_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', ''));
        DELETE FROM folder_totals
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', '')) AND files <= 0;
    END;
    CREATE TRIGGER folder_totals_updated AFTER UPDATE OF path, size ON files
    WHEN NEW.path IS NOT OLD.path OR NEW.size IS NOT OLD.size
    BEGIN
        UPDATE folder_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', ''));
        DELETE FROM folder_totals
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', '')) AND files <= 0;
        INSERT INTO folder_totals (folder, files, bytes)
            VALUES (rtrim(NEW.path, replace(NEW.path, '/', '')), 1, NEW.size)
            ON CONFLICT (folder) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    )sql",
    // 6: a user's cancel of a running job (its runner stops it and ends it cancelled), and git
    // progress counted in objects rather than files.
    R"sql(
    ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN objects_done INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN objects_total INTEGER NOT NULL DEFAULT 0;
    )sql",
    // 7: a job's last error as values (its ErrorCode's name and the step that met it), so that a
    // rejected token is recognised by its class, not by the wording of its message.
    R"sql(
    ALTER TABLE jobs ADD COLUMN error_code TEXT NOT NULL DEFAULT '';
    ALTER TABLE jobs ADD COLUMN error_step TEXT NOT NULL DEFAULT '';
    )sql",
    // 8: "storage status" reads the rows by layer and state (the totals, the git rows awaiting a
    // commit, the hub rows) several times, each a pass over every row without an index. With size
    // in it the totals are read from the index alone, which is a third of a row's bytes; the hub
    // rows' hashes, which the status compares with the manifest, from one that holds only them
    // (rows found through the first one are scattered over the whole table).
    // IF NOT EXISTS: a database that already has them (built by hand, or by a rerun) upgrades too.
    R"sql(
    CREATE INDEX IF NOT EXISTS files_by_layer_state ON files(layer, state, size);
    CREATE INDEX IF NOT EXISTS files_in_hub ON files(layer, state, size, sha256) WHERE layer = 'hub';
    )sql",
    // 9: a workspace's totals per layer, kept by triggers like folder_totals: describing a
    // workspace (switching to it, listing the workspaces) read them with a pass over every row,
    // a fifth of a second at 100,000 files. State changes (a sync) do not touch them.
    R"sql(
    CREATE TABLE layer_totals(layer TEXT PRIMARY KEY, files INTEGER NOT NULL,
                              bytes INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO layer_totals (layer, files, bytes)
        SELECT layer, count(*), sum(size) FROM files GROUP BY layer;
    CREATE TRIGGER layer_totals_replacing BEFORE INSERT ON files
    WHEN EXISTS (SELECT 1 FROM files WHERE path = NEW.path)
    BEGIN
        UPDATE layer_totals SET files = files - 1,
            bytes = bytes - (SELECT size FROM files WHERE path = NEW.path)
            WHERE layer = (SELECT layer FROM files WHERE path = NEW.path);
    END;
    CREATE TRIGGER layer_totals_inserted AFTER INSERT ON files BEGIN
        INSERT INTO layer_totals (layer, files, bytes) VALUES (NEW.layer, 1, NEW.size)
            ON CONFLICT (layer) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    CREATE TRIGGER layer_totals_deleted AFTER DELETE ON files BEGIN
        UPDATE layer_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE layer = OLD.layer;
    END;
    CREATE TRIGGER layer_totals_updated AFTER UPDATE OF layer, size ON files
    WHEN NEW.layer IS NOT OLD.layer OR NEW.size IS NOT OLD.size
    BEGIN
        UPDATE layer_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE layer = OLD.layer;
        INSERT INTO layer_totals (layer, files, bytes) VALUES (NEW.layer, 1, NEW.size)
            ON CONFLICT (layer) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    )sql",
};

} // namespace

std::span<const char *const> schemaMigrations()
{
    return {std::begin(migrations), std::end(migrations)};
}

} // namespace hawkmoth
