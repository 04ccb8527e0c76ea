#pragma once
// The table of routes: method, path (with {id} for a numeric segment) and what answers it. JSON
// routes get their body read (up to maxJsonBody, else 413), parsed (else 400) and their reply
// written by the router; raw routes (uploads, downloads) handle the HTTP exchange themselves.
// The table is also what the OpenAPI document is checked against.

#include "RestReply.h"
#include "RestRequest.h"

#include <QList>

#include <functional>

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
    };

    void add(const QByteArray &method, const QByteArray &path, JsonHandler handler);
    void addRaw(const QByteArray &method, const QByteArray &path, RawHandler handler);
    const QList<Route> &routes() const { return m_routes; }
    // Registers every route on server.
    void install(httplib::Server &server) const;

    // Writes reply as the response's JSON body.
    static void write(const RestReply &reply, httplib::Response &res);
    // The request as a JSON route sees it, with body as its parsed JSON object.
    static RestRequest request(const httplib::Request &req, const QJsonObject &body);

private:
    static void serveJson(const Route &route, const httplib::Request &req, httplib::Response &res,
                          const httplib::ContentReader *reader);

    QList<Route> m_routes;
};

} // namespace hawkmoth
