#include "ImportPlanner.h"

#include "PathParts.h"
#include "PathValidator.h"
#include "PosixFile.h"
#include "UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>

namespace hawkmoth {

namespace {

// A walk with a FilesFound hands over its files after each folder and at least this often.
constexpr qsizetype handOverFiles = 256;

bool within(const QString &path, const QString &folder)
{
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

// Another repository's or workspace's own data: never part of the files imported.
QString internalFolderReason(const QString &name)
{
    if (name.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("another repository's git data; never imported");
    if (name.compare(QLatin1String(".hawkmoth"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("another workspace's HAWKMOTH data; never imported");
    return {};
}

} // namespace

ImportPlanner::ImportPlanner(QString workspaceRoot, QString dataRoot)
    : m_canonicalWorkspace(QFileInfo(workspaceRoot).canonicalFilePath())
    , m_canonicalDataRoot(QFileInfo(dataRoot).canonicalFilePath())
{}

void ImportPlanner::addFile(ImportPlan &plan, const QString &source, const QString &target,
                            qint64 size, bool plain) const
{
    if (plain && PathValidator::fitsPathBytes(target)) {
        plan.files.append({source, target, size});
        return;
    }
    auto normalised = PathValidator::normalize(target);
    if (!normalised) {
        plan.errors.append({normalised.error().code, source, target,
                            QStringLiteral("%1: %2").arg(source, normalised.error().message)});
        return;
    }
    plan.files.append({source, *normalised, size});
}

Result<QList<ImportPlanner::Root>> ImportPlanner::prepare(const QStringList &sources,
                                                          const QString &destDir,
                                                          const QHash<QString, QString> &names,
                                                          ImportPlan &plan) const
{
    QList<Root> roots;
    for (const QString &source : sources) {
        const QFileInfo info(source);
        if (!info.exists()) {
            plan.errors.append({ErrorCode::NotFound,
                                source,
                                {},
                                QStringLiteral("%1: no such file or folder").arg(source)});
            continue;
        }
        const QString canonical = info.canonicalFilePath();
        if (within(canonical, m_canonicalWorkspace)) {
            plan.errors.append({ErrorCode::InvalidArgument,
                                source,
                                {},
                                QStringLiteral("%1: already inside the workspace").arg(source)});
            continue;
        }
        // Copying the data root into a workspace would copy the workspace into itself, live
        // index included.
        for (const QString &own : {m_canonicalDataRoot, m_canonicalWorkspace}) {
            if (!own.isEmpty() && within(own, canonical))
                return Error::invalid(
                    QStringLiteral("cannot import '%1': it holds HAWKMOTH's data ('%2'); import "
                                   "the folders you need from inside it instead")
                        .arg(source, own));
        }
        const QString name = names.value(source, info.fileName());
        if (info.isFile()) {
            addFile(plan, source, joinPath(destDir, name), info.size(), false);
            continue;
        }
        if (!info.isDir()) {
            plan.skipped.append({source, QStringLiteral("it is not a regular file or folder")});
            continue;
        }
        if (const QString why = internalFolderReason(info.fileName()); !why.isEmpty()) {
            plan.skipped.append({source, why});
            continue;
        }
        roots.append({source, canonical, joinPath(destDir, name)});
    }
    return roots;
}

bool ImportPlanner::walkRoot(const Root &root, ImportPlan &plan, const FilesFound &filesFound) const
{
    // The base's names are checked once here, each name below as the walk meets it.
    const auto checked = PathValidator::normalize(root.target);
    DirHandle dir(::opendir(QFile::encodeName(root.source).constData()));
    if (!dir) {
        plan.skipped.append(
            {root.source, QStringLiteral("cannot read the folder: %1").arg(describeErrno(errno))});
        return filesFound(plan);
    }
    return walk(Walk{root.canonical, root.target, plan, filesFound}, std::move(dir), root.source,
                QString(), checked && *checked == root.target);
}

void ImportPlanner::DirCloser::operator()(DIR *dir) const
{
    ::closedir(dir);
}

ImportPlanner::DirHandle ImportPlanner::openBelow(DIR *dir, const char *name)
{
    // Without following a link: a folder swapped for one since its stat is refused.
    UniqueFd fd(::openat(::dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid())
        return {};
    DirHandle below(::fdopendir(fd.get()));
    if (below)
        fd.release(); // the DIR owns it now
    return below;
}

bool ImportPlanner::walk(const Walk &w, DirHandle dir, const QString &folder,
                         const QString &relative, bool plain) const
{
    while (dirent *entry = ::readdir(dir.get())) {
        const QByteArrayView raw(entry->d_name);
        if (raw == "." || raw == "..")
            continue;
        if (!raw.isValidUtf8()) {
            w.plan.skipped.append({folder + QLatin1Char('/') + escapedName(raw), notUtf8Reason()});
            continue;
        }
        const QString name = QString::fromUtf8(raw);
        const QString path = folder + QLatin1Char('/') + name;
        const QString rel = joinPath(relative, name);
        auto st = statAt(::dirfd(dir.get()), entry->d_name, path);
        if (!st || !st->has_value()) {
            w.plan.skipped.append(
                {path, st ? QStringLiteral("vanished while it was read") : st.error().message});
            continue;
        }
        const PathStat &s = **st;
        const bool plainBelow = plain && PathValidator::isPlainComponent(name);
        if (s.isDir()) {
            if (const QString why = internalFolderReason(name); !why.isEmpty())
                w.plan.skipped.append({path, why});
            else if (DirHandle below = openBelow(dir.get(), entry->d_name)) {
                if (!walk(w, std::move(below), path, rel, plainBelow))
                    return false;
            } else
                w.plan.skipped.append(
                    {path, QStringLiteral("cannot read the folder: %1").arg(describeErrno(errno))});
        } else if (s.isRegular()) {
            addFile(w.plan, path, joinPath(w.targetBase, rel), s.size, plainBelow);
            if (w.plan.files.size() >= handOverFiles && !w.filesFound(w.plan))
                return false;
        } else if (s.isSymLink()) {
            addLink(w, path, rel);
        } else {
            w.plan.skipped.append(
                {path,
                 QStringLiteral("it is %1, not a regular file").arg(describeFileType(s.mode))});
        }
    }
    return w.filesFound(w.plan);
}

void ImportPlanner::addLink(const Walk &w, const QString &link, const QString &relative) const
{
    // Links are never followed: one that resolves inside the imported folder is recreated as a
    // relative link to the same place; one that leads out (or nowhere) is left out.
    const QString resolved = QFileInfo(link).canonicalFilePath();
    if (resolved.isEmpty()) {
        w.plan.skipped.append({link, QStringLiteral("a symbolic link that leads nowhere")});
        return;
    }
    if (!within(resolved, w.canonicalSource)) {
        w.plan.skipped.append(
            {link, QStringLiteral("a symbolic link to '%1', outside the imported folder; not "
                                  "followed")
                       .arg(resolved)});
        return;
    }
    const QString targetRel = resolved.mid(w.canonicalSource.size() + 1);
    for (const QString &part : targetRel.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (!internalFolderReason(part).isEmpty()) {
            w.plan.skipped.append(
                {link,
                 QStringLiteral("a symbolic link into '%1', which is never imported").arg(part)});
            return;
        }
    }
    const QString linkFolder = QFileInfo(QLatin1Char('/') + relative).path();
    const QString text = QDir(linkFolder).relativeFilePath(QLatin1Char('/') + targetRel);
    auto target = PathValidator::normalize(joinPath(w.targetBase, relative));
    if (!target) {
        w.plan.errors.append({target.error().code,
                              link,
                              {},
                              QStringLiteral("%1: %2").arg(link, target.error().message)});
        return;
    }
    w.plan.links.append({link, *target, text.isEmpty() ? QStringLiteral(".") : text});
}

} // namespace hawkmoth
