// RuleEditor (core.rules()): the ordered rule list of a workspace's policy, read, added to at a
// position and removed from, validated, saved in policy.json as the user's own rules, and the
// files moved to their new layers by the relayer job.

#include "FileIndex.h"
#include "LayerMover.h"
#include "PolicyChanges.h"
#include "RuleEditor.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

struct CoreFixture
{
    test::TempRoot root;
    StorageCore core{Paths(root.dataRoot(), root.cacheRoot())};
    Workspace ws;

    CoreFixture()
    {
        if (!core.start().result())
            qFatal("core did not start");
        LayerMover::registerHandlers(core.handlers());
        auto created = core.registry().create(QStringLiteral("ws"), QStringLiteral("empty"));
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        ws = *created;
    }
};

PolicyRule rule(const QString &pattern, Layer layer)
{
    PolicyRule r;
    r.patterns = {pattern};
    r.layer = layer;
    return r;
}

} // namespace

class TestRuleEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listIsThePolicysRules()
    {
        CoreFixture fx;
        auto rules = fx.core.rules().list(fx.ws).result();
        QVERIFY(rules.ok());
        const QList<PolicyRule> defaults = LayerPolicy::defaults().rules();
        QCOMPARE(rules->size(), defaults.size());
        for (int i = 0; i < defaults.size(); ++i) {
            QCOMPARE(rules->at(i).patterns, defaults.at(i).patterns);
            QCOMPARE(rules->at(i).layer, defaults.at(i).layer);
        }
    }

    void addAtAPositionAndRemove()
    {
        CoreFixture fx;
        const int count = int(LayerPolicy::defaults().rules().size());
        QSignalSpy changed(&fx.core.rules(), &RuleEditor::rulesChanged);
        auto first =
            fx.core.rules().add(fx.ws, rule(QStringLiteral("*.psd"), Layer::Hub), 0).result();
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(first->rules.size(), count + 1);
        QCOMPARE(first->rules.first().patterns, QStringList{QStringLiteral("*.psd")});
        QVERIFY(first->relayerJob > 0);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("ws"));
        QCOMPARE(changed.at(0).at(1).toLongLong(), first->relayerJob);

        // Appended, then read back from policy.json.
        auto last =
            fx.core.rules().add(fx.ws, rule(QStringLiteral("tmp/**"), Layer::Session)).result();
        QVERIFY(last.ok());
        auto policy = fx.ws.policy();
        QVERIFY(policy.ok());
        QCOMPARE(policy->rules().size(), count + 2);
        QCOMPARE(policy->rules().first().layer, Layer::Hub);
        QCOMPARE(policy->rules().last().patterns, QStringList{QStringLiteral("tmp/**")});
        // Written here through HAWKMOTH: these rules may move files to the session layer.
        QVERIFY(PolicyChanges(fx.ws).rulesOwned(*policy));

        auto removed = fx.core.rules().remove(fx.ws, 0).result();
        QVERIFY(removed.ok());
        QCOMPARE(removed->rules.size(), count + 1);
        QCOMPARE(fx.core.rules().list(fx.ws).result()->first().patterns,
                 LayerPolicy::defaults().rules().first().patterns);
        QTRY_COMPARE(changed.size(), 3);
    }

    void invalidEditsAreRefusedAndChangeNothing()
    {
        CoreFixture fx;
        const int count = int(LayerPolicy::defaults().rules().size());
        QSignalSpy changed(&fx.core.rules(), &RuleEditor::rulesChanged);
        auto empty = fx.core.rules().add(fx.ws, rule(QStringLiteral("  "), Layer::Hub)).result();
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, ErrorCode::InvalidArgument);
        auto far =
            fx.core.rules().add(fx.ws, rule(QStringLiteral("*.x"), Layer::Hub), count + 5).result();
        QVERIFY(!far.ok());
        QVERIFY(far.error().message.contains(QStringLiteral("no position")));
        auto missing = fx.core.rules().remove(fx.ws, count).result();
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.contains(QStringLiteral("there is no rule")));
        QCOMPARE(fx.core.rules().list(fx.ws).result()->size(), count);
        QCoreApplication::processEvents();
        QCOMPARE(changed.size(), 0);
    }

    void theRelayerJobMovesTheFiles()
    {
        CoreFixture fx;
        const StorageContext context = fx.core.context();
        QVERIFY(FileStore(fx.ws, context).save(QStringLiteral("notes/a.txt"), "hello").ok());
        auto db = fx.ws.connect();
        QCOMPARE((*FileIndex(**db).get(QStringLiteral("notes/a.txt")))->layer, Layer::Git);

        auto added = fx.core.rules()
                         .add(fx.ws, rule(QStringLiteral("notes/**"), Layer::Session), 0)
                         .result();
        QVERIFY(added.ok());
        QSignalSpy finished(&fx.core.jobs(), &JobControl::jobFinished);
        auto run =
            fx.core.jobs().runDue(fx.ws, {QString::fromLatin1(LayerMover::jobKind)}).result();
        QVERIFY(run.ok());
        QCOMPARE(run->finished.size(), 1);
        QCOMPARE(run->finished.first().id, added->relayerJob);
        QCOMPARE(run->finished.first().state, JobState::Done);
        QTRY_COMPARE(finished.size(), 1);
        const auto moved = FileIndex(**db).get(QStringLiteral("notes/a.txt"));
        QCOMPARE((*moved)->layer, Layer::Session);
        QCOMPARE((*moved)->state, SyncState::LocalOnly);

        // Removing the rule brings it back to git.
        QVERIFY(fx.core.rules().remove(fx.ws, 0).result().ok());
        QVERIFY(
            fx.core.jobs().runDue(fx.ws, {QString::fromLatin1(LayerMover::jobKind)}).result().ok());
        QCOMPARE((*FileIndex(**db).get(QStringLiteral("notes/a.txt")))->layer, Layer::Git);
    }
};

QTEST_GUILESS_MAIN(TestRuleEditor)
#include "tst_rule_editor.moc"
