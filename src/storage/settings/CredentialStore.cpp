#include "CredentialStore.h"

#include "KeychainHost.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QMutex>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include <qt6keychain/keychain.h>

#include <functional>
#include <memory>
#include <utility>

namespace hawkmoth {

namespace {

enum class Action
{
    Read,
    Write,
    Remove
};

// What a job said, copied out of it on the host thread: the job itself never leaves that thread.
struct Answer
{
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString text;
    bool timedOut = false;
};

using AnswerFn = std::function<void(const Answer &)>;

// On the host thread: starts one job; answered gets its outcome, once, when the job ends or the
// keychain took too long. The job deletes itself when it ends (a job that never ends stays, with
// QtKeychain's queue, rather than be destroyed while the queue holds it).
void startJob(const QString &service, Action action, const QString &key, const QString &secret,
              AnswerFn answered)
{
    QKeychain::Job *job = nullptr;
    switch (action) {
    case Action::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case Action::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        write->setTextData(secret);
        job = write;
        break;
    }
    case Action::Remove:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setKey(key);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    auto done = std::make_shared<bool>(false);
    QObject::connect(job, &QKeychain::Job::finished, job, [answered, done](QKeychain::Job *ended) {
        if (std::exchange(*done, true))
            return;
        Answer answer{ended->error(), ended->errorString(), {}, false};
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(ended))
            answer.text = read->textData();
        answered(answer);
    });
    // A keychain that never answers (a hung D-Bus service) must not hang HAWKMOTH.
    QTimer::singleShot(CredentialStore::timeoutMs, job, [answered, done] {
        if (!std::exchange(*done, true))
            answered(Answer{QKeychain::OtherError, {}, {}, true});
    });
    job->start();
}

// Runs one job on the host thread and waits for its answer. QtKeychain's queue stays with the
// thread that ran the process's first job: a process keeps one host (one core) for its life. On the
// host thread itself (nothing should ask from there) it runs in a local event loop, still on that
// one thread.
Answer runJob(KeychainHost &host, const QString &service, Action action, const QString &key,
              const QString &secret = {})
{
    QObject *home = host.keychainHome();
    if (QThread::currentThread() == home->thread()) {
        QEventLoop loop;
        std::optional<Answer> answer;
        startJob(service, action, key, secret, [&](const Answer &a) {
            answer = a;
            loop.quit();
        });
        if (!answer) // QtKeychain may answer at once, before the loop runs
            loop.exec();
        return *answer;
    }
    struct Waiting
    {
        QMutex mutex;
        QWaitCondition answered;
        std::optional<Answer> answer;
    };
    auto waiting = std::make_shared<Waiting>();
    QMetaObject::invokeMethod(
        home,
        [service, action, key, secret, waiting] {
            startJob(service, action, key, secret, [waiting](const Answer &a) {
                QMutexLocker lock(&waiting->mutex);
                waiting->answer = a;
                waiting->answered.wakeAll();
            });
        },
        Qt::QueuedConnection);
    // The host's own timer answers first; this one only covers a host thread that is stuck.
    QDeadlineTimer deadline(CredentialStore::timeoutMs + 5000);
    QMutexLocker lock(&waiting->mutex);
    while (!waiting->answer) {
        if (!waiting->answered.wait(&waiting->mutex, deadline))
            return Answer{QKeychain::OtherError, {}, {}, true};
    }
    return *waiting->answer;
}

// Every keychain backend on Linux (libsecret, gnome-keyring, KWallet) is a D-Bus service.
bool noSessionBus()
{
    return qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

Error noKeychain(const QString &action, const QString &why)
{
    return {ErrorCode::Unauthenticated,
            QStringLiteral("cannot %1: no system keychain is available (%2); HAWKMOTH does not "
                           "store secrets in plain text. Use the environment variable instead, or "
                           "start a secret service such as gnome-keyring or KWallet")
                .arg(action, why)};
}

// Why no job can run here, or nullopt when one can.
std::optional<Error> unavailable(const KeychainHost *host, const QString &action)
{
    // Without a session bus no backend can answer: say so without starting a keychain job.
    if (noSessionBus())
        return noKeychain(action, QStringLiteral("no D-Bus session"));
    if (!host)
        return noKeychain(action, QStringLiteral("this process has no network thread to ask it"));
    return std::nullopt;
}

Error keychainError(const Answer &answer, const QString &action)
{
    if (answer.timedOut)
        return {ErrorCode::Io, QStringLiteral("cannot %1: the keychain did not answer within %2 s")
                                   .arg(action)
                                   .arg(CredentialStore::timeoutMs / 1000)};
    switch (answer.error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return noKeychain(action, answer.errorString);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {ErrorCode::PermissionDenied,
                QStringLiteral("cannot %1: the keychain denied access (%2)")
                    .arg(action, answer.errorString)};
    default:
        return {ErrorCode::Io, QStringLiteral("cannot %1: %2").arg(action, answer.errorString)};
    }
}

} // namespace

CredentialStore::CredentialStore(QString service, KeychainHost *host)
    : m_service(std::move(service))
    , m_host(host)
{}

Result<std::optional<QString>> CredentialStore::read(const QString &key) const
{
    const QString action = QStringLiteral("read the secret for %1").arg(key);
    if (auto why = unavailable(m_host, action))
        return *why;
    const Answer answer = runJob(*m_host, m_service, Action::Read, key);
    if (!answer.timedOut && answer.error == QKeychain::EntryNotFound)
        return std::optional<QString>();
    if (answer.timedOut || answer.error != QKeychain::NoError)
        return keychainError(answer, action);
    return std::optional<QString>(answer.text);
}

Status CredentialStore::write(const QString &key, const QString &secret) const
{
    const QString action = QStringLiteral("store the secret for %1").arg(key);
    if (auto why = unavailable(m_host, action))
        return *why;
    const Answer answer = runJob(*m_host, m_service, Action::Write, key, secret);
    if (answer.timedOut || answer.error != QKeychain::NoError)
        return keychainError(answer, action);
    return {};
}

Status CredentialStore::remove(const QString &key) const
{
    const QString action = QStringLiteral("remove the secret for %1").arg(key);
    if (auto why = unavailable(m_host, action))
        return *why;
    const Answer answer = runJob(*m_host, m_service, Action::Remove, key);
    if (!answer.timedOut && answer.error == QKeychain::EntryNotFound)
        return {};
    if (answer.timedOut || answer.error != QKeychain::NoError)
        return keychainError(answer, action);
    return {};
}

} // namespace hawkmoth
