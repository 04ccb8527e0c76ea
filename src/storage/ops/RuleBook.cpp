#include "RuleBook.h"

#include "FileIndex.h"
#include "GlobPattern.h"
#include "LayerMover.h"
#include "PathValidator.h"

#include <algorithm>

namespace hawkmoth {

RuleBook::RuleBook(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<QList<PolicyRule>> RuleBook::list() const
{
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    return policy->rules();
}

Status RuleBook::validate(const PolicyRule &rule)
{
    for (const QString &p : rule.patterns) {
        if (p.trimmed().isEmpty())
            return Error::invalid(QStringLiteral("a rule's pattern must not be empty"));
        if (p.contains(QChar(0)) || !GlobPattern(p).isValid())
            return Error::invalid(
                QStringLiteral("invalid pattern '%1'; use globs such as *.psd or assets/**")
                    .arg(p));
    }
    if (rule.sizeOver && *rule.sizeOver < 0)
        return Error::invalid(QStringLiteral("a rule's size limit must be a byte count"));
    return {};
}

Result<RuleChange> RuleBook::add(const PolicyRule &rule, int at)
{
    HM_TRY(validate(rule));
    auto rules = list();
    if (!rules)
        return rules.error();
    if (at < -1 || at > rules->size())
        return Error::invalid(QStringLiteral("no position %1 in a list of %2 rules; use 1 to %3")
                                  .arg(at + 1)
                                  .arg(rules->size())
                                  .arg(rules->size() + 1));
    rules->insert(at < 0 ? rules->size() : at, rule);
    return save(*rules);
}

Result<RuleChange> RuleBook::remove(int index)
{
    auto rules = list();
    if (!rules)
        return rules.error();
    if (index < 0 || index >= rules->size())
        return Error::invalid(QStringLiteral("there is no rule %1; the list has %2 (see "
                                             "'hawkmoth rules')")
                                  .arg(index + 1)
                                  .arg(rules->size()));
    rules->removeAt(index);
    return save(*rules);
}

Result<RuleChange> RuleBook::replace(const QList<PolicyRule> &rules)
{
    for (int i = 0; i < rules.size(); ++i) {
        if (const Status valid = validate(rules.at(i)); !valid)
            return valid.error().context(QStringLiteral("rule %1").arg(i + 1));
    }
    return save(rules);
}

Result<RulePreview> RuleBook::preview(const QList<PolicyRule> &rules, const QString &path) const
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    RulePreview out;
    // A file the index knows is judged by its own size and content.
    if (auto db = m_workspace.read(); db) {
        if (auto entry = FileIndex(**db).get(*rel); entry && entry->has_value()) {
            out.known = true;
            out.size = (*entry)->size;
            out.binary = (*entry)->binary;
        }
    }
    if (const auto pin = policy->pin(*rel)) {
        out.layer = *pin;
        out.pinned = true;
        return out;
    }
    policy->setRules(rules);
    out.layer = policy->decide(*rel, out.size, out.binary);
    // The first rule whose conditions and patterns both hold, as LayerPolicy::decide looks.
    for (int i = 0; i < rules.size() && out.rule < 0; ++i) {
        const PolicyRule &rule = rules.at(i);
        if (!rule.matches(*rel, out.size, out.binary))
            continue;
        const bool named =
            rule.patterns.isEmpty() ||
            std::any_of(rule.patterns.begin(), rule.patterns.end(),
                        [&](const QString &p) { return GlobPattern(p).matches(*rel); });
        if (named)
            out.rule = i;
    }
    return out;
}

Result<int> RuleBook::retentionDays() const
{
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    return policy->sessionRetentionDays();
}

Status RuleBook::setRetentionDays(int days)
{
    if (days < 1)
        return Error::invalid(QStringLiteral("session files are kept 1 day or more"));
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    policy->setSessionRetentionDays(days);
    return m_workspace.savePolicy(*policy);
}

Result<RuleChange> RuleBook::save(const QList<PolicyRule> &rules)
{
    auto job = LayerMover(m_workspace, m_context).setRules(rules);
    if (!job)
        return job.error();
    return RuleChange{rules, *job};
}

} // namespace hawkmoth
