#pragma once
// The test Hub (tests/hubserver/server.mjs) as a fixture: started on 127.0.0.1 with a free port and
// a temporary data folder, stopped and restarted at will, with its admin API at hand.

#include <QJsonValue>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace hawkmoth::test {

class HubServer
{
public:
    static constexpr const char *token = "hf_test_alice_write";

    explicit HubServer(QStringList extraArgs = {});
    ~HubServer();

    bool start(int port = 0);
    void stop();
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QString error() const { return m_error; }
    QString url() const { return m_url; }
    int port() const { return m_port; }
    QString dataDir() const { return m_dir.path() + QStringLiteral("/hub"); }

    // /__admin/... ; body as JSON (or none). Returns the parsed answer.
    QJsonValue admin(const QString &path, const QByteArray &method = "GET",
                     const QByteArray &body = {}) const;
    qint64 stat(const QString &counter) const;
    void resetStats() const;
    void fault(const QByteArray &json) const;
    void clearFaults() const;
    void addToken(const QString &value, const QString &user) const;
    void revokeToken(const QString &value) const;
    // The last requests as the server logged them: method, path, status (0: cut off), t, ms.
    QJsonArray requests(const QString &pathPattern = {}) const;
    int countInLog(const QString &pathFragment, int status = 0) const;

private:
    QStringList m_args;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_url;
    int m_port = 0;
    QString m_error;
};

// node and the hub server's folder, for running hfclient.mjs.
QString hubServerDir();

} // namespace hawkmoth::test
