#pragma once
// The local REST API: every route of the router on an HTTP server bound to 127.0.0.1, serving on
// its own threads (never the GUI thread). Requests without the bearer token get 401 and nothing
// else; those whose Host is not a loopback name are refused (DNS rebinding), unknown routes and
// failures answer JSON errors, and an exception in a route becomes a 500, never a crash.

#include "CommandRunner.h"
#include "EventHub.h"
#include "JobStarter.h"
#include "JobWaiter.h"
#include "RestRouter.h"

#include <QJsonObject>

#include <atomic>
#include <memory>
#include <thread>

namespace httplib {
class Server;
}

namespace hawkmoth {

class RestServer
{
public:
    // Requests served at once; an open event stream holds one of them.
    static constexpr int threads = 16;

    // token: what every request must send as "Authorization: Bearer <token>" (ServerToken).
    // scheduler: the process's, which runs the current workspace's jobs (those of the others run
    // on the core's pool); made and destroyed on the core's thread.
    RestServer(AppServices &services, const QByteArray &token, JobScheduler *scheduler);
    ~RestServer(); // stops serving
    RestServer(const RestServer &) = delete;
    RestServer &operator=(const RestServer &) = delete;

    // Binds 127.0.0.1:port (0: a free port) and serves on a thread; the port it listens on.
    Result<int> listen(int port);
    // Ends the event streams and job waits, stops accepting and waits for the serving threads:
    // for the requests in flight, and for idle keep-alive connections (httplib lets each wait up
    // to its keep-alive timeout, 5 s). From any thread but a serving one; the window calls it on
    // a thread of its own (RestServerSwitch).
    void stop();

    const RestRouter &router() const { return m_router; }
    // The OpenAPI 3 document kept beside the sources (a resource), served at /openapi.json.
    static QJsonObject openApi();

private:
    CommandRunner m_runner;
    JobStarter m_starter;
    JobWaiter m_waiter;
    EventHub m_events;
    RestRouter m_router;
    std::unique_ptr<httplib::Server> m_http;
    std::thread m_thread;
    std::atomic<bool> m_served{false}; // the serving thread's listen returned
};

} // namespace hawkmoth
