// The router on httplib: one handler per method hands every request to the router's own
// matching; JSON routes' bodies are read here within their limit.

#include "RestRouter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <httplib.h>

namespace hawkmoth {

void RestRouter::install(httplib::Server &server) const
{
    // Requests with a body are read by the route itself: a JSON body up to its limit, an upload
    // streamed to disk.
    server.Get(".*", [this](const httplib::Request &req, httplib::Response &res) {
        dispatch(req, res, nullptr);
    });
    const auto withBody = [this](const httplib::Request &req, httplib::Response &res,
                                 const httplib::ContentReader &reader) {
        dispatch(req, res, &reader);
    };
    server.Post(".*", withBody);
    server.Delete(".*", withBody);
}

void RestRouter::dispatch(const httplib::Request &req, httplib::Response &res,
                          const httplib::ContentReader *reader) const
{
    const auto found = match(QByteArrayView(req.method.data(), qsizetype(req.method.size())),
                             QString::fromStdString(req.path));
    if (!found) {
        if (reader) // its body is never read: the connection cannot carry another request
            res.set_header("Connection", "close");
        write(RestReply::failure(
                  404, QStringLiteral("not-found"),
                  QStringLiteral("no route %1 %2")
                      .arg(QString::fromStdString(req.method), QString::fromStdString(req.path))),
              res);
        return;
    }
    if (found->route->raw)
        found->route->raw(req, res, reader);
    else
        serveJson(*found, req, res, reader);
}

void RestRouter::write(const RestReply &reply, httplib::Response &res)
{
    const QJsonDocument doc = reply.body.isArray() ? QJsonDocument(reply.body.toArray())
                                                   : QJsonDocument(reply.body.toObject());
    const QByteArray json = doc.toJson(QJsonDocument::Compact);
    res.status = reply.status;
    res.set_content(json.constData(), size_t(json.size()), "application/json");
}

RestRequest RestRouter::request(const httplib::Request &req, const QJsonObject &body,
                                QStringList captures)
{
    QHash<QString, QString> query;
    for (const auto &[key, value] : req.params)
        query.insert(QString::fromStdString(key), QString::fromStdString(value));
    QHash<QByteArray, QByteArray> headers;
    for (const auto &[key, value] : req.headers)
        headers.insert(QByteArray::fromStdString(key).toLower(), QByteArray::fromStdString(value));
    return RestRequest(std::move(query), body, std::move(captures), std::move(headers));
}

void RestRouter::serveJson(const Match &match, const httplib::Request &req, httplib::Response &res,
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
    auto body = parseBody(raw);
    if (!body) {
        write(RestReply::failure(body.error()), res);
        return;
    }
    write(match.route->json(request(req, *body, match.captures)), res);
}

} // namespace hawkmoth
