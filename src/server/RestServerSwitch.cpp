#include "RestServerSwitch.h"

#include "AppServices.h"
#include "FutureGuard.h"
#include "RestServer.h"
#include "ServerToken.h"

#include <QThread>

namespace hawkmoth {

RestServerSwitch::RestServerSwitch(AppServices &services, JobScheduler *scheduler, QObject *parent)
    : LocalServerControl(parent)
    , m_services(services)
    , m_scheduler(scheduler)
{}

RestServerSwitch::~RestServerSwitch()
{
    // Leaving: the window is gone, so waiting here freezes nothing a person sees.
    if (m_stopper) {
        m_stopper->wait();
        delete m_stopper;
    }
    m_server.reset();
}

void RestServerSwitch::followSettings()
{
    StorageCore &core = m_services.core();
    connect(&core, &StorageCore::settingsChanged, this, &RestServerSwitch::adopt);
    adopt(core.context().settings);
}

void RestServerSwitch::adopt(const AppSettings &settings)
{
    setWanted(settings.restServer(), settings.restServerPort());
}

void RestServerSwitch::setWanted(bool on, int port)
{
    m_wantOn = on;
    m_wantPort = port;
    m_failedPort = -1;
    settle();
}

QFuture<Result<QByteArray>> RestServerSwitch::token()
{
    return m_services.core().runInteractive(
        [root = m_services.core().registry().paths().dataRoot()] {
            return ServerToken::loadOrCreate(root);
        });
}

// One step towards what is wanted; each step ends by calling this again.
void RestServerSwitch::settle()
{
    if (m_busy)
        return;
    if (m_server) {
        if (!m_wantOn || m_wantPort != m_serverPort)
            stop();
        return;
    }
    if (!m_wantOn) {
        if (m_state.phase != LocalServerState::Phase::Off)
            setState({});
        return;
    }
    if (m_failedPort != m_wantPort)
        start();
}

void RestServerSwitch::start()
{
    m_busy = true;
    const int port = m_wantPort;
    setState({LocalServerState::Phase::Starting, port, {}});
    onResult(token(), this,
             [this, port](const Result<QByteArray> &token) { started(token, port); });
}

void RestServerSwitch::started(const Result<QByteArray> &token, int port)
{
    m_busy = false;
    if (!token) {
        m_failedPort = port;
        setState({LocalServerState::Phase::Failed, port, token.error().message});
        settle();
        return;
    }
    // Made here, on the core's thread, where its notification receivers must live; binding is
    // a moment's work.
    auto server = std::make_unique<RestServer>(m_services, *token, m_scheduler);
    const Result<int> bound = server->listen(port);
    if (!bound) {
        m_failedPort = port;
        setState({LocalServerState::Phase::Failed, port, bound.error().message});
    } else {
        m_server = std::move(server);
        m_serverPort = port;
        setState({LocalServerState::Phase::Listening, *bound, {}});
    }
    settle();
}

void RestServerSwitch::stop()
{
    m_busy = true;
    setState({LocalServerState::Phase::Stopping, m_state.port, {}});
    m_stopper = QThread::create([server = m_server.get()] { server->stop(); });
    m_stopper->setObjectName(QStringLiteral("rest-server-stop"));
    connect(m_stopper, &QThread::finished, this, &RestServerSwitch::stopped);
    m_stopper->start();
}

void RestServerSwitch::stopped()
{
    m_stopper->wait(); // returns at once: it has finished
    delete m_stopper;
    m_stopper = nullptr;
    m_server.reset(); // stopped already: its destructor has nothing left to wait for
    m_busy = false;
    setState({});
    settle();
}

void RestServerSwitch::setState(const LocalServerState &state)
{
    m_state = state;
    Q_EMIT stateChanged();
}

} // namespace hawkmoth

#include "moc_RestServerSwitch.cpp"
