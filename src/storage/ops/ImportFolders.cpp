#include "ImportFolders.h"

#include "AtomicWriter.h"
#include "FileSystemCalls.h"
#include "PathParts.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace hawkmoth {

ImportFolders::ImportFolders(const Workspace &workspace)
    : m_workspace(workspace)
{}

Result<ImportFolders::Place> ImportFolders::place(const QString &path)
{
    // The name's own checks (reserved names such as .git, lengths) ran where path was made.
    const QString folder = parentFolder(path);
    const auto known = m_folders.constFind(folder);
    if (known == m_folders.constEnd()) {
        if (auto below = belowMadeFolder(path))
            return Place{*below, false, false};
    } else {
        const QString name = nameIn(folder, path);
        Place found{known->absolute + QLatin1Char('/') + name, false, false};
        if (known->made) {
            // Nothing but this run's files and folders is in a folder it made: no lookup, which
            // would also wait for the folder's block while a batch's flush writes it.
            found.isDir = m_folders.contains(path);
            found.onDisk = found.isDir || m_placedInMade.contains(path);
            return found;
        }
        auto handle = open(folder);
        if (!handle)
            return handle.error();
        auto st = (*handle)->statName(QFile::encodeName(name));
        if (!st)
            return st.error();
        if (!st->has_value())
            return found; // nothing there yet: the common case, one system call
        // A link at the name itself takes the full check below, which says where it leads.
        if (!S_ISLNK((*st)->st_mode)) {
            found.onDisk = true;
            found.isDir = S_ISDIR((*st)->st_mode);
            return found;
        }
    }
    auto absolute = m_workspace.resolve(path);
    if (!absolute)
        return absolute.error();
    const QFileInfo info(*absolute);
    return Place{*absolute, info.exists(), info.isDir()};
}

std::optional<QString> ImportFolders::belowMadeFolder(const QString &path) const
{
    for (QString above = parentFolder(path);; above = parentFolder(above)) {
        const auto known = m_folders.constFind(above);
        if (known != m_folders.constEnd()) {
            if (!known->made)
                return std::nullopt;
            return known->absolute + QLatin1Char('/') + nameIn(above, path);
        }
        if (above.isEmpty())
            return std::nullopt;
    }
}

Result<ImportFolders::Folder> ImportFolders::makeFolderOf(const QString &path)
{
    const QString folder = parentFolder(path);
    HM_TRY(makeFolder(folder));
    return m_folders.value(folder);
}

Status ImportFolders::makeFolder(const QString &folder)
{
    if (m_folders.contains(folder))
        return {};
    if (!folder.isEmpty()) {
        const QString parent = parentFolder(folder);
        HM_TRY(makeFolder(parent));
        auto made = makeFromParent(folder, parent);
        if (!made)
            return made.error();
        if (*made)
            return {};
    }
    return makeChecked(folder);
}

Result<bool> ImportFolders::makeFromParent(const QString &folder, const QString &parent)
{
    const Folder above = m_folders.value(parent);
    auto parentHandle = open(parent);
    if (!parentHandle)
        return parentHandle.error();
    const std::shared_ptr<const FolderHandle> keep = *parentHandle;
    const QString childName = nameIn(parent, folder);
    const QByteArray name = QFile::encodeName(childName);
    auto made = keep->makeChild(name);
    if (!made)
        return made.error();
    auto child = keep->openChild(name);
    if (!child)
        return child.error();
    if (!child->has_value())
        return false; // a link or a file: the full checks say whether and where it leads
    Folder known{above.absolute + QLatin1Char('/') + childName, above.stagingServes, *made};
    // A folder that was there may be another file system's mount point.
    if (!*made && !(*child)->sameFileSystem(*keep)) {
        auto serves = AtomicWriter::stagingServes(m_workspace.stagingDir(), known.absolute);
        if (!serves)
            return serves.error();
        known.stagingServes = *serves;
    }
    m_folders.insert(folder, known);
    adopt(folder, std::move(**child));
    return true;
}

Status ImportFolders::makeChecked(const QString &folder)
{
    auto absolute = m_workspace.resolve(folder, true);
    if (!absolute)
        return absolute.error();
    const bool made = !QFileInfo(*absolute).isDir();
    HM_TRY(ensureFolder(*absolute, m_workspace.root()));
    auto serves = AtomicWriter::stagingServes(m_workspace.stagingDir(), *absolute);
    if (!serves)
        return serves.error();
    m_folders.insert(folder, {*absolute, *serves, made});
    return {};
}

Result<std::shared_ptr<const FolderHandle>> ImportFolders::openFolderOf(const QString &path)
{
    return open(parentFolder(path));
}

Result<std::shared_ptr<const FolderHandle>> ImportFolders::open(const QString &folder)
{
    if (!m_open || m_openPath != folder) {
        auto opened = FolderHandle::open(m_folders.value(folder).absolute);
        if (!opened)
            return opened.error();
        adopt(folder, std::move(*opened));
    }
    return m_open;
}

void ImportFolders::adopt(const QString &folder, FolderHandle handle)
{
    m_open = std::make_shared<const FolderHandle>(std::move(handle));
    m_openPath = folder;
    ++m_opened;
}

void ImportFolders::notePlaced(const QString &path, const Folder &folder)
{
    if (folder.made)
        m_placedInMade.insert(path);
}

} // namespace hawkmoth
