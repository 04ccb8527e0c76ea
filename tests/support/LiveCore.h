#pragma once
// A started StorageCore over a temporary data root, as the window runs it, for the model and
// widget suites: a git identity in a HOME of its own, optional settings, the current workspace.

#include "StorageCore.h"
#include "TestSupport.h"

#include <QTest>

#include <memory>

namespace hawkmoth::test {

// Call once per process before the first core: libgit2 reads HOME once.
inline void useTestHome(const TempRoot &home)
{
    writeFile(home.file(QStringLiteral("home/.gitconfig")),
              "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n"
              "[init]\n\tdefaultBranch = main\n");
    qputenv("HOME", home.file(QStringLiteral("home")).toUtf8());
    qputenv("XDG_CONFIG_HOME", home.file(QStringLiteral("xdg")).toUtf8());
    qputenv("XDG_CACHE_HOME", home.file(QStringLiteral("xdg-cache")).toUtf8());
    qputenv("GIT_CONFIG_NOSYSTEM", "1");
    // No keychain: the token comes from HF_TOKEN or nowhere.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("HF_TOKEN");
    qunsetenv("HF_ENDPOINT");
}

class LiveCore
{
public:
    explicit LiveCore(const QByteArray &settingsJson = {})
    {
        if (!settingsJson.isEmpty())
            writeFile(m_root.dataRoot() + QStringLiteral("/settings.json"), settingsJson);
        m_core = std::make_unique<StorageCore>(Paths(m_root.dataRoot(), m_root.cacheRoot()));
        if (auto started = m_core->start().result(); !started)
            qFatal("core: %s", qPrintable(started.error().message));
        auto ws = m_core->workspaces().current().result();
        if (!ws)
            qFatal("core: %s", qPrintable(ws.error().message));
        m_workspace = *ws;
    }

    StorageCore &core() { return *m_core; }
    const Workspace &ws() const { return m_workspace; }
    TempRoot &root() { return m_root; }
    bool save(const QString &path, const QByteArray &content)
    {
        auto saved = m_core->files().save(m_workspace, path, content).result();
        if (!saved)
            qWarning("save %s: %s", qPrintable(path), qPrintable(saved.error().message));
        return saved.ok();
    }
    StorageStats stats() { return m_core->workspaces().statistics(m_workspace).result().value(); }
    QList<Job> jobs(bool includeDone = true)
    {
        return m_core->jobs().list(m_workspace, includeDone).result().value();
    }
    std::optional<Job> job(qint64 id)
    {
        for (const Job &j : jobs())
            if (j.id == id)
                return j;
        return std::nullopt;
    }
    // The first job of kind in the queue (0 when none).
    qint64 jobOfKind(const QString &kind)
    {
        for (const Job &j : jobs())
            if (j.kind == kind)
                return j.id;
        return 0;
    }

private:
    TempRoot m_root;
    std::unique_ptr<StorageCore> m_core;
    Workspace m_workspace;
};

} // namespace hawkmoth::test
