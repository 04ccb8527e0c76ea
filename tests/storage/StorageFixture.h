#pragma once
// A data root with one workspace, for the storage suites.

#include "StorageContext.h"
#include "TestSupport.h"
#include "WorkspaceRegistry.h"

#include <QTest>

namespace hawkmoth::test {

class StorageFixture
{
public:
    explicit StorageFixture(const QString &templateName = QStringLiteral("empty"))
        : m_paths(m_tmp.dataRoot(), m_tmp.cacheRoot())
        , m_registry(m_paths)
        , m_context{m_paths, {}, &m_cache, {}}
    {
        auto ws = m_registry.create(QStringLiteral("ws"), templateName);
        if (!ws)
            qFatal("fixture: %s", qPrintable(ws.error().message));
        m_workspace = *ws;
    }

    const Workspace &workspace() const { return m_workspace; }
    StorageContext &context() { return m_context; }
    WorkspaceRegistry &registry() { return m_registry; }
    ContentCache &cache() { return m_cache; }
    TempRoot &tmp() { return m_tmp; }
    QString path(const QString &relative) const { return m_workspace.absolutePath(relative); }

private:
    TempRoot m_tmp;
    Paths m_paths;
    WorkspaceRegistry m_registry;
    ContentCache m_cache;
    StorageContext m_context;
    Workspace m_workspace;
};

} // namespace hawkmoth::test
