#pragma once
// Shared by the hub suites: a data root pointed at a test Hub, hawkmoth and the official client's
// command line (hfclient.mjs) bound to them, and the workspace's manifest and listing at hand.

#include "HubServer.h"
#include "TestSupport.h"

#include <QCryptographicHash>
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
    // count random files folder/f0.bin, f1.bin… of size + i bytes in the kit's root: their
    // contents.
    QList<QByteArray> writeFiles(const QString &folder, int count, qsizetype size,
                                 quint32 seed) const
    {
        QList<QByteArray> contents;
        for (int i = 0; i < count; ++i) {
            contents.append(randomBytes(size + i, seed + quint32(i)));
            writeFile(m_root.file(QStringLiteral("%1/f%2.bin").arg(folder).arg(i)),
                      contents.last());
        }
        return contents;
    }
    // A new workspace `name` holding the folder `folder` of the kit's root (imported), synced to
    // the Hub and to a new bare git remote: the remote's path, for clone-project elsewhere; empty
    // (and the failing step logged) when a step failed.
    QString publish(const QString &name, const QString &folder)
    {
        const QString bare = bareRemote(name);
        const QList<QStringList> steps{{QStringLiteral("create-project"), name},
                                       {QStringLiteral("import"), m_root.file(folder)},
                                       {QStringLiteral("remote"), QStringLiteral("set"), bare},
                                       {QStringLiteral("sync")}};
        for (const QStringList &step : steps) {
            const ProcessResult done = hm(step);
            if (done.exitCode != 0) {
                qWarning("%s", qPrintable(done.describe()));
                return {};
            }
        }
        return bare;
    }
    // An empty bare git repository in the kit's root, for a workspace's remote: its path.
    QString bareRemote(const QString &name) const
    {
        const QString path = m_root.file(name + QStringLiteral(".git"));
        const ProcessResult made =
            runProgram(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q"),
                                               QStringLiteral("--bare"), path});
        if (made.exitCode != 0)
            qWarning("git init --bare %s failed: %s", qPrintable(path), made.err.constData());
        return path;
    }
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

inline QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// The statuses of requests as the test Hub logged them (0: cut off without an answer).
inline QList<int> statuses(const QJsonArray &requests)
{
    QList<int> out;
    for (const QJsonValue &v : requests)
        out.append(v.toObject().value(QLatin1String("status")).toInt());
    return out;
}

} // namespace hawkmoth::test
