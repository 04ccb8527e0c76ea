#include "NameFilter.h"

namespace hawkmoth {

NameFilter::NameFilter(const QString &text)
    : m_empty(text.trimmed().isEmpty())
{
    const QString trimmed = text.trimmed();
    const bool wildcard = trimmed.contains(QLatin1Char('*')) || trimmed.contains(QLatin1Char('?'));
    const QString pattern = wildcard
                                ? QRegularExpression::wildcardToRegularExpression(
                                      trimmed, QRegularExpression::UnanchoredWildcardConversion)
                                : QRegularExpression::escape(trimmed);
    m_expression = QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
    m_expression.optimize();
}

bool NameFilter::matches(QStringView name) const
{
    return m_empty || m_expression.match(name).hasMatch();
}

QString NameFilter::firstMatch(QStringView path) const
{
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf(QLatin1Char('/'), start);
        if (end < 0)
            end = path.size();
        if (matches(path.mid(start, end - start)))
            return path.left(end).toString();
        start = end + 1;
    }
    return {};
}

} // namespace hawkmoth
