#pragma once
// gitignore-style path patterns for the layer policy: "*.tmp" matches a base name at any depth,
// "scratch/**" everything below a root folder, "**/build/*.o" any depth, "dir/" a whole folder.

#include <QRegularExpression>
#include <QString>

namespace hawkmoth {

class GlobPattern
{
public:
    explicit GlobPattern(const QString &pattern, Qt::CaseSensitivity cs = Qt::CaseInsensitive);

    bool isValid() const { return m_regex.isValid(); }
    const QString &pattern() const { return m_pattern; }
    // path: normalised, relative, '/'-separated.
    bool matches(const QString &path) const;

private:
    QString m_pattern;
    QRegularExpression m_regex;
};

} // namespace hawkmoth
