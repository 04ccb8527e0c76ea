#pragma once
// Decides the layer of a file: an ordered rule list, first match wins, plus the user's pins.
// Stored per workspace in .hawkmoth/policy.json, which travels with the git history.

#include "GlobPattern.h"
#include "Layer.h"
#include "Result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace hawkmoth {

// All conditions that are set must hold for the rule to match; a rule with none is a catch-all.
struct PolicyRule
{
    QStringList patterns;           // any of these globs (empty: any path)
    std::optional<qint64> sizeOver; // strictly larger than this many bytes
    std::optional<bool> binary;     // a NUL byte in the first 8 KiB
    Layer layer = Layer::Git;

    bool matches(const QString &path, qint64 size, bool isBinary) const;
};

class LayerPolicy
{
public:
    static constexpr qint64 defaultHubThreshold = 100 * 1024;
    static constexpr int defaultRetentionDays = 7;

    static LayerPolicy defaults();
    static QStringList defaultTextPatterns();

    static Result<LayerPolicy> fromJson(const QByteArray &json);
    QByteArray toJson() const;
    static Result<LayerPolicy> load(const QString &file); // defaults when the file is missing
    Status save(const QString &file) const;

    Layer decide(const QString &path, qint64 size, bool isBinary) const;
    // The layer for a file now in `current`: decide(), except that rules nobody wrote on this
    // machine through HAWKMOTH (a hand edit, a pull) never move a persisted file (git or hub) to
    // the session layer — its next edit would be in no commit. A pin always holds.
    Layer decideFor(const QString &path, qint64 size, bool isBinary,
                    std::optional<Layer> current) const;

    // SHA-256 (hex) of the rules alone, in their canonical form: identifies a rule set.
    QByteArray rulesDigest() const;
    // Whether the rules are HAWKMOTH's defaults or were written on this machine through HAWKMOTH.
    bool rulesOwned() const { return m_rulesOwned; }
    void setRulesOwned(bool owned) { m_rulesOwned = owned; }

    const QList<PolicyRule> &rules() const { return m_rules; }
    void setRules(QList<PolicyRule> rules);

    // The pin holding for path: its own, or the nearest pinned folder's (keys ending in '/').
    std::optional<Layer> pin(const QString &path) const;
    void setPin(const QString &path, std::optional<Layer> layer);
    const QHash<QString, Layer> &pins() const { return m_pins; }
    // Keeps pins attached to a file that is moved or renamed.
    // Returns whether any pin moved.
    bool movePins(const QString &from, const QString &to);

    int sessionRetentionDays() const { return m_retentionDays; }
    void setSessionRetentionDays(int days) { m_retentionDays = days; }

private:
    void compile();
    QJsonArray rulesJson() const;

    QList<PolicyRule> m_rules;
    QList<QList<GlobPattern>> m_compiled; // parallel to m_rules
    QHash<QString, Layer> m_pins;
    int m_retentionDays = defaultRetentionDays;
    bool m_rulesOwned = true;
};

} // namespace hawkmoth
