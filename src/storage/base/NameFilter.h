#pragma once
// What the project tree's filter box means, in one place for the tree (rows already loaded) and
// the index search (the rest of the workspace): text found anywhere in a file or folder name,
// case-insensitively; '*' and '?' make it a wildcard.

#include <QRegularExpression>
#include <QString>

namespace hawkmoth {

class NameFilter
{
public:
    explicit NameFilter(const QString &text);

    bool isEmpty() const { return m_empty; }
    const QRegularExpression &expression() const { return m_expression; }
    bool matches(QStringView name) const;
    // The shortest part of path ('/'-separated) whose last name matches: the file itself, or
    // the outermost matching folder above it; empty when nothing on the way matches.
    QString firstMatch(QStringView path) const;

private:
    QRegularExpression m_expression;
    bool m_empty;
};

} // namespace hawkmoth
