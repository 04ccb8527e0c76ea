// The command language carried out end to end (in process): what the command bar and the REST API
// will do — each command changes the storage as it says, and reports it in text and JSON.

#include "AppServices.h"
#include "CommandExecutor.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

using namespace hawkmoth;

class TestCommands : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    AppServices m_services{Paths(m_tmp.dataRoot(), m_tmp.cacheRoot())};
    std::optional<StorageContext> m_storage;

    CommandResult run(const QString &text, std::optional<QByteArray> input = std::nullopt)
    {
        ExecutionContext ctx = m_services.context(*m_storage);
        ctx.input = std::move(input);
        return CommandExecutor(m_services.catalog()).executeText(text, ctx);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_services.core().start().result().ok());
        m_storage.emplace(m_services.core().context());
    }

    void aSessionOfCommands()
    {
        auto created = run(QStringLiteral("create project demo from python"));
        QVERIFY2(created.ok, qPrintable(created.text));
        QCOMPARE(created.data.toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("demo"));
        QCOMPARE(created.data.toObject().value(QLatin1String("current")).toBool(), true);

        auto projects = run(QStringLiteral("list projects"));
        QCOMPARE(projects.data.toArray().size(), 2); // default and demo
        QVERIFY(projects.text.contains(QLatin1String("* demo")));

        auto saved = run(QStringLiteral("save notes/today.md"), QByteArray("# Today\n"));
        QVERIFY2(saved.ok, qPrintable(saved.text));
        QCOMPARE(saved.data.toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("git"));
        QVERIFY(!run(QStringLiteral("save notes/x.md")).ok); // nothing to save

        auto loaded = run(QStringLiteral("load notes/today.md"));
        QCOMPARE(loaded.text, QStringLiteral("# Today\n"));

        auto moved = run(QStringLiteral("move notes/today.md to hub"));
        QVERIFY2(moved.ok, qPrintable(moved.text));
        QVERIFY2(moved.text.contains(QLatin1String("done")),
                 qPrintable(moved.text)); // the relayer job ran
        auto files = run(QStringLiteral("list files notes"));
        const QJsonObject entry =
            files.data.toObject().value(QLatin1String("files")).toArray().first().toObject();
        QCOMPARE(entry.value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        QCOMPARE(entry.value(QLatin1String("pinned")).toString(), QStringLiteral("hub"));

        auto renamed = run(QStringLiteral("rename notes/today.md to notes/monday.md"));
        QVERIFY2(renamed.ok, qPrintable(renamed.text));
        auto status = run(QStringLiteral("storage status"));
        const QJsonObject layers = status.data.toObject().value(QLatin1String("layers")).toObject();
        QCOMPARE(
            layers.value(QLatin1String("hub")).toObject().value(QLatin1String("files")).toInt(), 1);
        QCOMPARE(
            layers.value(QLatin1String("git")).toObject().value(QLatin1String("files")).toInt(), 5);
        QVERIFY(status.text.contains(QLatin1String("hub")));

        auto deleted = run(QStringLiteral("delete notes/monday.md"));
        QVERIFY2(deleted.ok, qPrintable(deleted.text));
        QVERIFY(!run(QStringLiteral("load notes/monday.md")).ok);

        QVERIFY(run(QStringLiteral("save scratch/idea.txt"), QByteArray("idea")).ok);
        auto cleaned = run(QStringLiteral("cleanup"));
        QCOMPARE(cleaned.data.toObject().value(QLatin1String("removed")).toArray().size(), 1);

        QVERIFY(run(QStringLiteral("switch to default")).ok);
        QCOMPARE(run(QStringLiteral("current project"))
                     .data.toObject()
                     .value(QLatin1String("name"))
                     .toString(),
                 QStringLiteral("default"));
        auto refused = run(QStringLiteral("delete project demo"));
        QVERIFY(!refused.ok);
        QVERIFY(refused.text.contains(QLatin1String("confirm")));
        QVERIFY(run(QStringLiteral("delete project demo yes")).ok);
        QCOMPARE(run(QStringLiteral("list projects")).data.toArray().size(), 1);
    }

    void helpListsEveryCommand()
    {
        auto help = run(QStringLiteral("help"));
        for (const char *usage :
             {"create project NAME", "list projects", "switch to NAME", "current project",
              "list files [DIR]", "storage status", "save PATH", "load PATH", "delete PATH",
              "move PATH to git|hub|session", "cleanup", "help"})
            QVERIFY2(help.text.contains(QLatin1String(usage)), usage);
    }

    void errorsCarryCodes()
    {
        auto bad = run(QStringLiteral("load ../etc/passwd"));
        QVERIFY(!bad.ok);
        QCOMPARE(bad.code, ErrorCode::InvalidArgument);
        auto missing = run(QStringLiteral("switch to nowhere"));
        QCOMPARE(missing.code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
