#include "AppSettings.h"

#include "AtomicWriter.h"
#include "ContentCache.h"

#include <QFile>
#include <QJsonDocument>

namespace hawkmoth {

Result<AppSettings> AppSettings::load(const QString &file)
{
    AppSettings settings;
    QFile f(file);
    if (!f.exists())
        return settings;
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(
            QStringLiteral("cannot read settings '%1': %2").arg(file, f.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (!doc.isObject())
        return Error::invalid(
            QStringLiteral("settings '%1' are not valid JSON (%2); fix or remove the file")
                .arg(file, error.errorString()));
    settings.m_values = doc.object();
    return settings;
}

Status AppSettings::save(const QString &file) const
{
    return AtomicWriter::writeFile(file, QJsonDocument(m_values).toJson(QJsonDocument::Indented));
}

QString AppSettings::currentWorkspace() const
{
    return m_values.value(QLatin1String("currentWorkspace")).toString();
}

void AppSettings::setCurrentWorkspace(const QString &name)
{
    m_values.insert(QLatin1String("currentWorkspace"), name);
}

bool AppSettings::autoSync() const
{
    return m_values.value(QLatin1String("autoSync")).toBool(true);
}

int AppSettings::autoSyncDelaySeconds() const
{
    const int v = m_values.value(QLatin1String("autoSyncDelaySeconds")).toInt(5);
    return v >= 0 ? v : 5;
}

qint64 AppSettings::cacheBudgetBytes() const
{
    const double v = m_values.value(QLatin1String("cacheBudgetBytes"))
                         .toDouble(double(ContentCache::defaultBudget));
    return v > 0 ? qint64(v) : ContentCache::defaultBudget;
}

QJsonValue AppSettings::value(const QString &key, const QJsonValue &fallback) const
{
    return m_values.contains(key) ? m_values.value(key) : fallback;
}

void AppSettings::setValue(const QString &key, const QJsonValue &value)
{
    m_values.insert(key, value);
}

} // namespace hawkmoth
