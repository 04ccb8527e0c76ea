#include "WorkspaceRegistry.h"

#include "AppSettings.h"
#include "JobQueue.h"
#include "RegistryFiles.h"
#include "Rescanner.h"
#include "TemplateLibrary.h"
#include "WorkspaceName.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QUuid>

namespace hawkmoth {

WorkspaceRegistry::WorkspaceRegistry(Paths paths)
    : m_paths(std::move(paths))
{}

void WorkspaceRegistry::addInitializer(Initializer initializer)
{
    m_initializers.append(std::move(initializer));
}

QStringList WorkspaceRegistry::folderNames() const
{
    QStringList out;
    const QStringList dirs =
        QDir(m_paths.workspacesDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &d : dirs) {
        if (!d.startsWith(QLatin1Char('.')) &&
            QFile::exists(m_paths.workspacesDir() + QLatin1Char('/') + d +
                          QStringLiteral("/.hawkmoth/workspace.json")))
            out.append(d);
    }
    out.sort(Qt::CaseInsensitive);
    return out;
}

Status WorkspaceRegistry::checkUnique(const QString &name, const QString &except) const
{
    for (const QString &existing : folderNames()) {
        if (WorkspaceName::same(existing, name) && existing != except)
            return Error::exists(
                QStringLiteral("a workspace named '%1' already exists").arg(existing));
    }
    return {};
}

Status WorkspaceRegistry::clearLeftover(const QString &name) const
{
    const QString root = m_paths.workspacesDir() + QLatin1Char('/') + name;
    const QFileInfo info(root);
    if (!info.exists() && !info.isSymLink())
        return {};
    if (QFile::exists(root + QStringLiteral("/.hawkmoth/workspace.json")))
        return Error::exists(QStringLiteral("a workspace named '%1' already exists").arg(name));
    if (!info.isDir() || info.isSymLink() || !onlyOwnFiles(root))
        return Error::exists(QStringLiteral("'%1' is in the way but is not a workspace; move it "
                                            "away or choose another name")
                                 .arg(root));
    if (!QDir(root).removeRecursively())
        return Error::io(QStringLiteral("cannot remove the leftover folder '%1'").arg(root));
    return {};
}

Status WorkspaceRegistry::ensureReady()
{
    if (!QDir().mkpath(m_paths.workspacesDir()))
        return Error::io(
            QStringLiteral("cannot create the data folder '%1'").arg(m_paths.dataRoot()));
    auto settings = AppSettings::load(m_paths.settingsFile());
    if (!settings)
        return settings.error();
    if (settings->value(QStringLiteral("initialized")).toBool(false) && !folderNames().isEmpty())
        return {};
    if (folderNames().isEmpty()) {
        auto made = create(QString::fromLatin1(defaultName));
        if (!made && made.error().code != ErrorCode::AlreadyExists)
            return made.error();
    }
    RegistryLock lock(m_paths);
    HM_TRY(lock.acquire());
    auto fresh = AppSettings::load(m_paths.settingsFile());
    if (!fresh)
        return fresh.error();
    fresh->setValue(QStringLiteral("initialized"), true);
    if (fresh->currentWorkspace().isEmpty())
        fresh->setCurrentWorkspace(folderNames().value(0));
    return fresh->save(m_paths.settingsFile());
}

QString WorkspaceRegistry::stagingPath(const QString &name) const
{
    QDir().mkpath(m_paths.workspacesDir());
    return m_paths.workspacesDir() +
           QStringLiteral("/.new-%1-%2")
               .arg(name)
               .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

Result<QString> WorkspaceRegistry::makeStagingFolder(const QString &name) const
{
    const QString folder = stagingPath(name);
    if (!QDir().mkpath(folder + QStringLiteral("/.hawkmoth")))
        return Error::io(QStringLiteral("cannot create '%1'").arg(folder));
    return folder;
}

Result<Workspace> WorkspaceRegistry::create(const QString &name, const QString &templateName)
{
    HM_TRY(WorkspaceName::validate(name));
    if (!TemplateLibrary::exists(templateName))
        return Error::invalid(
            QStringLiteral("unknown template '%1'; choose one of: %2")
                .arg(templateName, TemplateLibrary::names().join(QStringLiteral(", "))));
    if (!QDir().mkpath(m_paths.workspacesDir()))
        return Error::io(
            QStringLiteral("cannot create the data folder '%1'").arg(m_paths.dataRoot()));
    HM_TRY(checkUnique(name));
    auto staging = makeStagingFolder(name);
    if (!staging)
        return staging.error();
    auto files = TemplateLibrary::instantiate(templateName, *staging);
    if (!files) {
        QDir(*staging).removeRecursively();
        return files.error();
    }
    return adopt(name, *staging, templateName);
}

Result<Workspace> WorkspaceRegistry::adopt(const QString &name, const QString &folder,
                                           const QString &templateName)
{
    HM_TRY(WorkspaceName::validate(name));
    auto fail = [&](const Error &e) -> Result<Workspace> {
        QDir(folder).removeRecursively();
        return e;
    };
    const Workspace staged(name, folder);
    WorkspaceMetadata meta;
    if (auto existing = staged.metadata(); existing)
        meta = *existing; // a restored workspace keeps its identity
    meta.name = name;
    if (meta.templateName.isEmpty())
        meta.templateName = templateName;
    if (meta.id.isEmpty())
        meta.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!meta.created.isValid())
        meta.created = now;
    meta.updated = now;
    if (auto saved = meta.save(staged.metadataFile()); !saved)
        return fail(saved.error());
    if (!QFile::exists(staged.policyFile())) {
        if (auto saved = staged.savePolicy(LayerPolicy::defaults()); !saved)
            return fail(saved.error());
    }
    for (const Initializer &init : std::as_const(m_initializers)) {
        if (auto done = init(staged); !done)
            return fail(done.error());
    }
    {
        const StorageContext context{m_paths, {}, nullptr, {}};
        Rescanner rescanner(staged, context);
        if (auto scanned = rescanner.run(); !scanned)
            return fail(scanned.error());
    }

    RegistryLock lock(m_paths);
    if (auto locked = lock.acquire(); !locked)
        return fail(locked.error());
    if (auto unique = checkUnique(name); !unique)
        return fail(unique.error());
    if (auto cleared = clearLeftover(name); !cleared)
        return fail(cleared.error());
    const QString root = m_paths.workspacesDir() + QLatin1Char('/') + name;
    if (auto moved = renameNoReplace(folder, root, QStringLiteral("workspace '%1'").arg(name));
        !moved)
        return fail(moved.error());
    notify(WorkspaceChangeKind::Added, name);
    return made(name, root);
}

Workspace WorkspaceRegistry::made(const QString &name, const QString &root) const
{
    Workspace ws(name, root);
    ws.setChangeSink(m_changes);
    ws.setIndexRebuilder(m_rebuilder);
    return ws;
}

void WorkspaceRegistry::notify(WorkspaceChangeKind kind, const QString &name,
                               const QString &oldName) const
{
    if (m_changes)
        m_changes->addWorkspace({kind, name, oldName});
}

Result<Workspace> WorkspaceRegistry::find(const QString &name) const
{
    for (const QString &existing : folderNames()) {
        if (WorkspaceName::same(existing, name))
            return made(existing, m_paths.workspacesDir() + QLatin1Char('/') + existing);
    }
    return Error::notFound(
        QStringLiteral("no workspace named '%1'; 'list projects' shows them").arg(name));
}

Result<Workspace> WorkspaceRegistry::current(QString *fallback) const
{
    auto settings = AppSettings::load(m_paths.settingsFile());
    if (!settings)
        return settings.error();
    const QString chosen = settings->currentWorkspace();
    if (auto ws = find(chosen); ws)
        return ws;
    Result<Workspace> chosenInstead = find(QString::fromLatin1(defaultName));
    if (!chosenInstead) {
        const QStringList names = folderNames();
        if (names.isEmpty())
            return Error::notFound(
                QStringLiteral("there is no workspace yet; create one with 'create project NAME'"));
        chosenInstead = find(names.first());
    }
    if (chosenInstead && fallback)
        *fallback =
            QStringLiteral("%1 in '%2'; using workspace '%3' (set one with 'hawkmoth switch NAME')")
                .arg(chosen.isEmpty()
                         ? QStringLiteral("no current workspace is set")
                         : QStringLiteral("the current workspace '%1' does not exist").arg(chosen),
                     m_paths.settingsFile(), chosenInstead->name());
    return chosenInstead;
}

Status WorkspaceRegistry::setCurrent(const QString &name)
{
    auto ws = find(name);
    if (!ws)
        return ws.error();
    RegistryLock lock(m_paths);
    HM_TRY(lock.acquire());
    auto settings = AppSettings::load(m_paths.settingsFile());
    if (!settings)
        return settings.error();
    settings->setCurrentWorkspace(ws->name());
    HM_TRY(settings->save(m_paths.settingsFile()));
    notify(WorkspaceChangeKind::Current, ws->name());
    return {};
}

Result<Workspace> WorkspaceRegistry::rename(const QString &from, const QString &to)
{
    HM_TRY(WorkspaceName::validate(to));
    RegistryLock lock(m_paths);
    HM_TRY(lock.acquire());
    auto ws = find(from);
    if (!ws)
        return ws.error();
    HM_TRY(checkUnique(to, ws->name()));
    if (ws->name() == to)
        return *ws;
    if (!WorkspaceName::same(ws->name(), to))
        HM_TRY(clearLeftover(to));
    const QString root = m_paths.workspacesDir() + QLatin1Char('/') + to;
    HM_TRY(renameNoReplace(ws->root(), root, QStringLiteral("workspace '%1'").arg(to)));
    const Workspace renamed = made(to, root);
    // The folder has its new name now: listeners hear of it whatever fails below.
    notify(WorkspaceChangeKind::Renamed, to, ws->name());
    if (auto meta = renamed.metadata(); meta) {
        meta->name = to;
        meta->updated = QDateTime::currentDateTimeUtc();
        HM_TRY(meta->save(renamed.metadataFile()));
    }
    auto settings = AppSettings::load(m_paths.settingsFile());
    if (!settings)
        return settings.error().context(
            QStringLiteral("'%1' is renamed to '%2', but the settings cannot be read to see "
                           "whether it is the current workspace")
                .arg(ws->name(), to));
    if (WorkspaceName::same(settings->currentWorkspace(), ws->name())) {
        settings->setCurrentWorkspace(to);
        HM_TRY(settings->save(m_paths.settingsFile()));
    }
    return renamed;
}

Status WorkspaceRegistry::remove(const QString &name, bool confirmed)
{
    auto ws = find(name);
    if (!ws)
        return ws.error();
    if (!confirmed) {
        auto info = describe(*ws, {});
        qint64 files = 0, bytes = 0;
        if (info) {
            for (const LayerTotals &t : std::as_const(info->totals)) {
                files += t.files;
                bytes += t.bytes;
            }
        }
        return Error::invalid(
            QStringLiteral("deleting workspace '%1' removes its folder with %2 files "
                           "(%3 bytes) from this machine; confirm to delete")
                .arg(ws->name())
                .arg(files)
                .arg(bytes));
    }
    RegistryLock lock(m_paths);
    HM_TRY(lock.acquire());
    // Moving to the trash first makes the workspace vanish atomically; the slow removal follows.
    if (!QDir().mkpath(m_paths.trashDir()))
        return Error::io(QStringLiteral("cannot create '%1'").arg(m_paths.trashDir()));
    const QString trashed =
        m_paths.trashDir() +
        QStringLiteral("/%1-%2").arg(ws->name()).arg(QDateTime::currentMSecsSinceEpoch());
    HM_TRY(renameNoReplace(ws->root(), trashed,
                           QStringLiteral("trash entry for '%1'").arg(ws->name())));
    if (!QDir(trashed).removeRecursively())
        qWarning("hawkmoth: could not remove every file of '%s'; leftovers are in the trash folder",
                 qUtf8Printable(trashed));
    notify(WorkspaceChangeKind::Removed, ws->name());
    auto settings = AppSettings::load(m_paths.settingsFile());
    if (settings && WorkspaceName::same(settings->currentWorkspace(), ws->name())) {
        const QStringList remaining = folderNames();
        const QString fallback = remaining.contains(QString::fromLatin1(defaultName))
                                     ? QString::fromLatin1(defaultName)
                                     : remaining.value(0);
        settings->setCurrentWorkspace(fallback);
        HM_TRY(settings->save(m_paths.settingsFile()));
        notify(WorkspaceChangeKind::Current, fallback);
    }
    return {};
}

} // namespace hawkmoth
