// Policy changes that HAWKMOTH did not make: which rules may take a persisted file to the session
// layer, when a changed policy.json is re-evaluated, and what cleanup keeps without --force.

#include "FileIndex.h"
#include "FileStore.h"
#include "JobQueue.h"
#include "LayerMover.h"
#include "PolicyChanges.h"
#include "Rescanner.h"
#include "SessionCleaner.h"
#include "StorageFixture.h"

#include <QFile>

using namespace hawkmoth;

namespace {

const QByteArray everythingToSession = R"({"version": 1, "rules": [{"layer": "session"}]})";

LayerPolicy parsed(const QByteArray &json, bool owned)
{
    auto policy = LayerPolicy::fromJson(json);
    if (!policy)
        qFatal("%s", qPrintable(policy.error().message));
    policy->setRulesOwned(owned);
    return *policy;
}

Layer layerOf(const test::StorageFixture &fx, const QString &path)
{
    auto db = fx.workspace().connect();
    auto row = FileIndex(**db).get(path);
    return row && row->has_value() ? (*row)->layer : Layer::Git;
}

int queuedRelayers(const test::StorageFixture &fx)
{
    auto db = fx.workspace().connect();
    // Held in a variable: a range-for over *list() would iterate a destroyed temporary.
    const auto queued = JobQueue(**db).list({JobState::Queued});
    if (!queued)
        return -1;
    int count = 0;
    for (const Job &job : *queued)
        count += job.kind == QLatin1String(LayerMover::jobKind);
    return count;
}

// The id git commits the file's current content under.
QString blobId(const test::StorageFixture &fx, const QString &path)
{
    return QString::fromLatin1(
        test::runProgram(QStringLiteral("git"), {QStringLiteral("hash-object"), fx.path(path)})
            .out.trimmed());
}

} // namespace

class TestPolicyChanges : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foreignRulesNeverMovePersistedFilesToSession()
    {
        const LayerPolicy foreign = parsed(everythingToSession, false);
        const QString path = QStringLiteral("notes.md");
        QCOMPARE(foreign.decideFor(path, 10, false, Layer::Git), Layer::Git);
        QCOMPARE(foreign.decideFor(path, 10, false, Layer::Hub), Layer::Hub);
        QCOMPARE(foreign.decideFor(path, 10, false, std::nullopt), Layer::Session); // new file
        QCOMPARE(parsed(everythingToSession, true).decideFor(path, 10, false, Layer::Git),
                 Layer::Session);
        LayerPolicy pinned = foreign;
        pinned.setPin(path, Layer::Session);
        QCOMPARE(pinned.decideFor(path, 10, false, Layer::Git), Layer::Session);
    }

    void ownRulesAreTheDefaultsOrWrittenHere()
    {
        test::StorageFixture fx;
        QVERIFY(fx.workspace().policy()->rulesOwned());
        test::writeFile(fx.workspace().policyFile(), everythingToSession);
        QVERIFY(!fx.workspace().policy()->rulesOwned());
        LayerMover mover(fx.workspace(), fx.context());
        QVERIFY(mover.setRules(fx.workspace().policy()->rules()).ok());
        QVERIFY(fx.workspace().policy()->rulesOwned());
        // A pin saved afterwards keeps the rules owned.
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a.txt"), "a").ok());
        QVERIFY(mover.pin(QStringLiteral("a.txt"), Layer::Hub).ok());
        QVERIFY(fx.workspace().policy()->rulesOwned());
    }

    void changedPolicyFileIsReevaluatedOnce()
    {
        test::StorageFixture fx;
        QVERIFY(Rescanner(fx.workspace(), fx.context()).run().ok());
        QCOMPARE(queuedRelayers(fx), 0);
        // HAWKMOTH's own save (a pin) queues its own job, and no second one.
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a.txt"), "a").ok());
        QVERIFY(
            LayerMover(fx.workspace(), fx.context()).pin(QStringLiteral("a.txt"), Layer::Hub).ok());
        const int afterPin = queuedRelayers(fx);
        QVERIFY(Rescanner(fx.workspace(), fx.context()).run().ok());
        QCOMPARE(queuedRelayers(fx), afterPin);
        // A hand edit: one job over all files, once.
        test::writeFile(fx.workspace().policyFile(), everythingToSession);
        QVERIFY(Rescanner(fx.workspace(), fx.context()).run().ok());
        QCOMPARE(queuedRelayers(fx), afterPin + 1);
        QVERIFY(Rescanner(fx.workspace(), fx.context()).run().ok());
        QCOMPARE(queuedRelayers(fx), afterPin + 1);
        QCOMPARE(PolicyChanges(fx.workspace()).appliedDigest(),
                 PolicyChanges(fx.workspace()).fileDigest());
    }

    void editOfGitFileStaysInGitUnderForeignRules()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("notes.md"), "v1").ok());
        test::writeFile(fx.workspace().policyFile(), everythingToSession);
        QVERIFY(store.save(QStringLiteral("notes.md"), "v2").ok());
        QCOMPARE(layerOf(fx, QStringLiteral("notes.md")), Layer::Git);
        QVERIFY(store.save(QStringLiteral("new.md"), "n").ok());
        QCOMPARE(layerOf(fx, QStringLiteral("new.md")), Layer::Session);
    }

    void cleanupKeepsOnceCommittedContentUnlessForced()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("plan.md"), "committed").ok());
        QVERIFY(store.save(QStringLiteral("same.md"), "committed too").ok());
        QVERIFY(store.save(QStringLiteral("x.tmp"), "scratch").ok());
        {
            // As the committer leaves them: synced under their git blob ids.
            auto db = fx.workspace().connect();
            FileIndex files(**db);
            QVERIFY(
                files
                    .settle({{QStringLiteral("plan.md"), blobId(fx, QStringLiteral("plan.md"))},
                             {QStringLiteral("same.md"), blobId(fx, QStringLiteral("same.md"))}},
                            SyncState::Synced)
                    .ok());
        }
        LayerMover mover(fx.workspace(), fx.context());
        QVERIFY(mover.pin(QStringLiteral("plan.md"), Layer::Session).ok());
        QVERIFY(mover.pin(QStringLiteral("same.md"), Layer::Session).ok());
        JobHandlers handlers;
        LayerMover::registerHandlers(handlers);
        QVERIFY(JobRunner(fx.workspace(), fx.context(), handlers).drain({}, {}, 0).ok());
        QVERIFY(store.save(QStringLiteral("plan.md"), "edited, in no commit").ok());

        SessionCleaner cleaner(fx.workspace(), fx.context());
        auto report = cleaner.run(false);
        QVERIFY(report.ok());
        QCOMPARE(report->kept, QStringList{QStringLiteral("plan.md")});
        QVERIFY(report->removedFiles.contains(QStringLiteral("x.tmp")));
        QVERIFY(report->removedFiles.contains(QStringLiteral("same.md"))); // its commit holds it
        QVERIFY(QFile::exists(fx.path(QStringLiteral("plan.md"))));
        auto forced = cleaner.run(false, true);
        QCOMPARE(forced->removedFiles, QStringList{QStringLiteral("plan.md")});
        QVERIFY(!QFile::exists(fx.path(QStringLiteral("plan.md"))));
    }
};

QTEST_GUILESS_MAIN(TestPolicyChanges)
#include "tst_policy_changes.moc"
