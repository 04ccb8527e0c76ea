#pragma once
// The table of routes: method, path (with {id} for a numeric segment) and what answers it. The
// router matches requests itself (no socket needed: the fuzz target drives it); JSON routes get
// their body read (up to maxJsonBody, else 413), parsed (else 400) and their reply written by the
// router; raw routes (uploads, downloads) handle the HTTP exchange themselves. The table is also
// what the OpenAPI document is checked against. The httplib side is in RestRouterHttp.cpp.

#include "RestReply.h"
#include "RestRequest.h"

#include <QList>
#include <QRegularExpression>

#include <functional>
#include <optional>

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
} // namespace httplib

namespace hawkmoth {

class RestRouter
{
public:
    static constexpr qsizetype maxJsonBody = 16 * 1024 * 1024;

    using JsonHandler = std::function<RestReply(const RestRequest &)>;
    // reader is null for GET requests, which have no body.
    using RawHandler = std::function<void(const httplib::Request &, httplib::Response &,
                                          const httplib::ContentReader *reader)>;

    struct Route
    {
        QByteArray method; // GET, POST or DELETE
        QByteArray path;   // "/storage/jobs/{id}"
        JsonHandler json;
        RawHandler raw;
        QRegularExpression pattern; // path, anchored, {name} as a number
    };
    struct Match
    {
        const Route *route = nullptr;
        QStringList captures; // the numbers in the path, in order
    };

    void add(const QByteArray &method, const QByteArray &path, JsonHandler handler);
    void addRaw(const QByteArray &method, const QByteArray &path, RawHandler handler);
    const QList<Route> &routes() const { return m_routes; }
    // The route for method and path (without the query), if any.
    std::optional<Match> match(QByteArrayView method, const QString &path) const;
    // A JSON route's body: empty means {}; anything but an object is a 400 naming what is wrong.
    static Result<QJsonObject> parseBody(const QByteArray &raw);

    // Serves every route on server (one handler per method; the router matches).
    void install(httplib::Server &server) const;
    // Writes reply as the response's JSON body.
    static void write(const RestReply &reply, httplib::Response &res);
    // The request as a JSON route sees it, with body as its parsed JSON object.
    static RestRequest request(const httplib::Request &req, const QJsonObject &body,
                               QStringList captures = {});

private:
    void dispatch(const httplib::Request &req, httplib::Response &res,
                  const httplib::ContentReader *reader) const;
    static void serveJson(const Match &match, const httplib::Request &req, httplib::Response &res,
                          const httplib::ContentReader *reader);

    QList<Route> m_routes;
};

} // namespace hawkmoth
