#pragma once
// Turns the storage core's change notifications (files, jobs, workspaces) into Server-Sent
// Events and hands each to every subscribed connection. Lives on the core's thread, where the
// ChangeNotifier signals; subscriptions are taken and dropped from HTTP threads.

#include "ChangeNotifier.h"
#include "EventSubscription.h"

#include <QJsonObject>
#include <QMutex>
#include <QObject>

#include <memory>

namespace hawkmoth {

class EventHub : public QObject
{
    Q_OBJECT

public:
    explicit EventHub(ChangeNotifier &changes, QObject *parent = nullptr);

    std::shared_ptr<EventSubscription> subscribe();
    void unsubscribe(const std::shared_ptr<EventSubscription> &subscription);
    // Ends every stream (the server is stopping) and refuses new ones.
    void close();

    // "event: NAME\ndata: JSON\n\n".
    static QByteArray format(const QString &name, const QJsonObject &data);

private:
    void publish(const QString &name, const QJsonObject &data);
    void files(const QString &name, const QString &workspace, const FileEntries &entries);
    void job(const QString &name, const QString &workspace, const JobChange &change);

    QMutex m_mutex;
    QList<std::shared_ptr<EventSubscription>> m_subscriptions;
    bool m_closed = false;
};

} // namespace hawkmoth
