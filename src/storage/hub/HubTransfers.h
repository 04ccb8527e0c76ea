#pragma once
// The network thread's side of one HubClient: runs each of its transfers on the shared manager —
// redirects, streaming to and from files, inactivity timeouts, cancellation — to its promise, and
// aborts what is still in flight when its client goes.

#include "HubClient.h"

#include <QPromise>

#include <memory>
#include <unordered_map>

namespace hawkmoth::hub {

class NetworkThread;
struct HubTransfer;

class HubTransfers : public QObject
{
    Q_OBJECT

public:
    HubTransfers(NetworkThread &network, QUrl endpoint, QString token);
    ~HubTransfers() override; // on the network thread: transfers still running end as cancelled

    // Called on the network thread.
    void start(HubRequest request, std::shared_ptr<QPromise<Result<HubResponse>>> promise);

private:
    friend struct HubTransfer;

    NetworkThread &m_network;
    QUrl m_endpoint;
    QString m_token;
    std::unordered_map<HubTransfer *, std::weak_ptr<HubTransfer>> m_running;
};

} // namespace hawkmoth::hub
