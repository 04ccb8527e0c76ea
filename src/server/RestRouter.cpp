#include "RestRouter.h"

#include <QJsonDocument>

namespace hawkmoth {

namespace {

// "/storage/jobs/{id}" as an anchored pattern: {name} takes a number. Compiled here, on the thread
// that builds the table, so that the HTTP threads only read it.
QRegularExpression pattern(const QByteArray &path)
{
    static const QRegularExpression capture(QStringLiteral("\\\\\\{[a-z]+\\\\\\}")); // "\{id\}"
    QString escaped = QRegularExpression::escape(QString::fromLatin1(path));
    escaped.replace(capture, QStringLiteral("([0-9]{1,18})"));
    QRegularExpression compiled(QRegularExpression::anchoredPattern(escaped));
    compiled.optimize();
    return compiled;
}

} // namespace

void RestRouter::add(const QByteArray &method, const QByteArray &path, JsonHandler handler)
{
    m_routes.append({method, path, std::move(handler), {}, pattern(path)});
}

void RestRouter::addRaw(const QByteArray &method, const QByteArray &path, RawHandler handler)
{
    m_routes.append({method, path, {}, std::move(handler), pattern(path)});
}

std::optional<RestRouter::Match> RestRouter::match(QByteArrayView method, const QString &path) const
{
    for (const Route &route : m_routes) {
        if (route.method != method)
            continue;
        const QRegularExpressionMatch m = route.pattern.match(path);
        if (!m.hasMatch())
            continue;
        Match found{&route, {}};
        for (int i = 1; i <= m.lastCapturedIndex(); ++i)
            found.captures.append(m.captured(i));
        return found;
    }
    return std::nullopt;
}

Result<QJsonObject> RestRouter::parseBody(const QByteArray &raw)
{
    if (raw.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.object();
    const QString why =
        error.error != QJsonParseError::NoError
            ? QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset)
            : QStringLiteral("it is not an object");
    return Error::invalid(QStringLiteral("the body is not a JSON object: %1").arg(why));
}

} // namespace hawkmoth
