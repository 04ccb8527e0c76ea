#pragma once
// The connection to one Hub endpoint with one token, through the process's NetworkThread (its one
// QNetworkAccessManager). Requests can be made from any thread and come back as futures; a job
// thread may wait on them (the GUI thread never does). Bodies stream from files and responses to
// files, so no transfer is held in memory; redirects are followed here, and the token only ever
// goes to the Hub's own origin.

#include "Cancellation.h"
#include "Result.h"
#include "StorageContext.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>

namespace hawkmoth::hub {

struct HubRequest
{
    QByteArray method = "GET";
    QUrl url;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool authorize = true; // send the token (only ever to the endpoint's origin)
    QByteArray body;       // an in-memory body, or:
    QString uploadFile;    // a file (range) streamed as the body
    qint64 uploadOffset = 0;
    qint64 uploadLength = -1;    // -1: to the end of the file
    QString downloadFile;        // stream the response body into this file ...
    bool appendDownload = false; // ... after what it holds already (a resumed Range request)
    // Hash the body on its way into downloadFile, so that a finished download need not be read
    // again: its sha256 and, when expectedSize is known, git's blob id. Only a body written from
    // its first byte is hashed (not the rest of a resumed one).
    bool hashDownload = false;
    qint64 expectedSize = -1;
    int inactivityTimeoutMs = 0; // without progress for this long a transfer fails; 0: the client's
    bool expectJson = false;     // for HubRetry: a 2xx body that is not JSON is a server failure
    bool followRedirects = true; // false: a 3xx is the answer (HEAD reads the Hub's own headers)
    CancelToken cancel;
    ProgressFn progress;
};

struct HubResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;                       // empty when streamed to a file
    QUrl url;                              // after redirects
    qint64 bytesReceived = 0;
    QString sha256;    // of the body written to downloadFile, when hashDownload asked for it
    QString gitBlobId; // likewise, when the body had the expected size

    bool ok() const { return status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    // The Hub's error as a HAWKMOTH Error (401 → Unauthenticated, 429 → RateLimited, 5xx →
    // Server...).
    Error error(const QString &what) const;
    // Seconds from Retry-After (or RateLimit's t=) as milliseconds; -1 when absent.
    qint64 retryAfterMs() const;
};

class HubTransfers;
class NetworkThread;

class HubClient : public QObject
{
    Q_OBJECT

public:
    HubClient(NetworkThread &network, QUrl endpoint, QString token, QObject *parent = nullptr);
    // A client on the context's network thread for the endpoint and timeout its settings name
    // (hubTimeoutSeconds, default 60); an error when the context has no network thread.
    static Result<std::unique_ptr<HubClient>> create(const StorageContext &context,
                                                     const QString &token);
    ~HubClient() override; // aborts what is still in flight (the network thread goes on)

    const QUrl &endpoint() const { return m_endpoint; }
    // Relative paths ("/api/whoami-v2") resolve against the endpoint.
    QUrl url(const QString &pathAndQuery) const;

    // A transfer fails after this long without progress (a stalled server): default 60 s.
    void setInactivityTimeout(int ms) { m_timeoutMs = ms; }

    QFuture<Result<HubResponse>> send(HubRequest request);
    // send() and wait: for job threads only.
    Result<HubResponse> call(HubRequest request) { return send(std::move(request)).result(); }

private:
    QUrl m_endpoint;
    int m_timeoutMs = 60000;
    HubTransfers *m_transfers; // lives on the network thread
};

} // namespace hawkmoth::hub
