// Credentials read and written from two threads at once against a real secret service
// (gnome-keyring on a private D-Bus session bus): QtKeychain's shared job executor is not
// thread-safe, so every job runs on the core's network thread, one at a time, while the callers
// wait. Nothing crashes, every answer is the one written, and asking from the network thread
// itself does not deadlock.

#include "CredentialStore.h"
#include "GitCredentials.h"
#include "HubCredentials.h"
#include "KeychainHost.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace hawkmoth;
using hawkmoth::test::ProcessResult;
using hawkmoth::test::runProgram;

namespace {

constexpr int rounds = 15;

// A session bus and gnome-keyring's secret service on it, for this process only; both end with
// the object.
class PrivateSecretService
{
public:
    ~PrivateSecretService()
    {
        for (QProcess *p : {&m_keyring, &m_bus}) {
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished(5000);
            }
        }
    }

    // An empty string when the service runs, else why it does not.
    QString start(const test::TempRoot &root)
    {
        for (const char *program : {"dbus-daemon", "gnome-keyring-daemon", "dbus-send"}) {
            if (QStandardPaths::findExecutable(QLatin1String(program)).isEmpty())
                return QStringLiteral("%1 is missing: install the packages dbus-daemon and "
                                      "gnome-keyring (scripts/setup.sh --tests)")
                    .arg(QLatin1String(program));
        }
        m_bus.start(QStringLiteral("dbus-daemon"),
                    {QStringLiteral("--session"), QStringLiteral("--nofork"),
                     QStringLiteral("--print-address=1")});
        if (!m_bus.waitForReadyRead(10000))
            return QStringLiteral("dbus-daemon printed no address: ") +
                   QString::fromUtf8(m_bus.readAllStandardError());
        m_address = QString::fromUtf8(m_bus.readLine()).trimmed();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        // Its keyrings and control socket in the test's folder, never the user's.
        const QString runtime = root.file(QStringLiteral("runtime"));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        for (const char *folder : {"share", "home"})
            QDir().mkpath(root.file(QLatin1String(folder)));
        env.insert(QStringLiteral("XDG_DATA_HOME"), root.file(QStringLiteral("share")));
        env.insert(QStringLiteral("HOME"), root.file(QStringLiteral("home")));
        m_keyring.setProcessEnvironment(env);
        m_keyring.start(QStringLiteral("gnome-keyring-daemon"),
                        {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                         QStringLiteral("--components=secrets")});
        if (!m_keyring.waitForStarted(10000))
            return QStringLiteral("gnome-keyring-daemon does not start");
        // Written out now: this thread runs no event loop that would flush it later.
        m_keyring.write("pw");
        m_keyring.waitForBytesWritten(5000);
        m_keyring.closeWriteChannel();
        // Ready when the secret service's name is owned on the bus.
        const QDeadlineTimer deadline(20000);
        QString last;
        while (!deadline.hasExpired()) {
            const ProcessResult owner =
                runProgram(QStringLiteral("dbus-send"),
                           {QStringLiteral("--bus=") + m_address, QStringLiteral("--print-reply"),
                            QStringLiteral("--dest=org.freedesktop.DBus"),
                            QStringLiteral("/org/freedesktop/DBus"),
                            QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                            QStringLiteral("string:org.freedesktop.secrets")},
                           {}, env);
            if (owner.out.contains("boolean true"))
                return {};
            last = owner.describe();
            if (m_keyring.state() == QProcess::NotRunning)
                return QStringLiteral("gnome-keyring-daemon ended: ") +
                       QString::fromUtf8(m_keyring.readAllStandardError());
            QThread::msleep(50);
        }
        return QStringLiteral("the secret service never appeared on the bus (%1; %2)")
            .arg(last, QString::fromUtf8(m_keyring.readAllStandardError()));
    }

    QString address() const { return m_address; }

private:
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;
};

} // namespace

