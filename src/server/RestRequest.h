#pragma once
// One request as a route sees it: the query, the JSON body's fields, the captures of the path
// pattern and the headers, with typed access that names the field when it is missing or of the
// wrong type. A field may come in the body or the query; the body wins.

#include "Result.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace hawkmoth {

class RestRequest
{
public:
    RestRequest(QHash<QString, QString> query, QJsonObject body, QStringList captures,
                QHash<QByteArray, QByteArray> headers)
        : m_query(std::move(query))
        , m_body(std::move(body))
        , m_captures(std::move(captures))
        , m_headers(std::move(headers))
    {}

    bool has(const QString &field) const
    {
        return m_body.contains(field) || m_query.contains(field);
    }
    // The field as text; empty when absent.
    Result<QString> text(const QString &field) const;
    // The field as non-empty text: 400 naming the field when it is missing.
    Result<QString> required(const QString &field) const;
    // true/false in the body, or true/false/1/0 (or an empty value) in the query.
    Result<bool> flag(const QString &field) const;
    // The workspace to act on; empty = the current one.
    Result<QString> workspace() const { return text(QStringLiteral("workspace")); }
    QString capture(int index) const { return m_captures.value(index); }
    // A header by its lower-case name; empty when absent.
    QByteArray header(const QByteArray &lowerName) const { return m_headers.value(lowerName); }
    const QJsonObject &body() const { return m_body; }

private:
    QHash<QString, QString> m_query;
    QJsonObject m_body;
    QStringList m_captures;
    QHash<QByteArray, QByteArray> m_headers;
};

} // namespace hawkmoth
