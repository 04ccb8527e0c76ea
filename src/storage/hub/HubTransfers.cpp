#include "HubTransfers.h"

#include "FileRangeDevice.h"
#include "GitBlobId.h"
#include "NetworkThread.h"
#include "Sha256.h"
#include "TcpNoDelay.h"

#include <QFile>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <optional>

namespace hawkmoth::hub {

namespace {

constexpr int maxRedirects = 5;
constexpr qint64 maxBufferedBody =
    256LL * 1024 * 1024; // JSON and inline content, never LFS payloads
// What Qt may hold of a download that is not written yet: without a bound, its HTTP thread reads
// on while a write waits for the disk, and a gigabyte download held hundreds of megabytes.
constexpr qint64 downloadReadBuffer = 1024 * 1024;

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host() == b.host() &&
           a.port(a.scheme() == QLatin1String("https") ? 443 : 80) ==
               b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

// One request from start to its promise, across redirects; lives on the network thread.
struct HubTransfer : std::enable_shared_from_this<HubTransfer>
{
    HubTransfers *owner = nullptr; // forgets the transfer when it finishes
    QNetworkAccessManager *manager = nullptr;
    QUrl endpoint;
    QString token;
    HubRequest request;
    std::shared_ptr<QPromise<Result<HubResponse>>> promise;
    QNetworkReply *reply = nullptr;
    QFile out;
    std::optional<Sha256> sha256;    // of the body as it is written (hashDownload)
    std::optional<GitBlobId> blobId; // likewise, with the size announced beforehand
    QTimer *cancelPoll = nullptr;
    int redirects = 0;
    bool cancelled = false;
    bool newConnection = false;         // this request opened a connection: set TCP_NODELAY on it
    TcpNoDelay::Snapshot socketsBefore; // the process's sockets before this hop asked for one
    HubResponse response;

    void finish(Result<HubResponse> result)
    {
        if (owner) {
            owner->m_running.erase(this);
            owner = nullptr;
        }
        if (cancelPoll) {
            cancelPoll->stop();
            cancelPoll->deleteLater();
            cancelPoll = nullptr;
        }
        out.close();
        promise->addResult(std::move(result));
        promise->finish();
    }

    void begin(const QUrl &url)
    {
        QNetworkRequest req(url);
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
        req.setTransferTimeout(request.inactivityTimeoutMs);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        for (const auto &[name, value] : request.headers)
            req.setRawHeader(name, value);
        // The token goes to the Hub's origin only: never to a CDN a redirect leads to.
        if (request.authorize && !token.isEmpty() && sameOrigin(url, endpoint))
            req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        response = HubResponse{};
        newConnection = false;
        // Whatever socket appears after this, connected to this URL's host, is the one the manager
        // opened for us: sockets of others (libgit2, the embedding program) are never touched.
        socketsBefore = TcpNoDelay::openSockets();
        const bool firstHop = redirects == 0;
        if (!request.uploadFile.isEmpty() && firstHop) {
            auto *device =
                new FileRangeDevice(request.uploadFile, request.uploadOffset, request.uploadLength);
            if (!device->open(QIODevice::ReadOnly)) {
                const QString why = device->errorString();
                delete device;
                return finish(Error::io(QStringLiteral("cannot read '%1' to upload it: %2")
                                            .arg(request.uploadFile, why)));
            }
            req.setHeader(QNetworkRequest::ContentLengthHeader, device->size());
            reply = manager->sendCustomRequest(req, request.method, device);
            device->setParent(reply);
        } else if (request.method == "GET") {
            reply = manager->get(req);
            if (!request.downloadFile.isEmpty())
                reply->setReadBufferSize(downloadReadBuffer);
        } else if (request.method == "HEAD") {
            reply = manager->head(req);
        } else {
            reply = manager->sendCustomRequest(req, request.method,
                                               firstHop ? request.body : QByteArray());
        }
        auto self = shared_from_this();
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [self] { self->onReadyRead(); });
        QObject::connect(reply, &QNetworkReply::uploadProgress, reply,
                         [self](qint64 sent, qint64 total) {
                             if (self->request.progress)
                                 self->request.progress({sent, total, 0, 0});
                         });
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply,
                         [self](qint64 got, qint64 total) {
                             if (self->request.progress && !self->request.downloadFile.isEmpty())
                                 self->request.progress({got, total, 0, 0});
                         });
        QObject::connect(reply, &QNetworkReply::finished, reply, [self] { self->onFinished(); });
        // A new connection gets TCP_NODELAY once its socket is connected (it is when the request
        // went out); a request on a connection reused from the pool needs nothing, so thousands of
        // small uploads look at the sockets only a few times.
        QObject::connect(reply, &QNetworkReply::socketStartedConnecting, reply,
                         [self] { self->newConnection = true; });
        QObject::connect(reply, &QNetworkReply::requestSent, reply, [self] {
            if (self->newConnection && self->reply)
                TcpNoDelay::applyToNewSockets(self->socketsBefore, self->reply->url());
            self->newConnection = false;
        });
    }

