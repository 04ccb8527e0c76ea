#include "RestRequest.h"

namespace hawkmoth {

Result<QString> RestRequest::text(const QString &field) const
{
    if (m_body.contains(field)) {
        const QJsonValue v = m_body.value(field);
        if (v.isNull())
            return QString();
        if (!v.isString())
            return Error::invalid(QStringLiteral("field '%1' must be a string").arg(field));
        return v.toString();
    }
    return m_query.value(field);
}

Result<QString> RestRequest::required(const QString &field) const
{
    auto value = text(field);
    if (!value)
        return value;
    if (value->isEmpty())
        return Error::invalid(QStringLiteral("missing field '%1'").arg(field));
    return value;
}

Result<bool> RestRequest::flag(const QString &field) const
{
    if (m_body.contains(field)) {
        const QJsonValue v = m_body.value(field);
        if (v.isNull())
            return false;
        if (!v.isBool())
            return Error::invalid(QStringLiteral("field '%1' must be true or false").arg(field));
        return v.toBool();
    }
    if (!m_query.contains(field))
        return false;
    const QString v = m_query.value(field).toLower();
    if (v.isEmpty() || v == QLatin1String("true") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0"))
        return false;
    return Error::invalid(QStringLiteral("parameter '%1' must be true or false").arg(field));
}

} // namespace hawkmoth
