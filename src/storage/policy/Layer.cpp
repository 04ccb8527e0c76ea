#include "Layer.h"

namespace hawkmoth {

QString layerName(Layer layer)
{
    switch (layer) {
    case Layer::Git:
        return QStringLiteral("git");
    case Layer::Hub:
        return QStringLiteral("hub");
    case Layer::Session:
        return QStringLiteral("session");
    }
    return {};
}

std::optional<Layer> layerFromName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("git"))
        return Layer::Git;
    if (n == QLatin1String("hub"))
        return Layer::Hub;
    if (n == QLatin1String("session"))
        return Layer::Session;
    return std::nullopt;
}

QString syncStateName(SyncState state)
{
    switch (state) {
    case SyncState::Pending:
        return QStringLiteral("pending");
    case SyncState::Synced:
        return QStringLiteral("synced");
    case SyncState::LocalOnly:
        return QStringLiteral("local");
    case SyncState::Conflict:
        return QStringLiteral("conflict");
    case SyncState::RemoteOnly:
        return QStringLiteral("remote");
    case SyncState::Error:
        return QStringLiteral("error");
    }
    return {};
}

std::optional<SyncState> syncStateFromName(const QString &name)
{
    for (auto s : {SyncState::Pending, SyncState::Synced, SyncState::LocalOnly, SyncState::Conflict,
                   SyncState::RemoteOnly, SyncState::Error}) {
        if (syncStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace hawkmoth
