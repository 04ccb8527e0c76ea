#include "AppSettings.h"

#include "AtomicWriter.h"
#include "ContentCache.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace hawkmoth {

namespace {

enum class Kind
{
    Boolean,
    Text,
    NonNegative, // a count or a delay; 0 allowed
    Positive,    // a timeout, a budget or a parallelism; 0 would stall or disable the feature
    Port,        // a TCP port; 0 is any free one
};

struct KnownKey
{
    const char *name;
    Kind kind;
};

// The keys HAWKMOTH reads; any other key is kept untouched for newer versions and tools.
constexpr KnownKey knownKeys[] = {
    {"currentWorkspace", Kind::Text},
    {"initialized", Kind::Boolean},
    {"autoSync", Kind::Boolean},
    {"autoSyncDelaySeconds", Kind::NonNegative},
    {"autoPush", Kind::Boolean},
    {"syncWaitSeconds", Kind::NonNegative},
    {"cacheBudgetBytes", Kind::Positive},
    {"hubEndpoint", Kind::Text},
    {"hubNamespace", Kind::Text},
    {"hubPrivate", Kind::Boolean},
    {"hubParallelUploads", Kind::Positive},
    {"hubParallelDownloads", Kind::Positive},
    {"hubTimeoutSeconds", Kind::Positive},
    {"gitAuthorName", Kind::Text},
    {"gitAuthorEmail", Kind::Text},
    {"gitSshKey", Kind::Text},
    {"restServer", Kind::Boolean},
    {"restServerPort", Kind::Port},
};

QString expectation(Kind kind)
{
    switch (kind) {
    case Kind::Boolean:
        return QStringLiteral("true or false");
    case Kind::Text:
        return QStringLiteral("a string");
    case Kind::NonNegative:
        return QStringLiteral("a whole number of 0 or more");
    case Kind::Positive:
        return QStringLiteral("a whole number of 1 or more");
    case Kind::Port:
        return QStringLiteral("a port from 0 (any free one) to 65535");
    }
    return {};
}

bool fits(const QJsonValue &v, Kind kind)
{
    const double n = v.toDouble(-1);
    switch (kind) {
    case Kind::Boolean:
        return v.isBool();
    case Kind::Text:
        return v.isString();
    case Kind::NonNegative:
        return v.isDouble() && n >= 0 && n == double(qint64(n));
    case Kind::Positive:
        return v.isDouble() && n >= 1 && n == double(qint64(n));
    case Kind::Port:
        return v.isDouble() && n >= 0 && n <= 65535 && n == double(qint64(n));
    }
    return false;
}

Status validate(const QString &file, const QJsonObject &values)
{
    auto bad = [&](const QString &key, const QString &why) {
        return Error::invalid(
            QStringLiteral("settings '%1': \"%2\" %3; fix or remove it").arg(file, key, why));
    };
    if (values.contains(QLatin1String("version"))) {
        const QJsonValue v = values.value(QLatin1String("version"));
        if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() != double(qint64(v.toDouble())))
            return bad(QStringLiteral("version"), QStringLiteral("must be a whole number"));
        if (v.toDouble() > AppSettings::version)
            return bad(QStringLiteral("version"),
                       QStringLiteral("is %1: written by a newer HAWKMOTH (this one reads version "
                                      "%2); update HAWKMOTH")
                           .arg(qint64(v.toDouble()))
                           .arg(AppSettings::version));
    }
    for (const KnownKey &k : knownKeys) {
        const QString key = QString::fromLatin1(k.name);
        if (values.contains(key) && !fits(values.value(key), k.kind))
            return bad(key, QStringLiteral("must be %1, not %2")
                                .arg(expectation(k.kind),
                                     QString::fromUtf8(QJsonDocument(QJsonArray{values.value(key)})
                                                           .toJson(QJsonDocument::Compact))
                                         .mid(1)
                                         .chopped(1)));
    }
    return {};
}

} // namespace

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
    if (doc.isNull())
        return Error::invalid(
            QStringLiteral("settings '%1' are not valid JSON (%2 at offset %3); fix or remove "
                           "the file")
                .arg(file, error.errorString())
                .arg(error.offset));
    if (!doc.isObject())
        return Error::invalid(
            QStringLiteral("settings '%1' hold a JSON %2, not a JSON object "
                           "({\"key\": value, ...}); fix or remove the file")
                .arg(file, doc.isArray() ? QStringLiteral("array") : QStringLiteral("value")));
    HM_TRY(validate(file, doc.object()));
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

QUrl AppSettings::hubEndpoint() const
{
    QString url = qEnvironmentVariable("HF_ENDPOINT");
    if (url.isEmpty())
        url = m_values.value(QLatin1String("hubEndpoint"))
                  .toString(QStringLiteral("https://huggingface.co"));
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return QUrl(url);
}

bool AppSettings::restServer() const
{
    return m_values.value(QLatin1String("restServer")).toBool(false);
}

int AppSettings::restServerPort() const
{
    const int v = m_values.value(QLatin1String("restServerPort")).toInt(defaultRestServerPort);
    return v >= 0 && v <= 65535 ? v : defaultRestServerPort;
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
