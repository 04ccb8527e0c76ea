#pragma once
// The per-user settings on the async API (core.settings()): read them and change some keys, on
// the core's pool. A change is validated as the settings file is when it loads, saved under the
// registry lock (other processes write the same file), and taken into the snapshots of every
// later operation of the core.

#include "AppSettings.h"

#include <QFuture>
#include <QJsonObject>

namespace hawkmoth {

class StorageCore;

class SettingsOperations
{
public:
    explicit SettingsOperations(StorageCore &core)
        : m_core(core)
    {}

    // The settings as the file holds them now.
    QFuture<Result<AppSettings>> read();
    // Sets each key of changes (a null value removes the key: its default applies again) and
    // keeps every other key; answers with the settings as saved.
    QFuture<Result<AppSettings>> write(const QJsonObject &changes);

private:
    StorageCore &m_core;
};

} // namespace hawkmoth