class TestKeychainThreads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A precondition, not an option: CI installs both packages (scripts/setup.sh --tests).
        const QString failed = m_service.start(m_root);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        // Before anything in this process talks to D-Bus: the keychain finds this bus only.
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_service.address().toUtf8());
        // The Hub token comes from the keychain alone: no environment, no token file.
        qunsetenv("HF_TOKEN");
        qputenv("HF_HOME", m_root.file(QStringLiteral("hf")).toUtf8());
        // One core for the whole suite, as an application has: QtKeychain's job queue stays with
        // the thread that ran the process's first job.
        m_core = std::make_unique<StorageCore>(Paths(m_root.dataRoot(), m_root.cacheRoot()));
        QVERIFY(m_core->start().result().ok());
    }

    void cleanupTestCase() { m_core.reset(); }

    void twoThreadsAtOnce()
    {
        const StorageContext context = m_core->context();
        QVERIFY(context.keychain);
        const QUrl endpoint(QStringLiteral("http://127.0.0.1:9/hub"));
        const QString remote = QStringLiteral("https://git.example.org/team/site.git");
        QThreadPool callers;
        callers.setMaxThreadCount(2);
        // The Hub token on one thread, git's credentials on the other, each written then read
        // back again and again, so that jobs of both threads end while the other's run.
        QFuture<QString> hub = QtConcurrent::run(&callers, [&]() -> QString {
            for (int i = 0; i < rounds; ++i) {
                const QString token = QStringLiteral("hf_token_%1").arg(i);
                if (auto stored = hub::HubCredentials::storeToken(context, endpoint, token);
                    !stored)
                    return stored.error().message;
                auto read = hub::HubCredentials::token(context, endpoint);
                if (!read)
                    return read.error().message;
                if (!read->has_value() || (*read)->value != token)
                    return QStringLiteral("round %1: the Hub token read back differs").arg(i);
            }
            return {};
        });
        QFuture<QString> git = QtConcurrent::run(&callers, [&]() -> QString {
            const CredentialStore store(QStringLiteral("hawkmoth-git"), context.keychain);
            for (int i = 0; i < rounds; ++i) {
                const QString token = QStringLiteral("git_token_%1").arg(i);
                if (auto stored =
                        git::Credentials::store(context, remote, QStringLiteral("me"), token);
                    !stored)
                    return stored.error().message;
                auto read = store.read(git::Credentials::keychainKey(remote));
                if (!read)
                    return read.error().message;
                if (read->value_or(QString()) != QStringLiteral("me:") + token)
                    return QStringLiteral("round %1: the git token read back differs").arg(i);
            }
            return {};
        });
        QCOMPARE(hub.result(), QString());
        QCOMPARE(git.result(), QString());
        QVERIFY(hub::HubCredentials::removeToken(context, endpoint).ok());
        auto gone = hub::HubCredentials::token(context, endpoint);
        QVERIFY(gone.ok());
        QVERIFY(!gone->has_value());
    }

    // On the network thread itself the job runs there, in a local loop: no wait on itself.
    void fromTheNetworkThread()
    {
        const StorageContext context = m_core->context();
        const CredentialStore store(QStringLiteral("hawkmoth-test"), context.keychain);
        QVERIFY(store.write(QStringLiteral("key"), QStringLiteral("secret")).ok());
        std::optional<Result<std::optional<QString>>> read;
        QVERIFY(QMetaObject::invokeMethod(
            context.keychain->keychainHome(), [&] { read = store.read(QStringLiteral("key")); },
            Qt::BlockingQueuedConnection));
        QVERIFY(read && read->ok());
        QCOMPARE(read->value(), std::optional<QString>(QStringLiteral("secret")));
        QVERIFY(store.remove(QStringLiteral("key")).ok());
    }

    // A context without the core's network thread has no keychain: said plainly, nothing run.
    void withoutNetworkThread()
    {
        const CredentialStore store(QStringLiteral("hawkmoth-test"), nullptr);
        auto read = store.read(QStringLiteral("key"));
        QVERIFY(!read.ok());
        QCOMPARE(read.error().code, ErrorCode::Unauthenticated);
        QVERIFY2(read.error().message.contains(QLatin1String("no system keychain")),
                 qPrintable(read.error().message));
    }

private:
    test::TempRoot m_root;
    PrivateSecretService m_service;
    std::unique_ptr<StorageCore> m_core;
};

QTEST_GUILESS_MAIN(TestKeychainThreads)
#include "tst_keychain_threads.moc"
