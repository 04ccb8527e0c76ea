#include "RestRouter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <httplib.h>

namespace hawkmoth {

namespace {

// "/storage/jobs/{id}" as the anchored pattern httplib matches: {name} takes a number.
std::string pattern(const QByteArray &path)
{
    static const QRegularExpression capture(QStringLiteral("\\{[a-z]+\\}"));
    QString p = QString::fromLatin1(path);
    p.replace(QLatin1Char('.'), QStringLiteral("\\."));
    p.replace(capture, QStringLiteral("([0-9]+)"));
    return p.toStdString();
}

} // namespace

void RestRouter::add(const QByteArray &method, const QByteArray &path, JsonHandler handler)
{
    m_routes.append({method, path, std::move(handler), {}});
}

void RestRouter::addRaw(const QByteArray &method, const QByteArray &path, RawHandler handler)
{
    m_routes.append({method, path, {}, std::move(handler)});
}

void RestRouter::install(httplib::Server &server) const
{
    for (const Route &route : m_routes) {
        auto serve = [route](const httplib::Request &req, httplib::Response &res,
                             const httplib::ContentReader *reader) {
            if (route.raw)
                route.raw(req, res, reader);
            else
                serveJson(route, req, res, reader);
        };
        const std::string p = pattern(route.path);
        // Requests with a body are read by the route itself: a JSON body up to its limit, an
        // upload streamed to disk.
        auto withBody = [serve](const httplib::Request &req, httplib::Response &res,
                                const httplib::ContentReader &reader) { serve(req, res, &reader); };
        if (route.method == "GET")
            server.Get(p, [serve](const httplib::Request &req, httplib::Response &res) {
                serve(req, res, nullptr);
            });
        else if (route.method == "POST")
            server.Post(p, withBody);
        else if (route.method == "DELETE")
            server.Delete(p, withBody);
    }
}

void RestRouter::write(const RestReply &reply, httplib::Response &res)
{
    const QJsonDocument doc = reply.body.isArray() ? QJsonDocument(reply.body.toArray())
                                                   : QJsonDocument(reply.body.toObject());
    const QByteArray json = doc.toJson(QJsonDocument::Compact);
    res.status = reply.status;
    res.set_content(json.constData(), size_t(json.size()), "application/json");
}

RestRequest RestRouter::request(const httplib::Request &req, const QJsonObject &body)
{
    QHash<QString, QString> query;
    for (const auto &[key, value] : req.params)
        query.insert(QString::fromStdString(key), QString::fromStdString(value));
    QStringList captures;
    for (size_t i = 1; i < req.matches.size(); ++i)
        captures.append(QString::fromStdString(req.matches[i].str()));
    QHash<QByteArray, QByteArray> headers;
    for (const auto &[key, value] : req.headers)
        headers.insert(QByteArray::fromStdString(key).toLower(), QByteArray::fromStdString(value));
    return RestRequest(std::move(query), body, std::move(captures), std::move(headers));
}

void RestRouter::serveJson(const Route &route, const httplib::Request &req, httplib::Response &res,
                           const httplib::ContentReader *reader)
{
    QByteArray raw;
    if (reader) {
        const qint64 announced =
            QByteArray::fromStdString(req.get_header_value("Content-Length")).toLongLong();
        bool tooLarge = announced > maxJsonBody;
        if (!tooLarge)
            (*reader)([&raw, &tooLarge](const char *data, size_t length) {
                if (raw.size() + qsizetype(length) > maxJsonBody) {
                    tooLarge = true;
                    return false;
                }
                raw.append(data, qsizetype(length));
                return true;
            });
        if (tooLarge) {
            // The rest of the body is never read: the connection cannot carry another request.
            res.set_header("Connection", "close");
            write(RestReply::failure(
                      413, QStringLiteral("too-large"),
                      QStringLiteral("the JSON body is larger than %1 MiB; send files with "
                                     "POST /storage/file/upload")
                          .arg(maxJsonBody / (1024 * 1024))),
                  res);
            return;
        }
    }
    QJsonObject body;
    if (!raw.trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            const QString why =
                error.error != QJsonParseError::NoError
                    ? QStringLiteral("%1 at offset %2").arg(error.errorString()).arg(error.offset)
                    : QStringLiteral("it is not an object");
            write(RestReply::failure(400, QStringLiteral("invalid-argument"),
                                     QStringLiteral("the body is not a JSON object: %1").arg(why)),
                  res);
            return;
        }
        body = doc.object();
    }
    write(route.json(request(req, body)), res);
}

} // namespace hawkmoth
