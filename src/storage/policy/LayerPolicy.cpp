#include "LayerPolicy.h"

#include "AtomicWriter.h"
#include "Sha256.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hawkmoth {

bool PolicyRule::matches(const QString &path, qint64 size, bool isBinary) const
{
    Q_UNUSED(path) // patterns are checked by LayerPolicy, which holds them compiled
    if (sizeOver && size <= *sizeOver)
        return false;
    if (binary && *binary != isBinary)
        return false;
    return true;
}

QStringList LayerPolicy::defaultTextPatterns()
{
    // The seed's text types first, then the other common source and text formats.
    return {QStringLiteral("*.py"),
            QStringLiteral("*.js"),
            QStringLiteral("*.html"),
            QStringLiteral("*.css"),
            QStringLiteral("*.md"),
            QStringLiteral("*.json"),
            QStringLiteral("*.yml"),
            QStringLiteral("*.yaml"),
            QStringLiteral("*.toml"),
            QStringLiteral("*.txt"),
            QStringLiteral("*.ts"),
            QStringLiteral("*.tsx"),
            QStringLiteral("*.jsx"),
            QStringLiteral("*.c"),
            QStringLiteral("*.h"),
            QStringLiteral("*.cpp"),
            QStringLiteral("*.hpp"),
            QStringLiteral("*.cc"),
            QStringLiteral("*.rs"),
            QStringLiteral("*.go"),
            QStringLiteral("*.java"),
            QStringLiteral("*.kt"),
            QStringLiteral("*.rb"),
            QStringLiteral("*.php"),
            QStringLiteral("*.sh"),
            QStringLiteral("*.sql"),
            QStringLiteral("*.xml"),
            QStringLiteral("*.csv"),
            QStringLiteral("*.ini"),
            QStringLiteral("*.cfg"),
            QStringLiteral("*.rst"),
            QStringLiteral("*.tex"),
            QStringLiteral("*.svg"),
            QStringLiteral("*.cmake"),
            QStringLiteral("CMakeLists.txt"),
            QStringLiteral("Makefile"),
            QStringLiteral("Dockerfile"),
            QStringLiteral(".gitignore"),
            QStringLiteral(".gitattributes")};
}

LayerPolicy LayerPolicy::defaults()
{
    LayerPolicy policy;
    QList<PolicyRule> rules;
    rules.append({{QStringLiteral("*.tmp")}, {}, {}, Layer::Session});
    rules.append({{QStringLiteral("*.swp")}, {}, {}, Layer::Session});
    rules.append({{QStringLiteral("scratch/**")}, {}, {}, Layer::Session});
    rules.append({{}, defaultHubThreshold, {}, Layer::Hub});
    rules.append({{}, {}, true, Layer::Hub});
    rules.append({defaultTextPatterns(), {}, {}, Layer::Git});
    rules.append({{}, {}, {}, Layer::Git});
    policy.setRules(rules);
    return policy;
}

void LayerPolicy::setRules(QList<PolicyRule> rules)
{
    m_rules = std::move(rules);
    compile();
}

void LayerPolicy::compile()
{
    m_compiled.clear();
    for (const PolicyRule &rule : std::as_const(m_rules)) {
        QList<GlobPattern> globs;
        for (const QString &p : rule.patterns)
            globs.append(GlobPattern(p));
        m_compiled.append(globs);
    }
}

Layer LayerPolicy::decide(const QString &path, qint64 size, bool isBinary) const
{
    if (auto pinned = pin(path))
        return *pinned;
    for (int i = 0; i < m_rules.size(); ++i) {
        const PolicyRule &rule = m_rules.at(i);
        if (!rule.matches(path, size, isBinary))
            continue;
        const QList<GlobPattern> &globs = m_compiled.at(i);
        if (globs.isEmpty() || std::any_of(globs.begin(), globs.end(),
                                           [&](const GlobPattern &g) { return g.matches(path); }))
            return rule.layer;
    }
    return Layer::Git;
}

Layer LayerPolicy::decideFor(const QString &path, qint64 size, bool isBinary,
                             std::optional<Layer> current) const
{
    const Layer decided = decide(path, size, isBinary);
    if (decided == Layer::Session && current && *current != Layer::Session && !m_rulesOwned &&
        !pin(path))
        return *current;
    return decided;
}

