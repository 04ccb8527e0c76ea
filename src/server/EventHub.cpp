#include "EventHub.h"

#include "Formatting.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace hawkmoth {

EventHub::EventHub(ChangeNotifier &changes, QObject *parent)
    : QObject(parent)
{
    using N = ChangeNotifier;
    connect(&changes, &N::filesAdded, this, [this](const QString &ws, const FileEntries &e) {
        files(QStringLiteral("files.added"), ws, e);
    });
    connect(&changes, &N::filesChanged, this, [this](const QString &ws, const FileEntries &e) {
        files(QStringLiteral("files.changed"), ws, e);
    });
    connect(&changes, &N::filesStateChanged, this, [this](const QString &ws, const FileEntries &e) {
        files(QStringLiteral("files.stateChanged"), ws, e);
    });
    connect(&changes, &N::filesRemoved, this, [this](const QString &ws, const QStringList &paths) {
        publish(QStringLiteral("files.removed"),
                {{QStringLiteral("workspace"), ws},
                 {QStringLiteral("paths"), QJsonArray::fromStringList(paths)}});
    });
    connect(&changes, &N::jobsQueued, this, [this](const QString &ws, const QList<JobChange> &j) {
        for (const JobChange &change : j)
            job(QStringLiteral("job.queued"), ws, change);
    });
    connect(&changes, &N::jobStarted, this, [this](const QString &ws, const JobChange &j) {
        job(QStringLiteral("job.started"), ws, j);
    });
    connect(&changes, &N::jobProgress, this, [this](const QString &ws, const JobChange &j) {
        job(QStringLiteral("job.progress"), ws, j);
    });
    connect(&changes, &N::jobFinished, this, [this](const QString &ws, const JobChange &j) {
        job(QStringLiteral("job.finished"), ws, j);
    });
    auto workspace = [this](const char *name) {
        return [this, name](const QString &ws) {
            publish(QLatin1String(name), {{QStringLiteral("workspace"), ws}});
        };
    };
    connect(&changes, &N::workspaceAdded, this, workspace("workspace.added"));
    connect(&changes, &N::workspaceRemoved, this, workspace("workspace.removed"));
    connect(&changes, &N::currentWorkspaceChanged, this, workspace("workspace.current"));
    connect(&changes, &N::workspaceRenamed, this, [this](const QString &from, const QString &to) {
        publish(QStringLiteral("workspace.renamed"),
                {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}});
    });
}

std::shared_ptr<EventSubscription> EventHub::subscribe()
{
    auto subscription = std::make_shared<EventSubscription>();
    QMutexLocker lock(&m_mutex);
    if (m_closed)
        subscription->close();
    else
        m_subscriptions.append(subscription);
    return subscription;
}

void EventHub::unsubscribe(const std::shared_ptr<EventSubscription> &subscription)
{
    QMutexLocker lock(&m_mutex);
    m_subscriptions.removeAll(subscription);
}

void EventHub::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    for (const auto &s : std::as_const(m_subscriptions))
        s->close();
    m_subscriptions.clear();
}

QByteArray EventHub::format(const QString &name, const QJsonObject &data)
{
    return "event: " + name.toUtf8() +
           "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

void EventHub::publish(const QString &name, const QJsonObject &data)
{
    const QByteArray event = format(name, data);
    QMutexLocker lock(&m_mutex);
    for (const auto &s : std::as_const(m_subscriptions))
        s->push(event);
}

void EventHub::files(const QString &name, const QString &workspace, const FileEntries &entries)
{
    QJsonArray files;
    for (const FileEntry &e : entries)
        files.append(fileEntryJson(e));
    publish(name, {{QStringLiteral("workspace"), workspace}, {QStringLiteral("files"), files}});
}

void EventHub::job(const QString &name, const QString &workspace, const JobChange &change)
{
    publish(name, {{QStringLiteral("workspace"), workspace},
                   {QStringLiteral("id"), double(change.id)},
                   {QStringLiteral("kind"), change.jobKind},
                   {QStringLiteral("state"), jobStateName(change.state)},
                   {QStringLiteral("progress"), progressJson(change.progress)},
                   {QStringLiteral("error"), change.error}});
}

} // namespace hawkmoth
