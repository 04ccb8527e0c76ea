#include "WorkspaceMetadata.h"

#include "AtomicWriter.h"

#include <QFile>
#include <QJsonDocument>

namespace hawkmoth {

namespace {
const QStringList knownKeys = {QStringLiteral("name"),    QStringLiteral("template"),
                               QStringLiteral("id"),      QStringLiteral("created"),
                               QStringLiteral("updated"), QStringLiteral("gitRemote"),
                               QStringLiteral("dataset"), QStringLiteral("version")};
}

QByteArray WorkspaceMetadata::toJson() const
{
    QJsonObject o = extra;
    o.insert(QLatin1String("version"), 1);
    o.insert(QLatin1String("name"), name);
    o.insert(QLatin1String("template"), templateName);
    o.insert(QLatin1String("id"), id);
    o.insert(QLatin1String("created"), created.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("updated"), updated.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("gitRemote"), gitRemote);
    o.insert(QLatin1String("dataset"), dataset);
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

Result<WorkspaceMetadata> WorkspaceMetadata::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return Error::invalid(
            QStringLiteral("workspace metadata is not a JSON object: %1").arg(error.errorString()));
    const QJsonObject o = doc.object();
    WorkspaceMetadata m;
    m.name = o.value(QLatin1String("name")).toString();
    m.templateName = o.value(QLatin1String("template")).toString();
    m.id = o.value(QLatin1String("id")).toString();
    m.created =
        QDateTime::fromString(o.value(QLatin1String("created")).toString(), Qt::ISODateWithMs);
    m.updated =
        QDateTime::fromString(o.value(QLatin1String("updated")).toString(), Qt::ISODateWithMs);
    m.gitRemote = o.value(QLatin1String("gitRemote")).toString();
    m.dataset = o.value(QLatin1String("dataset")).toString();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!knownKeys.contains(it.key()))
            m.extra.insert(it.key(), it.value());
    }
    return m;
}

Result<WorkspaceMetadata> WorkspaceMetadata::load(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return Error::notFound(
            QStringLiteral("cannot read workspace metadata '%1': %2").arg(file, f.errorString()));
    auto m = fromJson(f.readAll());
    if (!m)
        return m.error().context(file);
    return m;
}

Status WorkspaceMetadata::save(const QString &file) const
{
    return AtomicWriter::writeFile(file, toJson());
}

} // namespace hawkmoth
