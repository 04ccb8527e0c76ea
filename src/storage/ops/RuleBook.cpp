#include "RuleBook.h"

#include "GlobPattern.h"
#include "LayerMover.h"

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

Result<RuleChange> RuleBook::save(const QList<PolicyRule> &rules)
{
    auto job = LayerMover(m_workspace, m_context).setRules(rules);
    if (!job)
        return job.error();
    return RuleChange{rules, *job};
}

} // namespace hawkmoth
