#pragma once
// The network thread's side of HubClient: owns the QNetworkAccessManager and runs each transfer —
// redirects, streaming to and from files, inactivity timeouts, cancellation — to its promise.

#include "HubClient.h"

#include <QNetworkAccessManager>
#include <QPromise>

#include <memory>

namespace hawkmoth::hub {

class HubTransfers : public QObject
{
    Q_OBJECT

public:
    HubTransfers(QUrl endpoint, QString token);

    // Called on the network thread.
    void start(HubRequest request, std::shared_ptr<QPromise<Result<HubResponse>>> promise);

private:
    QNetworkAccessManager *m_manager; // a child: created and used on the network thread
    QUrl m_endpoint;
    QString m_token;
};

} // namespace hawkmoth::hub
