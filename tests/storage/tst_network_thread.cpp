// One network thread for every Hub request of a process: HubClients share the storage core's
// NetworkThread (no thread or manager of their own), a client that goes ends only its own
// transfers, and TCP_NODELAY is set on the sockets the Hub client opened and on no other.

#include "HubClient.h"
#include "HubServer.h"
#include "NetworkThread.h"
#include "StorageCore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <vector>

using namespace hawkmoth;
using hawkmoth::test::HubServer;

namespace {

int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task"))
                   .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                   .size());
}

bool noDelay(int fd)
{
    int on = 0;
    socklen_t length = sizeof(on);
    return getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &length) == 0 && on != 0;
}

// A plain TCP socket of the test's own, connected to 127.0.0.1:port.
class OwnSocket
{
public:
    explicit OwnSocket(quint16 port)
        : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0))
    {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected =
            m_fd >= 0 && ::connect(m_fd, reinterpret_cast<const sockaddr *>(&to), sizeof(to)) == 0;
    }
    ~OwnSocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    OwnSocket(const OwnSocket &) = delete;
    OwnSocket &operator=(const OwnSocket &) = delete;
    int fd() const { return m_fd; }
    bool connected() const { return m_connected; }

private:
    int m_fd;
    bool m_connected = false;
};

// The process's TCP sockets connected to 127.0.0.1:port, except the given descriptors.
QList<int> socketsTo(quint16 port, const QList<int> &except)
{
    QList<int> out;
    const QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::System);
    for (const QString &name : fds) {
        const int fd = name.toInt();
        sockaddr_in peer{};
        socklen_t length = sizeof(peer);
        if (except.contains(fd) ||
            getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) != 0 ||
            peer.sin_family != AF_INET || ntohs(peer.sin_port) != port)
            continue;
        out.append(fd);
    }
    return out;
}

hub::HubRequest whoami(hub::HubClient &client)
{
    hub::HubRequest request;
    request.url = client.url(QStringLiteral("/api/whoami-v2"));
    return request;
}

} // namespace

class TestNetworkThread : public QObject
{
    Q_OBJECT

    HubServer m_server;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void storageCoreLendsItsOneNetworkThread()
    {
        QTemporaryDir dir;
        StorageCore core(
            Paths(dir.path() + QStringLiteral("/data"), dir.path() + QStringLiteral("/cache")));
        const StorageContext first = core.context();
        const StorageContext second = core.context();
        QVERIFY(first.network != nullptr);
        QCOMPARE(first.network, second.network);
        QCOMPARE(first.pool, &core.pool());
        auto client = hub::HubClient::create(first, QLatin1String(HubServer::token));
        QVERIFY(client);
        // Without a network thread there is no Hub: an error, never a thread of its own.
        StorageContext without = first;
        without.network = nullptr;
        auto none = hub::HubClient::create(without, QLatin1String(HubServer::token));
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Internal);
    }

    void everyClientGoesThroughTheOneThread()
    {
        hub::NetworkThread network;
        const QUrl endpoint(m_server.url());
        {
            hub::HubClient warm(network, endpoint, QLatin1String(HubServer::token));
            auto reply = warm.call(whoami(warm));
            QVERIFY2(reply && reply->ok(), reply ? "" : qPrintable(reply.error().message));
        }
        const int threadsBefore = threadCount();
        QTemporaryDir dir;
        std::vector<std::unique_ptr<hub::HubClient>> clients;
        for (int i = 0; i < 4; ++i)
            clients.push_back(std::make_unique<hub::HubClient>(network, endpoint,
                                                               QLatin1String(HubServer::token)));
        QList<QFuture<Result<hub::HubResponse>>> replies;
        QList<QThread *> progressThreads(int(clients.size()), nullptr);
        for (int i = 0; i < int(clients.size()); ++i) {
            hub::HubRequest request = whoami(*clients[size_t(i)]);
            request.downloadFile = dir.filePath(QString::number(i));
            request.progress = [&progressThreads, i](const Progress &) {
                progressThreads[i] = QThread::currentThread();
            };
            replies.append(clients[size_t(i)]->send(request));
        }
        for (auto &reply : replies) {
            const Result<hub::HubResponse> answer = reply.result();
            QVERIFY2(answer && answer->ok(), answer ? "" : qPrintable(answer.error().message));
        }
        for (QThread *thread : std::as_const(progressThreads))
            QCOMPARE(thread, network.thread());
        // Four more clients with requests in flight at once started no thread.
        QCOMPARE(threadCount(), threadsBefore);
    }

    void noDelayOnlyOnTheHubClientsSockets()
    {
        QTcpServer local;
        QVERIFY(local.listen(QHostAddress::LocalHost));
        // The test's own sockets: one elsewhere, one to the very server the Hub client talks to.
        const OwnSocket toLocal(local.serverPort());
        const OwnSocket toHub(quint16(m_server.port()));
        QVERIFY(toLocal.connected() && toHub.connected());
        QVERIFY(!noDelay(toLocal.fd()) && !noDelay(toHub.fd()));

        hub::NetworkThread network;
        hub::HubClient client(network, QUrl(m_server.url()), QLatin1String(HubServer::token));
        auto reply = client.call(whoami(client));
        QVERIFY2(reply && reply->ok(), reply ? "" : qPrintable(reply.error().message));

        QVERIFY(!noDelay(toLocal.fd()));
        QVERIFY(!noDelay(toHub.fd()));
        const QList<int> clientSockets = socketsTo(quint16(m_server.port()), {toHub.fd()});
        QVERIFY(!clientSockets.isEmpty());
        for (int fd : clientSockets)
            QVERIFY2(noDelay(fd), qPrintable(QStringLiteral("fd %1").arg(fd)));
    }

    void goneClientEndsOnlyItsOwnTransfers()
    {
        m_server.fault(R"({"path": "^/api/datasets/alice/stalled", "kind": "stall"})");
        hub::NetworkThread network;
        const QUrl endpoint(m_server.url());
        auto going =
            std::make_unique<hub::HubClient>(network, endpoint, QLatin1String(HubServer::token));
        hub::HubClient staying(network, endpoint, QLatin1String(HubServer::token));
        hub::HubRequest stalled;
        stalled.url = going->url(QStringLiteral("/api/datasets/alice/stalled"));
        QFuture<Result<hub::HubResponse>> pending = going->send(stalled);
        QTest::qWait(200); // the request is out and the server sits on it
        QVERIFY(!pending.isFinished());
        QElapsedTimer clock;
        clock.start();
        going.reset();
        QVERIFY(pending.isFinished()); // ended by the client's destructor, not by a timeout
        QVERIFY(clock.elapsed() < 5000);
        const Result<hub::HubResponse> ended = pending.result();
        QVERIFY(!ended);
        QCOMPARE(ended.error().code, ErrorCode::Cancelled);
        auto reply = staying.call(whoami(staying));
        QVERIFY2(reply && reply->ok(), reply ? "" : qPrintable(reply.error().message));
        m_server.clearFaults();
    }
};

QTEST_GUILESS_MAIN(TestNetworkThread)
#include "tst_network_thread.moc"
