#pragma once
// The window's REST server, on and off as the settings say ("restServer", "restServerPort"). It
// serves the window's own services and scheduler, so what a request changes shows in the window
// at once. Starting binds at once (the token is read on the pool first); stopping waits for the
// requests in flight and idle keep-alive connections (seconds) on a thread of its own, so the
// GUI thread never waits for a server.

#include "LocalServerControl.h"

#include <memory>

class QThread;

namespace hawkmoth {

class AppServices;
class AppSettings;
class JobScheduler;
class RestServer;

class RestServerSwitch : public LocalServerControl
{
    Q_OBJECT

public:
    // Lives on the core's thread (the GUI thread), as the server it makes does.
    RestServerSwitch(AppServices &services, JobScheduler *scheduler, QObject *parent = nullptr);
    ~RestServerSwitch() override; // stops the server, waiting for it

    // Takes the core's settings now (it has started) and each change this process saves.
    void followSettings();
    // Serve on port (0: any free one) or not; the latest call wins. A start that failed is tried
    // again at the next call, not before.
    void setWanted(bool on, int port);

    LocalServerState state() const override { return m_state; }
    QFuture<Result<QByteArray>> token() override;

private:
    void adopt(const AppSettings &settings);
    void settle();
    void start();
    void started(const Result<QByteArray> &token, int port);
    void stop();
    void stopped();
    void setState(const LocalServerState &state);

    AppServices &m_services;
    JobScheduler *m_scheduler;
    bool m_wantOn = false;
    int m_wantPort = 0;
    int m_failedPort = -1; // the port of the start that failed last; -1: try
    bool m_busy = false;   // a start or a stop is under way
    std::unique_ptr<RestServer> m_server;
    int m_serverPort = 0; // the port asked for when m_server started
    QThread *m_stopper = nullptr;
    LocalServerState m_state;
};

} // namespace hawkmoth
