#pragma once
// A running `hawkmoth serve --port 0` on a temporary data root, and blocking HTTP calls on it
// through Qt Network, for the REST tests.

#include "TestSupport.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>

class QNetworkReply;

namespace hawkmoth::test {

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    QByteArray header(const QByteArray &name) const;
    // The error's code ("invalid-argument", "not-found", ...); empty when the body is no error.
    QString errorCode() const;
    QString describe() const;
};

class RestClient
{
public:
    explicit RestClient(const TempRoot &root);
    // With another environment for the server (a Hub endpoint and token, say).
    RestClient(const TempRoot &root, const QProcessEnvironment &environment);
    ~RestClient(); // stops the server
    RestClient(const RestClient &) = delete;
    RestClient &operator=(const RestClient &) = delete;

    bool started() const { return m_port > 0; }
    QString startError() const { return m_startError; }
    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    // The bearer token the server made in the data root, and the header every call sends.
    QByteArray token() const { return m_token; }
    QByteArray authorization() const { return "Bearer " + m_token; }

    HttpReply get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpReply post(const QString &path, const QByteArray &body);
    HttpReply post(const QString &path, const QJsonObject &body)
    {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    HttpReply del(const QString &path);
    // A multipart form: text fields, and the file at localFile (streamed from disk) as "file".
    HttpReply upload(const QString &path, const QList<QPair<QString, QByteArray>> &fields,
                     const QString &localFile);
    // A GET whose body is written to toFile as it arrives (the reply's body stays empty).
    HttpReply download(const QString &path, const QString &toFile);
    // The server's peak resident memory so far (VmHWM), in KiB.
    qint64 serverPeakRssKib() const;
    // A GET whose body arrives as it comes (an event stream): every byte read is appended to
    // *received while the event loop runs.
    QNetworkReply *stream(const QString &path, QByteArray *received);
    // Stops the server with SIGTERM; its exit code.
    int stop();

private:
    // Runs an event loop until reply finishes, and takes it.
    static HttpReply wait(QNetworkReply *reply);
    HttpReply send(const QByteArray &verb, const QString &path, const QByteArray &body,
                   const QList<QPair<QByteArray, QByteArray>> &headers, QIODevice *device = nullptr,
                   const QByteArray &contentType = "application/json");

    QProcess m_server;
    QNetworkAccessManager m_network;
    int m_port = 0;
    QByteArray m_token;
    QString m_startError;
};

} // namespace hawkmoth::test
