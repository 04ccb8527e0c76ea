// The window's REST server (RestServerSwitch) on a real core and scheduler, driven through the
// settings as the window drives it, and called over real HTTP: turned on it serves with the token
// (401 without) on its own threads while the GUI thread keeps running its timers, and a file
// saved over REST reaches the same core's signals at once; turned off, the port refuses
// connections, the GUI thread running on while open requests end; a port in use is an error
// state, not a crash, and so is a second HAWKMOTH server on a port taken; a stop right after the
// server began to listen is not lost; quick toggles end where the last one says.

#include "AppServices.h"
#include "JobScheduler.h"
#include "RestServer.h"
#include "RestServerSwitch.h"
#include "ServerToken.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace hawkmoth;
using Phase = LocalServerState::Phase;

namespace {

// Core operations and server stops (an idle keep-alive connection holds a serving thread for up
// to 5 s) on a loaded machine may take seconds.
constexpr int slowMs = 30000;

struct Reply
{
    int status = 0;
    QByteArray body;
};

} // namespace

class TestRestSwitch : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempRoot> m_root;
    std::unique_ptr<AppServices> m_services;
    std::unique_ptr<JobScheduler> m_scheduler;
    std::unique_ptr<RestServerSwitch> m_switch;
    std::unique_ptr<QNetworkAccessManager> m_network;
    // Ticks of a timer on the GUI thread: it fires only while that thread runs its event loop.
    QTimer m_heartbeat;
    int m_beats = 0;

    StorageCore &core() { return m_services->core(); }

    // Saves the two settings through the core, as the settings dialog does.
    void setServer(bool on, int port)
    {
        auto saved = core()
                         .settings()
                         .write({{QStringLiteral("restServer"), on},
                                 {QStringLiteral("restServerPort"), port}})
                         .result();
        QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().message));
    }

    // Runs the event loop until the switch is in phase.
    bool reach(Phase phase)
    {
        QSignalSpy changed(m_switch.get(), &LocalServerControl::stateChanged);
        while (m_switch->state().phase != phase) {
            if (!changed.wait(slowMs))
                return false;
        }
        return true;
    }

    QNetworkRequest request(const QString &path, bool withToken)
    {
        QNetworkRequest r(QUrl(m_switch->state().url() + path));
        if (withToken) {
            auto token = m_switch->token().result();
            r.setRawHeader("Authorization", "Bearer " + token.valueOr(QByteArray()));
        }
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        return r;
    }

    // Runs the event loop until reply finishes.
    static Reply wait(QNetworkReply *reply)
    {
        if (!reply->isFinished()) {
            QSignalSpy finished(reply, &QNetworkReply::finished);
            finished.wait(slowMs);
        }
        Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                reply->readAll()};
        reply->deleteLater();
        return r;
    }

    Reply get(const QString &path, bool withToken = true)
    {
        return wait(m_network->get(request(path, withToken)));
    }

    // Whether a connection to 127.0.0.1:port is refused.
    static bool refused(int port)
    {
        QTcpSocket socket;
        QSignalSpy failed(&socket, &QAbstractSocket::errorOccurred);
        QSignalSpy connected(&socket, &QAbstractSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, quint16(port));
        const bool answered =
            QTest::qWaitFor([&] { return !failed.isEmpty() || !connected.isEmpty(); }, slowMs);
        return answered && connected.isEmpty() &&
               socket.error() == QAbstractSocket::ConnectionRefusedError;
    }

