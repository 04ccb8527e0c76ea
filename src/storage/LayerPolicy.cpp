#include "LayerPolicy.h"

#include "AtomicWriter.h"

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

Result<LayerPolicy> LayerPolicy::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return Error::invalid(
            QStringLiteral("policy is not a JSON object: %1").arg(parseError.errorString()));
    const QJsonObject root = doc.object();
    LayerPolicy policy;
    QList<PolicyRule> rules;
    const QJsonArray jsonRules = root.value(QLatin1String("rules")).toArray();
    for (int i = 0; i < jsonRules.size(); ++i) {
        const QJsonObject r = jsonRules.at(i).toObject();
        PolicyRule rule;
        const auto layer = layerFromName(r.value(QLatin1String("layer")).toString());
        if (!layer)
            return Error::invalid(
                QStringLiteral("policy rule %1 names no valid layer (git, hub or session)")
                    .arg(i + 1));
        rule.layer = *layer;
        const QJsonValue match = r.value(QLatin1String("match"));
        if (match.isString())
            rule.patterns = {match.toString()};
        for (const QJsonValue &m : match.toArray())
            rule.patterns.append(m.toString());
        for (const QString &p : std::as_const(rule.patterns)) {
            if (!GlobPattern(p).isValid() || p.trimmed().isEmpty())
                return Error::invalid(
                    QStringLiteral("policy rule %1: invalid pattern '%2'").arg(i + 1).arg(p));
        }
        if (r.contains(QLatin1String("sizeOver"))) {
            const double v = r.value(QLatin1String("sizeOver")).toDouble(-1);
            if (v < 0)
                return Error::invalid(
                    QStringLiteral("policy rule %1: sizeOver must be a byte count").arg(i + 1));
            rule.sizeOver = qint64(v);
        }
        if (r.contains(QLatin1String("binary")))
            rule.binary = r.value(QLatin1String("binary")).toBool();
        rules.append(rule);
    }
    if (rules.isEmpty())
        rules = defaults().rules();
    policy.setRules(rules);

    const QJsonObject pins = root.value(QLatin1String("pins")).toObject();
    for (auto it = pins.begin(); it != pins.end(); ++it) {
        const auto layer = layerFromName(it.value().toString());
        if (!layer)
            return Error::invalid(QStringLiteral("pin of '%1' names no valid layer").arg(it.key()));
        policy.m_pins.insert(it.key(), *layer);
    }
    const int days = root.value(QLatin1String("sessionRetentionDays")).toInt(defaultRetentionDays);
    policy.m_retentionDays = days > 0 ? days : defaultRetentionDays;
    return policy;
}

QByteArray LayerPolicy::toJson() const
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
    QJsonObject pins;
    for (auto it = m_pins.begin(); it != m_pins.end(); ++it)
        pins.insert(it.key(), layerName(it.value()));
    QJsonObject root;
    root.insert(QLatin1String("version"), 1);
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
