// The command language carried out end to end (in process): what the command bar and the REST API
// will do — each command changes the storage as it says, and reports it in text and JSON.

#include "AppServices.h"
#include "CommandExecutor.h"
#include "CommandParser.h"
#include "TestSupport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

#include <algorithm>

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

    // The text a user types for a phrase: <placeholders> get a value, {flags} are typed as words,
    // +options (set implicitly) are not typed.
    static QString samplePhrase(const QString &phrase)
    {
        QStringList words;
        for (const QString &word : phrase.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (word.startsWith(QLatin1Char('+')))
                continue;
            if (word.startsWith(QLatin1Char('<')))
                words.append(QStringLiteral("value%1").arg(words.size()));
            else if (word.startsWith(QLatin1Char('{')))
                words.append(word.mid(1, word.size() - 2));
            else
                words.append(word);
        }
        return words.join(QLatin1Char(' '));
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
        // Driven by the catalog itself, so a command added without help fails here.
        const QList<CommandSpec> &specs = m_services.catalog().specs();
        QVERIFY(specs.size() > 10);
        auto help = run(QStringLiteral("help"));
        QVERIFY2(help.ok, qPrintable(help.text));
        const QJsonArray listed = help.data.toArray();
        QCOMPARE(listed.size(), specs.size());
        const QStringList lines = help.text.split(QLatin1Char('\n'));
        const CommandParser parser(m_services.catalog());
        for (qsizetype i = 0; i < specs.size(); ++i) {
            const CommandSpec &spec = specs.at(i);
            const QByteArray verb = spec.verb.toUtf8();
            QVERIFY2(!spec.usage.trimmed().isEmpty(), verb.constData());
            QVERIFY2(!spec.help.trimmed().isEmpty(), verb.constData());
            QCOMPARE(listed.at(i).toObject().value(QLatin1String("usage")).toString(), spec.usage);
            QCOMPARE(listed.at(i).toObject().value(QLatin1String("help")).toString(), spec.help);
            const bool shown = std::any_of(lines.begin(), lines.end(), [&](const QString &line) {
                return line.trimmed().startsWith(spec.usage) && line.endsWith(spec.help);
            });
            QVERIFY2(shown, verb.constData());
            // Every phrase, filled in, reaches the command whose help line stands for it.
            for (const QString &phrase : spec.phrases) {
                const QString text = samplePhrase(phrase);
                auto parsed = parser.parse(text);
                QVERIFY2(parsed.ok(),
                         qPrintable(text + QStringLiteral(": ") +
                                    (parsed.ok() ? QString() : parsed.error().message)));
                QVERIFY2(
                    parsed->verb == spec.verb,
                    qPrintable(
                        QStringLiteral("'%1' runs %2, not %3").arg(text, parsed->verb, spec.verb)));
                for (const QString &word : phrase.split(QLatin1Char(' '))) {
                    if (word.startsWith(QLatin1Char('<')))
                        QVERIFY2(parsed->options.contains(word.mid(1, word.size() - 2)),
                                 qPrintable(text + QStringLiteral(" binds ") + word));
                }
            }
        }
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