private Q_SLOTS:
    void init()
    {
        m_root = std::make_unique<test::TempRoot>();
        test::isolateGitConfiguration(*m_root);
        // No automatic sync: the saves below should start no git work.
        test::writeFile(m_root->dataRoot() + QStringLiteral("/settings.json"),
                        R"({"autoSync": false})");
        m_services = std::make_unique<AppServices>(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(core().start().result().ok());
        m_scheduler = std::make_unique<JobScheduler>(core());
        m_scheduler->followCurrentWorkspace(core());
        m_switch = std::make_unique<RestServerSwitch>(*m_services, m_scheduler.get());
        m_switch->followSettings();
        m_network = std::make_unique<QNetworkAccessManager>();
        m_beats = 0;
        m_heartbeat.setInterval(1);
        connect(&m_heartbeat, &QTimer::timeout, this, [this] { ++m_beats; });
        m_heartbeat.start();
    }

    void cleanup()
    {
        m_heartbeat.stop();
        m_heartbeat.disconnect(this);
        m_network.reset();
        m_switch.reset();
        m_scheduler.reset();
        m_services.reset();
        m_root.reset();
    }

    void offUntilTurnedOn()
    {
        QCOMPARE(m_switch->state().phase, Phase::Off);
        QCOMPARE(core().context().settings.restServer(), false);
        QCOMPARE(core().context().settings.restServerPort(), AppSettings::defaultRestServerPort);
    }

    void servesOffTheGuiThread()
    {
        setServer(true, 0);
        QVERIFY(reach(Phase::Listening));
        const int port = m_switch->state().port;
        QVERIFY(port > 0);
        // The token is the one `hawkmoth serve --print-token` prints.
        QCOMPARE(m_switch->token().result().valueOr(QByteArray()),
                 ServerToken::loadOrCreate(m_root->dataRoot()).valueOr("none"));

        // Without the token: 401 and nothing else.
        const Reply anonymous = get(QStringLiteral("/storage/status"), false);
        QCOMPARE(anonymous.status, 401);
        QVERIFY(!anonymous.body.contains("workspace\""));

        // An event stream holds a serving thread for as long as it is open. While it is, the GUI
        // thread runs its timer and another request is answered: no handler waits on this thread.
        QNetworkReply *stream = m_network->get(request(QStringLiteral("/storage/events"), true));
        QByteArray events;
        const QObject reading; // ends the connection below with this test
        connect(stream, &QIODevice::readyRead, &reading, [&] { events += stream->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(events.contains(": hawkmoth events"), slowMs);
        const int beatsBefore = m_beats;
        const Reply status = get(QStringLiteral("/storage/status"));
        QVERIFY2(status.status == 200, status.body.constData());
        QVERIFY(QJsonDocument::fromJson(status.body).isObject());
        QVERIFY(!stream->isFinished());

        // A save over REST is a save in this process's core: its signal arrives here at once.
        QSignalSpy changed(&core(), &StorageCore::filesChanged);
        const Reply saved = wait(m_network->post(
            request(QStringLiteral("/storage/file/save"), true),
            QJsonDocument(QJsonObject{{QStringLiteral("path"), QStringLiteral("notes.md")},
                                      {QStringLiteral("content"), QStringLiteral("# Notes\n")}})
                .toJson()));
        QVERIFY2(saved.status == 200, saved.body.constData());
        QVERIFY(!changed.isEmpty() || changed.wait(slowMs));
        auto ws = core().workspaces().current().result();
        QVERIFY(ws.ok());
        QCOMPARE(core().files().load(*ws, QStringLiteral("notes.md")).result()->content,
                 QByteArray("# Notes\n"));
        QTRY_VERIFY_WITH_TIMEOUT(events.contains("files.added"), slowMs);
        QVERIFY2(m_beats > beatsBefore, "the GUI thread's timer stood still");

        // Off: the stream ends, the port refuses, and the GUI thread ran while the server stopped
        // (open requests and idle keep-alive connections end first).
        QSignalSpy streamEnded(stream, &QNetworkReply::finished);
        setServer(false, 0);
        QVERIFY(reach(Phase::Stopping));
        const int beatsStopping = m_beats;
        QElapsedTimer stopping;
        stopping.start();
        QVERIFY(reach(Phase::Off));
        qInfo("stopped in %lld ms, the GUI thread's timer fired %d times meanwhile",
              stopping.elapsed(), m_beats - beatsStopping);
        QVERIFY(m_beats > beatsStopping);
        QVERIFY(stream->isFinished() || streamEnded.wait(slowMs));
        stream->deleteLater();
        QVERIFY(refused(port));
    }

    void portInUseIsAnErrorState()
    {
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        const int port = holder.serverPort();
        setServer(true, port);
        QVERIFY(reach(Phase::Failed));
        const LocalServerState failed = m_switch->state();
        QCOMPARE(failed.port, port);
        QVERIFY2(failed.error.contains(QStringLiteral("127.0.0.1:%1").arg(port)) &&
                     failed.error.contains(QLatin1String("in use")),
                 qPrintable(failed.error));
        QCOMPARE(failed.text(), failed.error);
        // Not tried again by itself; another port (any free one) serves.
        setServer(true, 0);
        QVERIFY(reach(Phase::Listening));
        const int serving = m_switch->state().port;
        QVERIFY(serving != port);
        QCOMPARE(get(QStringLiteral("/storage/status")).status, 200);

        // Another HAWKMOTH server (a second window, `hawkmoth serve`) on that port is refused as
        // well, rather than sharing its connections.
        RestServerSwitch second(*m_services, m_scheduler.get());
        second.setWanted(true, serving);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return second.state().phase == Phase::Failed ||
                       second.state().phase == Phase::Listening;
            },
            slowMs));
        QCOMPARE(second.state().phase, Phase::Failed);
        QVERIFY2(second.state().error.contains(QLatin1String("in use")),
                 qPrintable(second.state().error));
    }

    void portChangeMovesTheServer()
    {
        setServer(true, 0);
        QVERIFY(reach(Phase::Listening));
        const int first = m_switch->state().port;
        QTcpServer probe; // a port free a moment ago
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const int second = probe.serverPort();
        probe.close();
        setServer(true, second);
        QVERIFY(reach(Phase::Stopping));
        QVERIFY(reach(Phase::Listening));
        QCOMPARE(m_switch->state().port, second);
        QCOMPARE(get(QStringLiteral("/storage/status")).status, 200);
        QVERIFY(refused(first));
    }

    void stopRightAfterListen()
    {
        // httplib ignores a stop() before its serving thread marked itself running; the server
        // waits for that moment instead of leaving a thread that serves, and a join, forever.
        const QByteArray token = m_switch->token().result().valueOr(QByteArray());
        for (int i = 0; i < 200; ++i) {
            RestServer server(*m_services, token, m_scheduler.get());
            QVERIFY(server.listen(0).ok());
            server.stop();
        }
    }

    void quickTogglesEndAsTheLastSays()
    {
        // On and off again before the first start finished: the server it makes is stopped right
        // after it began to listen, and that stop is not lost (it would wait forever).
        QList<LocalServerState> states;
        connect(m_switch.get(), &LocalServerControl::stateChanged, this,
                [&] { states.append(m_switch->state()); });
        for (int i = 0; i < 5; ++i) {
            m_switch->setWanted(true, 0);
            m_switch->setWanted(false, 0);
        }
        QVERIFY(reach(Phase::Off));
        QCOMPARE(states.size(), 4);
        QCOMPARE(states.at(1).phase, Phase::Listening);
        QCOMPARE(states.at(2).phase, Phase::Stopping);
        QVERIFY(refused(states.at(1).port));

        // Off and on again while it stops: it ends up serving.
        m_switch->setWanted(true, 0);
        QVERIFY(reach(Phase::Listening));
        m_switch->setWanted(false, 0);
        m_switch->setWanted(true, 0);
        QVERIFY(reach(Phase::Stopping));
        QVERIFY(reach(Phase::Listening));
        QCOMPARE(get(QStringLiteral("/storage/status")).status, 200);
        m_switch->disconnect(this);
    }
};

QTEST_MAIN(TestRestSwitch)
#include "tst_rest_switch.moc"
