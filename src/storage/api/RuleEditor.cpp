#include "RuleEditor.h"

#include "StorageCore.h"

namespace hawkmoth {

RuleEditor::RuleEditor(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
{}

QFuture<Result<QList<PolicyRule>>> RuleEditor::list(const Workspace &ws)
{
    return m_core.run([this, ws] {
        const StorageContext context = m_core.context();
        return RuleBook(ws, context).list();
    });
}

QFuture<Result<RuleChange>> RuleEditor::edit(const Workspace &ws,
                                             std::function<Result<RuleChange>(RuleBook &)> change)
{
    return m_core.run([this, ws, change]() -> Result<RuleChange> {
        const StorageContext context = m_core.context();
        RuleBook book(ws, context);
        auto changed = change(book);
        if (changed) {
            const QString name = ws.name();
            const qint64 job = changed->relayerJob;
            QMetaObject::invokeMethod(
                this, [this, name, job] { Q_EMIT rulesChanged(name, job); }, Qt::QueuedConnection);
        }
        return changed;
    });
}

QFuture<Result<RuleChange>> RuleEditor::add(const Workspace &ws, const PolicyRule &rule, int at)
{
    return edit(ws, [rule, at](RuleBook &book) { return book.add(rule, at); });
}

QFuture<Result<RuleChange>> RuleEditor::remove(const Workspace &ws, int index)
{
    return edit(ws, [index](RuleBook &book) { return book.remove(index); });
}

QFuture<Result<RuleChange>> RuleEditor::replace(const Workspace &ws, const QList<PolicyRule> &rules)
{
    return edit(ws, [rules](RuleBook &book) { return book.replace(rules); });
}

QFuture<Result<RulePreview>>
RuleEditor::preview(const Workspace &ws, const QList<PolicyRule> &rules, const QString &path)
{
    return m_core.run([this, ws, rules, path] {
        const StorageContext context = m_core.context();
        return RuleBook(ws, context).preview(rules, path);
    });
}

QFuture<Result<int>> RuleEditor::retentionDays(const Workspace &ws)
{
    return m_core.run([this, ws] {
        const StorageContext context = m_core.context();
        return RuleBook(ws, context).retentionDays();
    });
}

QFuture<Status> RuleEditor::setRetentionDays(const Workspace &ws, int days)
{
    return m_core.run([this, ws, days] {
        const StorageContext context = m_core.context();
        return RuleBook(ws, context).setRetentionDays(days);
    });
}

} // namespace hawkmoth