std::optional<Layer> LayerPolicy::pin(const QString &path) const
{
    if (m_pins.isEmpty())
        return std::nullopt;
    if (const auto it = m_pins.constFind(path); it != m_pins.constEnd())
        return *it;
    // A folder pin ("docs/") holds for everything below it; the deepest folder wins.
    for (qsizetype slash = path.lastIndexOf(QLatin1Char('/')); slash > 0;
         slash = path.lastIndexOf(QLatin1Char('/'), slash - 1)) {
        if (const auto it = m_pins.constFind(path.left(slash + 1)); it != m_pins.constEnd())
            return *it;
    }
    return std::nullopt;
}

void LayerPolicy::setPin(const QString &path, std::optional<Layer> layer)
{
    if (layer)
        m_pins.insert(path, *layer);
    else
        m_pins.remove(path);
}

bool LayerPolicy::movePins(const QString &from, const QString &to)
{
    const QString prefix = from + QLatin1Char('/');
    QHash<QString, Layer> moved;
    for (auto it = m_pins.begin(); it != m_pins.end();) {
        if (it.key() == from) {
            moved.insert(to, it.value());
            it = m_pins.erase(it);
        } else if (it.key().startsWith(prefix)) {
            moved.insert(to + it.key().mid(from.size()), it.value());
            it = m_pins.erase(it);
        } else {
            ++it;
        }
    }
    m_pins.insert(moved);
    return !moved.isEmpty();
}

namespace {

// The policy format this build writes and reads; a newer one may hold rules it would misread.
constexpr int policyVersion = 1;

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("true or false");
    default:
        return QStringLiteral("null");
    }
}

Result<PolicyRule> parseRule(const QJsonValue &value, int number)
{
    const QString where = QStringLiteral("policy rule %1").arg(number);
    if (!value.isObject())
        return Error::invalid(
            QStringLiteral("%1 must be an object, not %2").arg(where, jsonTypeName(value)));
    const QJsonObject r = value.toObject();
    PolicyRule rule;
    const QJsonValue layerValue = r.value(QLatin1String("layer"));
    const auto layer = layerFromName(layerValue.toString());
    if (!layer)
        return Error::invalid(
            QStringLiteral("%1 names no valid layer (%2; use git, hub or session)")
                .arg(where, layerValue.isString()
                                ? QStringLiteral("'%1'").arg(layerValue.toString())
                                : jsonTypeName(layerValue)));
    rule.layer = *layer;
    const QJsonValue match = r.value(QLatin1String("match"));
    if (match.isString()) {
        rule.patterns = {match.toString()};
    } else if (match.isArray()) {
        for (const QJsonValue &m : match.toArray()) {
            if (!m.isString())
                return Error::invalid(
                    QStringLiteral("%1: \"match\" must hold patterns (strings)").arg(where));
            rule.patterns.append(m.toString());
        }
    } else if (!match.isUndefined()) {
        return Error::invalid(
            QStringLiteral("%1: \"match\" must be a pattern or a list of patterns").arg(where));
    }
    for (const QString &p : std::as_const(rule.patterns)) {
        if (!GlobPattern(p).isValid() || p.trimmed().isEmpty())
            return Error::invalid(QStringLiteral("%1: invalid pattern '%2'").arg(where, p));
    }
    if (r.contains(QLatin1String("sizeOver"))) {
        const double v = r.value(QLatin1String("sizeOver")).toDouble(-1);
        if (v < 0)
            return Error::invalid(QStringLiteral("%1: sizeOver must be a byte count").arg(where));
        rule.sizeOver = qint64(v);
    }
    if (r.contains(QLatin1String("binary"))) {
        if (!r.value(QLatin1String("binary")).isBool())
            return Error::invalid(QStringLiteral("%1: binary must be true or false").arg(where));
        rule.binary = r.value(QLatin1String("binary")).toBool();
    }
    return rule;
}

} // namespace

