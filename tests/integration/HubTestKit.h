#pragma once
// Shared by the hub suites: a data root pointed at a test Hub, hawkmoth and the official client's
// command line (hfclient.mjs) bound to them, and the workspace's manifest and listing at hand.

#include "HubServer.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace hawkmoth::test {

class HubKit
{
public:
    explicit HubKit(const HubServer &server)
        : m_server(server)
    {
        // Short timeouts so that a stalled reply is given up quickly in tests.
        writeFile(m_root.dataRoot() + QStringLiteral("/settings.json"),
                  R"({"hubTimeoutSeconds": 3})");
        m_env = m_root.environment();
        m_env.insert(QStringLiteral("HF_ENDPOINT"), server.url());
        m_env.insert(QStringLiteral("HF_TOKEN"), QLatin1String(HubServer::token));
    }

    // settings.json of the data root, replaced.
    void setSettings(const QByteArray &json)
    {
        writeFile(m_root.dataRoot() + QStringLiteral("/settings.json"), json);
    }
    TempRoot &root() { return m_root; }
    QProcessEnvironment &env() { return m_env; }
    QString workspace(const QString &name = QStringLiteral("default")) const
    {
        return m_root.dataRoot() + QStringLiteral("/workspaces/") + name;
    }
    ProcessResult hm(const QStringList &args, const QByteArray &input = {},
                     int timeoutMs = 180000) const
    {
        return runHawkmoth(m_root, args, input, timeoutMs, m_env);
    }
    // node hfclient.mjs with the official @huggingface/hub client.
    ProcessResult js(const QStringList &args) const
    {
        return runProgram(QStringLiteral("node"),
                          QStringList{hubServerDir() + QStringLiteral("/hfclient.mjs"),
                                      QStringLiteral("--endpoint"), m_server.url(),
                                      QStringLiteral("--token"), QLatin1String(HubServer::token)} +
                              args);
    }
    QJsonObject manifest(const QString &ws = QStringLiteral("default")) const
    {
        return QJsonDocument::fromJson(
                   readFile(workspace(ws) + QStringLiteral("/.hawkmoth/manifest.json")))
            .object();
    }
    QJsonObject entry(const QString &path) const
    {
        return lsEntry(
            hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")}).out,
            path);
    }
    // `hawkmoth status --json` of the kit's workspace, and its "hub" part.
    QJsonObject status() const
    {
        return QJsonDocument::fromJson(hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
            .object();
    }
    QJsonObject hubStatus() const { return status().value(QLatin1String("hub")).toObject(); }
    // Files the official client lists in a dataset: path -> size.
    QMap<QString, qint64> remoteFiles(const QString &dataset) const
    {
        QMap<QString, qint64> out;
        for (const QJsonValue &v :
             QJsonDocument::fromJson(js({QStringLiteral("list"), dataset}).out).array())
            out.insert(v.toObject().value(QLatin1String("path")).toString(),
                       qint64(v.toObject().value(QLatin1String("size")).toDouble()));
        return out;
    }

private:
    const HubServer &m_server;
    TempRoot m_root;
    QProcessEnvironment m_env;
};

} // namespace hawkmoth::test
