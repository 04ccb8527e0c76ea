// "hawkmoth jobs" and "hawkmoth rules" as a user runs them: the job list (text and --json), cancel,
// retry and unblock of one job, the rule list, adding and removing a rule (the files move to
// their new layer), usage errors, and the command-language phrases for both.

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace hawkmoth::test;

namespace {

QJsonObject jsonObject(const ProcessResult &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

// The job of that kind in `hawkmoth jobs --json`; empty when there is none.
QJsonObject jobOfKind(const TempRoot &root, const QString &kind)
{
    const auto listed = runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("--json")});
    for (const QJsonValue &v : jsonObject(listed).value(QLatin1String("jobs")).toArray()) {
        if (v.toObject().value(QLatin1String("kind")).toString() == kind)
            return v.toObject();
    }
    return {};
}

QString layerOf(const TempRoot &root, const QString &path)
{
    const auto ls = runHawkmoth(
        root, {QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")});
    return lsEntry(ls.out, path).value(QLatin1String("layer")).toString();
}

} // namespace

class TestCliJobsRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobsListRetryAndCancel()
    {
        TempRoot root;
        // An unreachable remote: the push fails for now and backs off, with no wait here.
        writeFile(root.dataRoot() + QStringLiteral("/settings.json"), R"({"syncWaitSeconds": 0})");
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("remote"), QStringLiteral("set"),
                                     QStringLiteral("http://127.0.0.1:1/none.git")}));
        auto pushed = runHawkmoth(root, {QStringLiteral("push")});
        QCOMPARE(pushed.exitCode, 1);

        const QJsonObject sync = jobOfKind(root, QStringLiteral("sync"));
        QVERIFY2(!sync.isEmpty(), "no sync job listed");
        for (const char *key : {"id", "kind", "state", "attempts", "nextAttempt", "heldUntil",
                                "error", "cancelRequested", "progress", "created", "updated"})
            QVERIFY2(sync.contains(QLatin1String(key)), key);
        for (const char *key :
             {"bytesDone", "bytesTotal", "filesDone", "filesTotal", "objectsDone", "objectsTotal"})
            QVERIFY2(sync.value(QLatin1String("progress")).toObject().contains(QLatin1String(key)),
                     key);
        // Refused at once: failed for good, or queued to back off, as git classifies it.
        const QString state = sync.value(QLatin1String("state")).toString();
        QVERIFY2(state == QLatin1String("failed") || state == QLatin1String("queued"),
                 qPrintable(state));
        const int attempts = sync.value(QLatin1String("attempts")).toInt();
        QCOMPARE(attempts, 1);
        QVERIFY(!sync.value(QLatin1String("error")).toString().isEmpty());
        QCOMPARE(sync.value(QLatin1String("nextAttempt")).isString(),
                 state == QLatin1String("queued"));
        const QString id = QString::number(sync.value(QLatin1String("id")).toInt());

        auto text = runHawkmoth(root, {QStringLiteral("jobs")});
        EXPECT_OK(text);
        QVERIFY2(text.out.contains("jobs of default:"), text.out.constData());
        QVERIFY2(text.out.contains("sync") && text.out.contains(state.toUtf8()) &&
                     text.out.contains(QStringLiteral("attempt %1").arg(attempts).toUtf8()),
                 text.out.constData());

        // Retry runs it at once: it fails again, says so, and counts one more attempt.
        auto retried = runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("retry"), id});
        QCOMPARE(retried.exitCode, 1);
        QVERIFY2(retried.err.contains(
                     QStringLiteral("retried job %1 (sync): %2").arg(id, state).toUtf8()),
                 retried.err.constData());
        QCOMPARE(jobOfKind(root, QStringLiteral("sync")).value(QLatin1String("attempts")).toInt(),
                 attempts + 1);

        // Cancel ends it for good: not queued again by the next run.
        auto cancelled = runHawkmoth(
            root, {QStringLiteral("jobs"), QStringLiteral("cancel"), id, QStringLiteral("--json")});
        EXPECT_OK(cancelled);
        QCOMPARE(jsonObject(cancelled).value(QLatin1String("state")).toString(),
                 QStringLiteral("cancelled"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("run-jobs")}));
        const QJsonObject after = jobOfKind(root, QStringLiteral("sync"));
        QCOMPARE(after.value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(after.value(QLatin1String("attempts")).toInt(), attempts + 1);

        auto again = runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("cancel"), id});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already ended"), again.err.constData());
        auto notBlocked =
            runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("unblock"), id});
        QCOMPARE(notBlocked.exitCode, 1);
        QVERIFY2(notBlocked.err.contains("nothing to unblock"), notBlocked.err.constData());
        auto missing = runHawkmoth(
            root, {QStringLiteral("jobs"), QStringLiteral("retry"), QStringLiteral("9999")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no job 9999"), missing.err.constData());
    }

    void jobsUsageAndCommandLanguage()
    {
        TempRoot root;
        auto empty = runHawkmoth(root, {QStringLiteral("jobs")});
        EXPECT_OK(empty);
        QVERIFY2(empty.out.contains("no jobs in default"), empty.out.constData());
        auto json = runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("--json")});
        EXPECT_OK(json);
        QCOMPARE(jsonObject(json).value(QLatin1String("workspace")).toString(),
                 QStringLiteral("default"));
        QVERIFY(jsonObject(json).value(QLatin1String("jobs")).isArray());
        QCOMPARE(runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("frobnicate"),
                                    QStringLiteral("1")})
                     .exitCode,
                 2);
        QCOMPARE(runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("cancel")}).exitCode, 2);
        QCOMPARE(runHawkmoth(root, {QStringLiteral("jobs"), QStringLiteral("cancel"),
                                    QStringLiteral("abc")})
                     .exitCode,
                 2);

        // The sync a save queues (it waits for quiet), seen and cancelled in the command language.
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("b.txt")}, "b"));
        auto listed = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("list jobs")});
        EXPECT_OK(listed);
        QVERIFY2(listed.out.contains("sync"), listed.out.constData());
        const QString id = QString::number(
            jobOfKind(root, QStringLiteral("sync")).value(QLatin1String("id")).toInt());
        auto cancelled =
            runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("cancel job ") + id});
        EXPECT_OK(cancelled);
        QVERIFY2(cancelled.out.contains(QStringLiteral("cancelled job %1").arg(id).toUtf8()),
                 cancelled.out.constData());
        auto unknown = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("retry job 4242")});
        QCOMPARE(unknown.exitCode, 1);
    }

    void rulesListAddRemove()
    {
        TempRoot root;
        auto listed = runHawkmoth(root, {QStringLiteral("rules")});
        EXPECT_OK(listed);
        QVERIFY2(listed.out.contains("rules of default (the first that matches decides):"),
                 listed.out.constData());
        QVERIFY2(listed.out.contains("  1. "), listed.out.constData());
        auto json = runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("--json")});
        EXPECT_OK(json);
        const QJsonArray defaults = jsonObject(json).value(QLatin1String("rules")).toArray();
        QVERIFY(defaults.size() >= 2);
        const QJsonObject first = defaults.first().toObject();
        for (const char *key : {"position", "match", "sizeOver", "binary", "layer"})
            QVERIFY2(first.contains(QLatin1String(key)), key);
        QCOMPARE(first.value(QLatin1String("position")).toInt(), 1);

        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("notes/a.txt")}, "a"));
        QCOMPARE(layerOf(root, QStringLiteral("notes/a.txt")), QStringLiteral("git"));
        auto added = runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("add"),
                                        QStringLiteral("notes/**"), QStringLiteral("session"),
                                        QStringLiteral("--at"), QStringLiteral("1")});
        EXPECT_OK(added);
        QVERIFY2(added.out.contains("added rule 1: notes/** -> session; files re-layered (done)"),
                 added.out.constData());
        QCOMPARE(layerOf(root, QStringLiteral("notes/a.txt")), QStringLiteral("session"));
        const QJsonArray now =
            jsonObject(runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("--json")}))
                .value(QLatin1String("rules"))
                .toArray();
        QCOMPARE(now.size(), defaults.size() + 1);
        QCOMPARE(now.first().toObject().value(QLatin1String("match")).toArray(),
                 QJsonArray{QStringLiteral("notes/**")});
        QCOMPARE(now.first().toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("session"));
        // Saved where the policy lives.
        QVERIFY(
            readFile(root.dataRoot() + QStringLiteral("/workspaces/default/.hawkmoth/policy.json"))
                .contains("notes/**"));

        auto removed = runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("remove"),
                                          QStringLiteral("1"), QStringLiteral("--json")});
        EXPECT_OK(removed);
        QCOMPARE(jsonObject(removed).value(QLatin1String("rules")).toArray().size(),
                 defaults.size());
        QVERIFY(jsonObject(removed).value(QLatin1String("job")).toInt() > 0);
        QCOMPARE(layerOf(root, QStringLiteral("notes/a.txt")), QStringLiteral("git"));
    }

    void rulesUsageAndCommandLanguage()
    {
        TempRoot root;
        const int count =
            jsonObject(runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("--json")}))
                .value(QLatin1String("rules"))
                .toArray()
                .size();
        QCOMPARE(runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("add"),
                                    QStringLiteral("*.x"), QStringLiteral("nowhere")})
                     .exitCode,
                 2);
        QCOMPARE(runHawkmoth(
                     root, {QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("*.x")})
                     .exitCode,
                 2);
        QCOMPARE(runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("remove"),
                                    QStringLiteral("zero")})
                     .exitCode,
                 2);
        QCOMPARE(
            runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("frobnicate")}).exitCode, 2);
        auto far = runHawkmoth(
            root, {QStringLiteral("rules"), QStringLiteral("remove"), QString::number(count + 1)});
        QCOMPARE(far.exitCode, 1);
        QVERIFY2(far.err.contains("there is no rule"), far.err.constData());

        EXPECT_OK(
            runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("add rule *.psd to hub")}));
        auto listed = runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("list rules")});
        EXPECT_OK(listed);
        QVERIFY2(listed.out.contains(QStringLiteral("%1. *.psd -> hub").arg(count + 1).toUtf8()),
                 listed.out.constData());
        EXPECT_OK(runHawkmoth(
            root, {QStringLiteral("do"), QStringLiteral("add rule *.kra to hub at 1")}));
        QVERIFY(runHawkmoth(root, {QStringLiteral("rules")}).out.contains("1. *.kra -> hub"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("do"), QStringLiteral("remove rule 1")}));
        EXPECT_OK(runHawkmoth(
            root, {QStringLiteral("do"), QStringLiteral("remove rule %1").arg(count + 1)}));
        QCOMPARE(jsonObject(runHawkmoth(root, {QStringLiteral("rules"), QStringLiteral("--json")}))
                     .value(QLatin1String("rules"))
                     .toArray()
                     .size(),
                 count);
    }
};

QTEST_GUILESS_MAIN(TestCliJobsRules)
#include "tst_cli_jobs_rules.moc"
