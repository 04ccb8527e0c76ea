#include "ImportNames.h"

#include "CopyName.h"

#include <QFileInfo>

namespace hawkmoth {

ImportNames::ImportNames(const Workspace &workspace, OnExists onExists)
    : m_workspace(workspace)
    , m_onExists(onExists)
{}

std::optional<QString> ImportNames::placeFor(const QString &source, const QString &target,
                                             bool targetOnDisk, ImportReport &report)
{
    // Free on disk and in this run (the caller resolves the place it gets, refusing a bad one).
    auto taken = [this](const QString &absolute, const QString &path) {
        return QFileInfo::exists(absolute) || m_claimed.contains(path);
    };
    if (!targetOnDisk && !m_claimed.contains(target))
        return target;
    switch (m_onExists) {
    case OnExists::Replace:
        return target;
    case OnExists::Refuse:
        report.fail(
            {ErrorCode::AlreadyExists, source, target,
             QStringLiteral("%1: '%2' already exists; not overwritten").arg(source, target)});
        return std::nullopt;
    case OnExists::Skip:
        report.skipped.append({source, QStringLiteral("'%1' already exists").arg(target)});
        return std::nullopt;
    case OnExists::KeepBoth:
        break;
    }
    for (int n = 2;; ++n) {
        const QString numbered = copyPathWith(target, QStringLiteral(" (%1)").arg(n));
        auto absolute = m_workspace.resolve(numbered);
        if (!absolute) {
            report.fail({absolute.error().code, source, numbered,
                         QStringLiteral("%1: %2").arg(source, absolute.error().message)});
            return std::nullopt;
        }
        if (!taken(*absolute, numbered)) {
            m_claimed.insert(numbered);
            return numbered;
        }
    }
}

QHash<QString, QString> ImportNames::placeFolders(QStringList &sources, const QString &dest,
                                                  ImportReport &report)
{
    QHash<QString, QString> names;
    if (m_onExists != OnExists::KeepBoth && m_onExists != OnExists::Skip)
        return names;
    const auto within = [&dest](const QString &name) {
        return dest.isEmpty() ? name : QString(dest + QLatin1Char('/') + name);
    };
    QStringList kept;
    for (const QString &source : std::as_const(sources)) {
        const QFileInfo info(source);
        const QString target = within(info.fileName());
        auto absolute = m_workspace.resolve(target);
        // Anything wrong with the name is the planner's to report.
        if (!info.isDir() || !absolute || !QFileInfo::exists(*absolute)) {
            kept.append(source);
            continue;
        }
        if (m_onExists == OnExists::Skip) {
            report.skipped.append({source, QStringLiteral("'%1' already exists").arg(target)});
            continue;
        }
        kept.append(source);
        for (int n = 2;; ++n) {
            const QString name = QStringLiteral("%1 (%2)").arg(info.fileName()).arg(n);
            auto free = m_workspace.resolve(within(name));
            if (!free)
                break; // too long a name: the files are numbered one by one instead
            if (!QFileInfo::exists(*free) && !m_claimed.contains(within(name))) {
                m_claimed.insert(within(name));
                names.insert(source, name);
                break;
            }
        }
    }
    sources = kept;
    return names;
}

} // namespace hawkmoth
