#include "TemplateLibrary.h"

#include "AtomicWriter.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

namespace hawkmoth {

namespace {

const QString resourceRoot = QStringLiteral(":/templates/");

// Dot files are stored without their dot so that they do not act on HAWKMOTH's own repository.
QString targetName(const QString &relative)
{
    QStringList parts = relative.split(QLatin1Char('/'));
    QString &last = parts.last();
    if (last == QLatin1String("gitignore") || last == QLatin1String("gitattributes"))
        last.prepend(QLatin1Char('.'));
    return parts.join(QLatin1Char('/'));
}

} // namespace

QStringList TemplateLibrary::names()
{
    QStringList out{QStringLiteral("empty")};
    const QStringList shipped = QDir(resourceRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : shipped) {
        if (!out.contains(name))
            out.append(name);
    }
    out.sort();
    return out;
}

bool TemplateLibrary::exists(const QString &name)
{
    return names().contains(name);
}

Result<QStringList> TemplateLibrary::instantiate(const QString &name, const QString &folder)
{
    if (!exists(name))
        return Error::invalid(QStringLiteral("unknown template '%1'; choose one of: %2")
                                  .arg(name, names().join(QStringLiteral(", "))));
    QStringList written;
    const QString base = resourceRoot + name;
    QDirIterator it(base, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString relative = targetName(source.mid(base.size() + 1));
        QFile in(source);
        if (!in.open(QIODevice::ReadOnly))
            return Error::internal(QStringLiteral("template file '%1' is unreadable").arg(source));
        HM_TRY(AtomicWriter::writeFile(folder + QLatin1Char('/') + relative, in.readAll()));
        written.append(relative);
    }
    written.sort();
    return written;
}

} // namespace hawkmoth