    int status() const
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    void onReadyRead()
    {
        const int code = status();
        const bool toFile = !request.downloadFile.isEmpty() && code >= 200 && code < 300;
        if (!toFile) {
            response.body += reply->readAll();
            if (response.body.size() > maxBufferedBody) {
                reply->abort();
                finish(Error{ErrorCode::Server,
                             QStringLiteral("the reply from %1 is larger than expected")
                                 .arg(reply->url().toString())});
            }
            return;
        }
        if (!out.isOpen() && !openDownload(code))
            return;
        const QByteArray chunk = reply->readAll();
        if (out.write(chunk) != chunk.size()) {
            reply->abort();
            return finish(Error::io(QStringLiteral("cannot write '%1': %2")
                                        .arg(request.downloadFile, out.errorString())));
        }
        if (sha256)
            sha256->update(chunk);
        if (blobId)
            blobId->update(chunk.constData(), size_t(chunk.size()));
        response.bytesReceived += chunk.size();
    }

    // Opens the download's file for a 2xx answer; false (and finished) when it cannot.
    bool openDownload(int code)
    {
        out.setFileName(request.downloadFile);
        // A 200 to a Range request sends the whole file again: start over then.
        const bool append = request.appendDownload && code == 206;
        if (!out.open(append ? QIODevice::Append : QIODevice::WriteOnly | QIODevice::Truncate)) {
            reply->abort();
            finish(Error::io(QStringLiteral("cannot write '%1': %2")
                                 .arg(request.downloadFile, out.errorString())));
            return false;
        }
        if (request.hashDownload && !append) {
            sha256.emplace();
            if (request.expectedSize >= 0)
                blobId.emplace(request.expectedSize);
        }
        return true;
    }

    // The hashes of a body that was hashed whole on its way to the file.
    void finishDigests()
    {
        if (sha256)
            response.sha256 = QString::fromLatin1(sha256->finalHex());
        if (blobId && response.bytesReceived == request.expectedSize)
            response.gitBlobId = blobId->finalHex();
    }

    void onFinished()
    {
        reply->deleteLater();
        if (promise->future().isFinished())
            return;
        const int code = status();
        if (request.followRedirects && code >= 300 && code < 400 &&
            reply->hasRawHeader("Location")) {
            if (++redirects > maxRedirects)
                return finish(Error{
                    ErrorCode::Server,
                    QStringLiteral("too many redirects from %1").arg(request.url.toString())});
            const QUrl next =
                reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            reply->readAll();
            return begin(next);
        }
        if (cancelled)
            return finish(Error::cancelled());
        const QNetworkReply::NetworkError error = reply->error();
        if (code == 0 ||
            (error != QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied)) {
            // No HTTP answer at all: refused, dropped, timed out (Qt reports a timeout as cancel).
            const QString why =
                error == QNetworkReply::OperationCanceledError
                    ? QStringLiteral("no progress for %1 s").arg(request.inactivityTimeoutMs / 1000)
                    : reply->errorString();
            return finish(
                Error{ErrorCode::Network, QStringLiteral("%1 %2: %3")
                                              .arg(QString::fromLatin1(request.method),
                                                   reply->url().toString(QUrl::RemoveQuery), why)});
        }
        response.status = code;
        response.url = reply->url();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            response.headers.insert(name.toLower(), value);
        onReadyRead(); // whatever is left
        if (promise->future().isFinished())
            return;
        // An empty body never signals readyRead: its file is created all the same.
        if (!request.downloadFile.isEmpty() && response.ok() && !out.isOpen() &&
            !openDownload(code))
            return;
        // The hashes vouch for the file only once all of it is written.
        if (out.isOpen() && !out.flush())
            return finish(Error::io(QStringLiteral("cannot write '%1': %2")
                                        .arg(request.downloadFile, out.errorString())));
        finishDigests();
        finish(response);
    }

    // Its client is going: the reply is aborted and the waiter told.
    void abandon()
    {
        cancelled = true;
        if (reply) {
            QObject::disconnect(reply, nullptr, nullptr, nullptr);
            reply->abort();
            reply->deleteLater();
        }
        if (!promise->future().isFinished())
            finish(Error::cancelled());
    }
};

HubTransfers::HubTransfers(NetworkThread &network, QUrl endpoint, QString token)
    : m_network(network)
    , m_endpoint(std::move(endpoint))
    , m_token(std::move(token))
{}

HubTransfers::~HubTransfers()
{
    // Copied first: finishing a transfer removes it from m_running.
    const auto running = m_running;
    for (const auto &[raw, weak] : running) {
        if (auto transfer = weak.lock())
            transfer->abandon();
    }
}

void HubTransfers::start(HubRequest request, std::shared_ptr<QPromise<Result<HubResponse>>> promise)
{
    auto transfer = std::make_shared<HubTransfer>();
    transfer->manager = m_network.manager();
    transfer->endpoint = m_endpoint;
    transfer->token = m_token;
    transfer->promise = std::move(promise);
    transfer->request = std::move(request);
    if (transfer->request.cancel.isCancelled())
        return transfer->finish(Error::cancelled());
    transfer->owner = this;
    m_running.emplace(transfer.get(), transfer);
    transfer->cancelPoll = new QTimer(this);
    QObject::connect(transfer->cancelPoll, &QTimer::timeout, this,
                     [weak = std::weak_ptr<HubTransfer>(transfer)] {
                         auto t = weak.lock();
                         if (t && t->reply && t->request.cancel.isCancelled() && !t->cancelled) {
                             t->cancelled = true;
                             t->reply->abort();
                         }
                     });
    transfer->cancelPoll->start(100);
    transfer->begin(transfer->request.url);
}

} // namespace hawkmoth::hub