Result<LayerPolicy> LayerPolicy::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(
            QStringLiteral("policy is not a JSON object (invalid JSON: %1 at byte %2)")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    if (!doc.isObject())
        return Error::invalid(
            QStringLiteral("policy must be a JSON object with \"rules\" and \"pins\", not %1")
                .arg(doc.isArray() ? QStringLiteral("a list") : QStringLiteral("a value")));
    const QJsonObject root = doc.object();
    if (root.contains(QLatin1String("version"))) {
        const QJsonValue version = root.value(QLatin1String("version"));
        if (!version.isDouble() || version.toDouble() != double(version.toInt()) ||
            version.toInt() < 1)
            return Error::invalid(QStringLiteral("policy version must be a whole number"));
        if (version.toInt() > policyVersion)
            return Error::invalid(
                QStringLiteral("policy version %1 is newer than this HAWKMOTH reads (%2); update "
                               "HAWKMOTH before using this workspace")
                    .arg(version.toInt())
                    .arg(policyVersion));
    }
    const QJsonValue rulesValue = root.value(QLatin1String("rules"));
    if (!rulesValue.isUndefined() && !rulesValue.isArray())
        return Error::invalid(QStringLiteral("policy \"rules\" must be a list of rules, not %1")
                                  .arg(jsonTypeName(rulesValue)));
    LayerPolicy policy;
    QList<PolicyRule> rules;
    const QJsonArray jsonRules = rulesValue.toArray();
    for (int i = 0; i < jsonRules.size(); ++i) {
        auto rule = parseRule(jsonRules.at(i), i + 1);
        if (!rule)
            return rule.error();
        rules.append(*rule);
    }
    if (rules.isEmpty())
        rules = defaults().rules();
    policy.setRules(rules);

    const QJsonValue pinsValue = root.value(QLatin1String("pins"));
    if (!pinsValue.isUndefined() && !pinsValue.isObject())
        return Error::invalid(
            QStringLiteral("policy \"pins\" must be an object of path: layer, not %1")
                .arg(jsonTypeName(pinsValue)));
    const QJsonObject pins = pinsValue.toObject();
    for (auto it = pins.begin(); it != pins.end(); ++it) {
        const auto layer = layerFromName(it.value().toString());
        if (!layer)
            return Error::invalid(
                QStringLiteral("pin of '%1' names no valid layer (%2; use git, hub or session)")
                    .arg(it.key(), it.value().isString()
                                       ? QStringLiteral("'%1'").arg(it.value().toString())
                                       : jsonTypeName(it.value())));
        policy.m_pins.insert(it.key(), *layer);
    }
    const QJsonValue days = root.value(QLatin1String("sessionRetentionDays"));
    if (!days.isUndefined() &&
        (!days.isDouble() || days.toDouble() != double(days.toInt()) || days.toInt() < 1))
        return Error::invalid(QStringLiteral(
            "policy sessionRetentionDays must be a whole number of days, 1 or more"));
    policy.m_retentionDays = days.toInt(defaultRetentionDays);
    return policy;
}

QJsonArray LayerPolicy::rulesJson() const
{
    QJsonArray rules;
    for (const PolicyRule &rule : m_rules) {
        QJsonObject r;
        if (rule.patterns.size() == 1)
            r.insert(QLatin1String("match"), rule.patterns.first());
        else if (!rule.patterns.isEmpty())
            r.insert(QLatin1String("match"), QJsonArray::fromStringList(rule.patterns));
        if (rule.sizeOver)
            r.insert(QLatin1String("sizeOver"), double(*rule.sizeOver));
        if (rule.binary)
            r.insert(QLatin1String("binary"), *rule.binary);
        r.insert(QLatin1String("layer"), layerName(rule.layer));
        rules.append(r);
    }
    return rules;
}

QByteArray LayerPolicy::rulesDigest() const
{
    return Sha256::ofData(QJsonDocument(rulesJson()).toJson(QJsonDocument::Compact));
}

QByteArray LayerPolicy::toJson() const
{
    const QJsonArray rules = rulesJson();
    QJsonObject pins;
    for (auto it = m_pins.begin(); it != m_pins.end(); ++it)
        pins.insert(it.key(), layerName(it.value()));
    QJsonObject root;
    root.insert(QLatin1String("version"), policyVersion);
    root.insert(QLatin1String("rules"), rules);
    root.insert(QLatin1String("pins"), pins);
    root.insert(QLatin1String("sessionRetentionDays"), m_retentionDays);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<LayerPolicy> LayerPolicy::load(const QString &file)
{
    QFile f(file);
    if (!f.exists())
        return defaults();
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read policy '%1': %2").arg(file, f.errorString()));
    auto policy = fromJson(f.readAll());
    if (!policy)
        return policy.error().context(file);
    return policy;
}

Status LayerPolicy::save(const QString &file) const
{
    return AtomicWriter::writeFile(file, toJson());
}

} // namespace hawkmoth
