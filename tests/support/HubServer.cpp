#include "HubServer.h"

#include "TestSupport.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace hawkmoth::test {

QString hubServerDir()
{
    return sourceDir() + QStringLiteral("/tests/hubserver");
}

HubServer::HubServer(QStringList extraArgs)
    : m_args(std::move(extraArgs))
{
    start();
}

HubServer::~HubServer()
{
    stop();
}

bool HubServer::start(int port)
{
    if (!QFile::exists(hubServerDir() +
                       QStringLiteral("/node_modules/@huggingface/hub/package.json")) &&
        !QFile::exists(hubServerDir() + QStringLiteral("/server.mjs"))) {
        m_error = QStringLiteral("tests/hubserver is missing");
        return false;
    }
    m_process.setProgram(QStringLiteral("node"));
    m_process.setArguments(QStringList{hubServerDir() + QStringLiteral("/server.mjs"),
                                       QStringLiteral("--port"), QString::number(port),
                                       QStringLiteral("--data"), dataDir()} +
                           m_args);
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("node does not start: %1").arg(m_process.errorString());
        return false;
    }
    QByteArray out;
    while (!out.contains('\n') && m_process.waitForReadyRead(10000))
        out += m_process.readAllStandardOutput();
    const qsizetype at = out.indexOf("listening ");
    if (at < 0) {
        m_error = QString::fromUtf8(out + m_process.readAllStandardError());
        return false;
    }
    m_url = QString::fromUtf8(out.mid(at + 10).trimmed());
    m_port = m_url.section(QLatin1Char(':'), -1).toInt();
    return true;
}

void HubServer::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished();
    }
}

QJsonValue HubServer::admin(const QString &path, const QByteArray &method,
                            const QByteArray &body) const
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(m_url + QStringLiteral("/__admin/") + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

qint64 HubServer::stat(const QString &counter) const
{
    return qint64(admin(QStringLiteral("stats")).toObject().value(counter).toDouble());
}

void HubServer::resetStats() const
{
    admin(QStringLiteral("stats/reset"), "POST");
}

void HubServer::fault(const QByteArray &json) const
{
    admin(QStringLiteral("faults"), "POST", json);
}

void HubServer::clearFaults() const
{
    admin(QStringLiteral("faults"), "DELETE");
}

void HubServer::addToken(const QString &value, const QString &user) const
{
    admin(
        QStringLiteral("tokens"), "POST",
        QJsonDocument(QJsonObject{{QStringLiteral("token"), value}, {QStringLiteral("user"), user}})
            .toJson());
}

void HubServer::revokeToken(const QString &value) const
{
    admin(QStringLiteral("tokens/") + value, "DELETE");
}

QJsonArray HubServer::requests(const QString &pathPattern) const
{
    const QRegularExpression rx(pathPattern);
    QJsonArray out;
    for (const QJsonValue &v : admin(QStringLiteral("log?n=500")).toArray()) {
        if (!v.toObject()
                 .value(QLatin1String("path"))
                 .toString()
                 .startsWith(QLatin1String("/__admin")) &&
            rx.match(v.toObject().value(QLatin1String("path")).toString()).hasMatch())
            out.append(v);
    }
    return out;
}

int HubServer::countInLog(const QString &pathFragment, int status) const
{
    int n = 0;
    for (const QJsonValue &v : admin(QStringLiteral("log?n=500")).toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("path")).toString().contains(pathFragment) &&
            (status == 0 || o.value(QLatin1String("status")).toInt() == status))
            ++n;
    }
    return n;
}

} // namespace hawkmoth::test
