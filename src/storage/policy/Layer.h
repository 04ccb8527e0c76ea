#pragma once
// The three places a workspace file can be persisted, and the sync states a file moves through.

#include <QString>

#include <optional>

namespace hawkmoth {

enum class Layer
{
    Git,
    Hub,
    Session
};

QString layerName(Layer layer);
std::optional<Layer> layerFromName(const QString &name);

// Where a file stands with respect to its layer's remote persistence.
enum class SyncState
{
    Pending,    // changed locally, not yet committed/uploaded
    Synced,     // persisted in its layer
    LocalOnly,  // session layer: never leaves the machine
    Conflict,   // changed on both sides; both versions kept
    RemoteOnly, // known from the manifest or the Hub, not on disk yet
    Error,      // the last attempt to persist it failed
};

QString syncStateName(SyncState state);
std::optional<SyncState> syncStateFromName(const QString &name);

} // namespace hawkmoth
