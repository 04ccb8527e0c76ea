#include "HubManifest.h"

#include "AtomicWriter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace hawkmoth::hub {

Result<HubManifest> HubManifest::load(const QString &file)
{
    QFile f(file);
    if (!f.exists())
        return HubManifest();
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read '%1': %2").arg(file, f.errorString()));
    return parse(f.readAll(), QLatin1Char('\'') + file + QLatin1Char('\''));
}

Result<HubManifest> HubManifest::parse(const QByteArray &json, const QString &what)
{
    HubManifest m;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return Error::invalid(QStringLiteral("%1 is not valid JSON (%2); restore it from git")
                                  .arg(what, error.errorString()));
    const QJsonObject o = doc.object();
    m.dataset = o.value(QLatin1String("dataset")).toString();
    m.lastCommit = o.value(QLatin1String("lastCommit")).toString();
    m.workspaceJsonSha256 = o.value(QLatin1String("workspaceJsonSha256")).toString();
    const QJsonObject files = o.value(QLatin1String("files")).toObject();
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QJsonObject e = it.value().toObject();
        m.files.insert(it.key(), {e.value(QLatin1String("sha256")).toString(),
                                  qint64(e.value(QLatin1String("size")).toDouble()),
                                  e.value(QLatin1String("oid")).toString(),
                                  e.value(QLatin1String("commit")).toString()});
    }
    return m;
}

Status HubManifest::save(const QString &file) const
{
    QJsonObject filesJson;
    for (auto it = files.begin(); it != files.end(); ++it)
        filesJson.insert(it.key(), QJsonObject{{QStringLiteral("sha256"), it->sha256},
                                               {QStringLiteral("size"), double(it->size)},
                                               {QStringLiteral("oid"), it->oid},
                                               {QStringLiteral("commit"), it->commit}});
    const QJsonObject o{{QStringLiteral("version"), 1},
                        {QStringLiteral("dataset"), dataset},
                        {QStringLiteral("lastCommit"), lastCommit},
                        {QStringLiteral("workspaceJsonSha256"), workspaceJsonSha256},
                        {QStringLiteral("files"), filesJson}};
    // Sorted keys and indentation: the manifest is read in diffs.
    return AtomicWriter::writeFile(file, QJsonDocument(o).toJson(QJsonDocument::Indented));
}

} // namespace hawkmoth::hub
