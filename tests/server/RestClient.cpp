#include "RestClient.h"

#include <QEventLoop>
#include <QFile>
#include <QHttpMultiPart>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace hawkmoth::test {

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpReply::errorCode() const
{
    return object()
        .value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

QString HttpReply::describe() const
{
    return QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body.left(2000)));
}

RestClient::RestClient(const TempRoot &root)
    : RestClient(root, root.environment())
{}

RestClient::RestClient(const TempRoot &root, const QProcessEnvironment &environment)
{
    m_server.setProcessEnvironment(environment);
    m_server.start(hawkmothBinary(),
                   {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")});
    QByteArray said;
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127.0.0.1:(\\d+)"));
    while (m_server.waitForReadyRead(30000)) {
        said += m_server.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(said));
        if (match.hasMatch()) {
            m_port = match.captured(1).toInt();
            m_token = readFile(root.dataRoot() + QStringLiteral("/server-token")).trimmed();
            return;
        }
    }
    m_startError =
        QStringLiteral("serve did not start: %1 %2")
            .arg(QString::fromUtf8(said), QString::fromUtf8(m_server.readAllStandardError()));
}

RestClient::~RestClient()
{
    if (m_server.state() != QProcess::NotRunning)
        stop();
}

int RestClient::stop()
{
    m_server.terminate();
    if (!m_server.waitForFinished(30000)) {
        m_server.kill();
        m_server.waitForFinished();
        return -1;
    }
    return m_server.exitStatus() == QProcess::NormalExit ? m_server.exitCode() : -1;
}

HttpReply RestClient::wait(QNetworkReply *reply)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    delete reply;
    return out;
}

HttpReply RestClient::send(const QByteArray &verb, const QString &path, const QByteArray &body,
                           const QList<QPair<QByteArray, QByteArray>> &headers, QIODevice *device,
                           const QByteArray &contentType)
{
    QNetworkRequest request(QUrl(base() + path));
    request.setTransferTimeout(600000);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Authorization", authorization());
    for (const auto &[key, value] : headers)
        request.setRawHeader(key, value);
    return wait(device ? m_network.sendCustomRequest(request, verb, device)
                       : m_network.sendCustomRequest(request, verb, body));
}

HttpReply RestClient::get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("GET", path, {}, headers, nullptr, {});
}

HttpReply RestClient::post(const QString &path, const QByteArray &body)
{
    return send("POST", path, body, {});
}

HttpReply RestClient::del(const QString &path)
{
    return send("DELETE", path, {}, {}, nullptr, {});
}

HttpReply RestClient::download(const QString &path, const QString &toFile)
{
    QFile out(toFile);
    if (!out.open(QIODevice::WriteOnly))
        return {};
    QNetworkRequest request(QUrl(base() + path));
    request.setTransferTimeout(600000);
    request.setRawHeader("Authorization", authorization());
    QNetworkReply *reply = m_network.get(request);
    QObject::connect(reply, &QNetworkReply::readyRead, reply,
                     [reply, &out] { out.write(reply->readAll()); });
    HttpReply done = wait(reply);
    out.write(done.body);
    done.body.clear();
    return done;
}

qint64 RestClient::serverPeakRssKib() const
{
    const QByteArray status = readFile(QStringLiteral("/proc/%1/status").arg(m_server.processId()));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QNetworkReply *RestClient::stream(const QString &path, QByteArray *received)
{
    QNetworkRequest request(QUrl(base() + path));
    request.setRawHeader("Authorization", authorization());
    QNetworkReply *reply = m_network.get(request);
    QObject::connect(reply, &QNetworkReply::readyRead, reply,
                     [reply, received] { received->append(reply->readAll()); });
    return reply;
}

HttpReply RestClient::upload(const QString &path, const QList<QPair<QString, QByteArray>> &fields,
                             const QString &localFile)
{
    QHttpMultiPart form(QHttpMultiPart::FormDataType);
    for (const auto &[name, value] : fields) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"%1\"").arg(name));
        part.setBody(value);
        form.append(part);
    }
    auto *file = new QFile(localFile, &form);
    if (!localFile.isEmpty()) {
        file->open(QIODevice::ReadOnly);
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       QStringLiteral("form-data; name=\"file\"; filename=\"upload.bin\""));
        part.setHeader(QNetworkRequest::ContentTypeHeader,
                       QStringLiteral("application/octet-stream"));
        part.setBodyDevice(file);
        form.append(part);
    }
    QNetworkRequest request(QUrl(base() + path));
    request.setTransferTimeout(600000);
    request.setRawHeader("Authorization", authorization());
    // The form (and its file) must outlive the reply: wait here.
    return wait(m_network.post(request, &form));
}

} // namespace hawkmoth::test
