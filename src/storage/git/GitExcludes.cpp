#include "GitExcludes.h"

#include "AtomicWriter.h"

#include <QDir>
#include <QFile>

namespace hawkmoth::git {

QByteArray Excludes::pattern(const QString &path)
{
    QByteArray out = "/";
    const QByteArray utf8 = path.toUtf8();
    for (const char c : utf8) {
        // Wildcards and the escape itself are escaped; "#" and "!" only matter first, and the
        // leading "/" already protects them.
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            out += '\\';
        out += c;
    }
    if (out.endsWith(' '))
        out.insert(out.size() - 1, '\\'); // trailing spaces are otherwise dropped
    return out;
}

QByteArray Excludes::render(const QByteArray &current, const QStringList &excludedPaths)
{
    QByteArray block = QByteArray(beginMarker) + '\n';
    block += "/.hawkmoth/*\n!/.hawkmoth/manifest.json\n!/.hawkmoth/policy.json\n";
    QStringList sorted = excludedPaths;
    sorted.sort();
    for (const QString &p : std::as_const(sorted))
        block += pattern(p) + '\n';
    block += QByteArray(endMarker) + '\n';

    const qsizetype begin = current.indexOf(beginMarker);
    const qsizetype end = begin < 0 ? -1 : current.indexOf(endMarker, begin);
    if (begin < 0 || end < 0) {
        QByteArray out = current;
        if (!out.isEmpty() && !out.endsWith('\n'))
            out += '\n';
        return out + block;
    }
    qsizetype after = end + qsizetype(qstrlen(endMarker));
    if (after < current.size() && current.at(after) == '\n')
        ++after;
    return current.left(begin) + block + current.mid(after);
}

Status Excludes::update(const QString &gitDir, const QStringList &excludedPaths)
{
    const QString file = gitDir + QStringLiteral("info/exclude");
    QByteArray current;
    {
        QFile f(file);
        if (f.exists()) {
            if (!f.open(QIODevice::ReadOnly))
                return Error::io(QStringLiteral("cannot read '%1': %2").arg(file, f.errorString()));
            current = f.readAll();
        }
    }
    const QByteArray next = render(current, excludedPaths);
    if (next == current)
        return {};
    return AtomicWriter::writeFile(file, next);
}

} // namespace hawkmoth::git
