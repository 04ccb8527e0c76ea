#include "RestServer.h"

#include "EventsRoute.h"
#include "RawFileRoute.h"
#include "ServerToken.h"
#include "StorageRoutes.h"
#include "UploadRoute.h"

#include <QFile>
#include <QJsonDocument>

#include <httplib.h>

#include <cerrno>
#include <cstring>

namespace hawkmoth {

namespace {

// "localhost:8765", "127.0.0.1", "[::1]:80": the names a page on this machine reaches us by.
bool loopbackHost(const std::string &header)
{
    QString host = QString::fromStdString(header).toLower();
    if (host.startsWith(QLatin1Char('[')))
        host = host.section(QLatin1Char(']'), 0, 0) + QLatin1Char(']');
    else
        host = host.section(QLatin1Char(':'), 0, 0);
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") ||
           host == QLatin1String("[::1]");
}

} // namespace

RestServer::RestServer(AppServices &services, const QByteArray &token, JobScheduler *scheduler)
    : m_runner(services)
    , m_starter(services.core(), scheduler)
    , m_waiter(services.core().changes(), services.core().jobs())
    , m_events(services.core().changes())
    , m_http(std::make_unique<httplib::Server>())
{
    m_runner.setWakeJobs([this](const Workspace &ws) { m_starter.wake(ws); });
    addWorkspaceRoutes(m_router, m_runner);
    addFileRoutes(m_router, m_runner);
    addGitRoutes(m_router, m_runner, m_waiter);
    addJobRoutes(m_router, m_runner);
    m_router.addRaw("POST", "/storage/file/upload", UploadRoute(m_runner));
    m_router.addRaw("GET", "/storage/file/raw", RawFileRoute(m_runner));
    m_router.addRaw("GET", "/storage/events", EventsRoute(m_events));
    m_router.add("GET", "/openapi.json",
                 [](const RestRequest &) { return RestReply::ok(openApi()); });
    m_router.install(*m_http);
    m_http->new_task_queue = [] { return new httplib::ThreadPool(threads); };
    // httplib's default is SO_REUSEPORT, with which a second server (the window's and `hawkmoth
    // serve`, say) binds the same port and takes a share of its connections unseen. SO_REUSEADDR
    // alone still binds again at once after a stop, and refuses a port in use.
    m_http->set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });

    m_http->set_pre_routing_handler([token](const httplib::Request &req, httplib::Response &res)
                                        -> httplib::Server::HandlerResponse {
        if (!ServerToken::accepts(
                token, QByteArray::fromStdString(req.get_header_value("Authorization")))) {
            res.set_header("WWW-Authenticate", "Bearer");
            RestRouter::write(
                RestReply::failure(401, QStringLiteral("unauthenticated"),
                                   QStringLiteral("send Authorization: Bearer <token>; 'hawkmoth "
                                                  "serve --print-token' prints it")),
                res);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (loopbackHost(req.get_header_value("Host")))
            return httplib::Server::HandlerResponse::Unhandled;
        RestRouter::write(RestReply::failure(403, QStringLiteral("permission-denied"),
                                             QStringLiteral("only loopback host names are served")),
                          res);
        return httplib::Server::HandlerResponse::Handled;
    });
    m_http->set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request &req, httplib::Response &res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            // httplib's own refusals: a method no route has, or a request it could not parse.
            RestRouter::write(RestReply::failure(res.status,
                                                 res.status == 404 || res.status == 405
                                                     ? QStringLiteral("not-found")
                                                     : QStringLiteral("invalid-argument"),
                                                 QStringLiteral("refused %1 %2 (HTTP %3)")
                                                     .arg(QString::fromStdString(req.method),
                                                          QString::fromStdString(req.path))
                                                     .arg(res.status)),
                              res);
            return httplib::Server::HandlerResponse::Handled;
        }));
    m_http->set_exception_handler(
        [](const httplib::Request &, httplib::Response &res, std::exception_ptr error) {
            QString what = QStringLiteral("unknown exception");
            try {
                std::rethrow_exception(error);
            } catch (const std::exception &e) {
                what = QString::fromUtf8(e.what());
            } catch (...) {
            }
            RestRouter::write(RestReply::failure(500, QStringLiteral("internal"), what), res);
        });
}

RestServer::~RestServer()
{
    stop();
}

Result<int> RestServer::listen(int port)
{
    errno = 0;
    const int bound = port == 0 ? m_http->bind_to_any_port("127.0.0.1")
                                : (m_http->bind_to_port("127.0.0.1", port) ? port : -1);
    if (bound <= 0) {
        // httplib says only that it failed; bind()'s errno survives the close() that follows.
        const int error = errno;
        return Error::io(QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                             .arg(port)
                             .arg(error == EADDRINUSE ? QStringLiteral("the port is in use")
                                  : error != 0        ? QString::fromLocal8Bit(std::strerror(error))
                                                      : QStringLiteral("the port may be in use")));
    }
    m_served = false;
    m_thread = std::thread([this] {
        m_http->listen_after_bind();
        m_served = true;
    });
    return bound;
}

void RestServer::stop()
{
    m_events.close(); // open event streams end, so their threads are free to stop
    m_waiter.close(); // and so do requests that wait for a job
    if (!m_thread.joinable())
        return;
    // httplib's stop() does nothing before the serving thread has marked the server running: a
    // stop right after listen() (a setting turned on and off again) waits for that moment.
    while (!m_http->is_running() && !m_served)
        std::this_thread::yield();
    m_http->stop();
    m_thread.join();
}

QJsonObject RestServer::openApi()
{
    QFile file(QStringLiteral(":/server/openapi.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace hawkmoth
