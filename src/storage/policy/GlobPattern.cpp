#include "GlobPattern.h"

namespace hawkmoth {

namespace {

// Translates one glob to a regular expression body. "**" crosses folders, "*" and "?" do not.
QString translate(const QString &glob)
{
    QString rx;
    for (int i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            const bool doubleStar = i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('*');
            if (doubleStar) {
                const bool slashAfter = i + 2 < glob.size() && glob.at(i + 2) == QLatin1Char('/');
                if (slashAfter) {
                    rx += QStringLiteral("(?:.*/)?"); // "**/" : zero or more folders
                    i += 2;
                } else {
                    rx += QStringLiteral(".*");
                    i += 1;
                }
            } else {
                rx += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            rx += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const int close = glob.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                rx += QStringLiteral("\\[");
                continue;
            }
            QString cls = glob.mid(i + 1, close - i - 1);
            if (cls.startsWith(QLatin1Char('!')))
                cls[0] = QLatin1Char('^');
            rx += QLatin1Char('[') + cls.replace(QLatin1Char('\\'), QStringLiteral("\\\\")) +
                  QLatin1Char(']');
            i = close;
        } else {
            rx += QRegularExpression::escape(QString(c));
        }
    }
    return rx;
}

} // namespace

GlobPattern::GlobPattern(const QString &pattern, Qt::CaseSensitivity cs)
    : m_pattern(pattern)
{
    QString glob = pattern.trimmed();
    if (glob.endsWith(QLatin1Char('/')))
        glob += QStringLiteral("**"); // "dir/" names the folder and everything in it
    const bool anchored = glob.contains(QLatin1Char('/'));
    if (glob.startsWith(QLatin1Char('/')))
        glob.remove(0, 1);
    // Without a slash a pattern matches the base name at any depth, as in .gitignore.
    const QString body = anchored ? translate(glob) : QStringLiteral("(?:.*/)?") + translate(glob);
    QRegularExpression::PatternOptions options = QRegularExpression::DontCaptureOption;
    if (cs == Qt::CaseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    m_regex = QRegularExpression(QRegularExpression::anchoredPattern(body), options);
    m_regex.optimize();
}

bool GlobPattern::matches(const QString &path) const
{
    return m_regex.match(path).hasMatch();
}

} // namespace hawkmoth
