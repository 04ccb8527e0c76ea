#include "PathValidator.h"

#include <QDir>
#include <QFileInfo>

namespace hawkmoth {

namespace {

bool isReservedComponent(const QString &component, bool first)
{
    // git refuses ".git" in any component on any case-insensitive file system; so do we.
    if (component.compare(QLatin1String(".git"), Qt::CaseInsensitive) == 0)
        return true;
    return first && component.compare(QLatin1String(".hawkmoth"), Qt::CaseInsensitive) == 0;
}

bool isControlCharacter(QChar c)
{
    return c.unicode() < 0x20 || c.unicode() == 0x7f;
}

// UTF-8 takes at most three bytes per UTF-16 unit: most names need no conversion to be measured.
bool fitsBytes(const QString &text, int limit)
{
    return text.size() * 3 <= limit || text.toUtf8().size() <= limit;
}

} // namespace

Result<QString> PathValidator::normalize(const QString &path, bool allowRoot)
{
    if (path.contains(QChar(0)))
        return Error::invalid(QStringLiteral("path contains a NUL character"));
    for (const QChar c : path) {
        if (isControlCharacter(c))
            return Error::invalid(QStringLiteral("path '%1' contains a control character")
                                      .arg(QString(path).replace(c, QLatin1Char('?'))));
    }
    if (path.contains(QLatin1Char('\\')))
        return Error::invalid(
            QStringLiteral("path '%1' contains a backslash; use '/' between folders").arg(path));
    if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('~')) ||
        (path.size() >= 2 && path.at(1) == QLatin1Char(':') && path.at(0).isLetter()))
        return Error::invalid(
            QStringLiteral("path '%1' is absolute; give a path relative to the workspace")
                .arg(path));

    QStringList parts;
    const QStringList raw = path.split(QLatin1Char('/'));
    for (const QString &component : raw) {
        if (component.isEmpty() || component == QLatin1String("."))
            continue;
        if (component == QLatin1String(".."))
            return Error::invalid(
                QStringLiteral("path '%1' leads out of the workspace ('..' is not allowed)")
                    .arg(path));
        if (!fitsBytes(component, maxComponentBytes))
            return Error::invalid(QStringLiteral("name '%1…' is longer than %2 bytes")
                                      .arg(component.left(40))
                                      .arg(maxComponentBytes));
        if (isReservedComponent(component, parts.isEmpty()))
            return Error::invalid(
                QStringLiteral("path '%1' names '%2', which is reserved for HAWKMOTH and git")
                    .arg(path, component));
        parts.append(component);
    }
    const QString normalized = parts.join(QLatin1Char('/'));
    if (normalized.isEmpty() && !allowRoot)
        return Error::invalid(QStringLiteral("empty path: name a file inside the workspace"));
    if (!fitsPathBytes(normalized))
        return Error::invalid(QStringLiteral("path is longer than %1 bytes (%2 bytes given)")
                                  .arg(maxPathBytes)
                                  .arg(normalized.toUtf8().size()));
    return normalized;
}

Result<QString> PathValidator::resolveInside(const QString &root, const QString &path,
                                             bool allowRoot)
{
    auto normalized = normalize(path, allowRoot);
    if (!normalized)
        return normalized.error();

    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    if (canonicalRoot.isEmpty())
        return Error::notFound(QStringLiteral("workspace folder '%1' does not exist").arg(root));
    const QString absolute =
        normalized->isEmpty() ? canonicalRoot : canonicalRoot + QLatin1Char('/') + *normalized;

    // Walk the existing prefixes: each one must resolve to a place under the root. A dangling
    // symlink is refused too, since writing through it would create a file elsewhere.
    QString prefix = canonicalRoot;
    const QStringList parts = normalized->split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &component : parts) {
        prefix += QLatin1Char('/') + component;
        const QFileInfo info(prefix);
        if (info.isSymLink()) {
            const QString target = info.canonicalFilePath();
            if (target.isEmpty())
                return Error::invalid(
                    QStringLiteral("path '%1' goes through a broken symlink").arg(*normalized));
            if (target != canonicalRoot && !target.startsWith(canonicalRoot + QLatin1Char('/')))
                return Error::invalid(
                    QStringLiteral(
                        "path '%1' goes through a symlink that leads out of the workspace")
                        .arg(*normalized));
        } else if (!info.exists()) {
            break; // nothing below a missing component can be a link yet
        }
    }
    return absolute;
}

bool PathValidator::isReserved(const QString &normalizedPath)
{
    const QStringList parts = normalizedPath.split(QLatin1Char('/'));
    for (int i = 0; i < parts.size(); ++i) {
        if (isReservedComponent(parts.at(i), i == 0))
            return true;
    }
    return false;
}

bool PathValidator::isPlainComponent(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String("..") ||
        !fitsBytes(name, maxComponentBytes) || isReservedComponent(name, false))
        return false;
    for (const QChar c : name) {
        if (isControlCharacter(c) || c == QLatin1Char('\\') || c == QLatin1Char('/'))
            return false;
    }
    return true;
}

bool PathValidator::fitsPathBytes(const QString &path)
{
    return fitsBytes(path, maxPathBytes);
}

} // namespace hawkmoth
