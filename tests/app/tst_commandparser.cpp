// CommandParser: every phrase of the command language, quoting, usage errors and suggestions.

#include "AppServices.h"
#include "CommandParser.h"
#include "TestSupport.h"

#include <QTest>

using namespace hawkmoth;

class TestCommandParser : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    AppServices m_services{Paths(m_tmp.dataRoot(), m_tmp.cacheRoot())};

private Q_SLOTS:
    void phrases_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("options"); // "k=v;k2=v2", sorted
        QTest::newRow("create") << "create project demo"
                                << "create-project"
                                << "name=demo";
        QTest::newRow("create from") << "Create Project demo FROM python"
                                     << "create-project"
                                     << "name=demo;template=python";
        QTest::newRow("list projects") << "list projects"
                                       << "list-projects"
                                       << "";
        QTest::newRow("switch") << "switch to demo"
                                << "switch"
                                << "name=demo";
        QTest::newRow("current") << "current project"
                                 << "current"
                                 << "";
        QTest::newRow("list files") << "list files"
                                    << "list-files"
                                    << "";
        QTest::newRow("list files dir") << "list files src/app"
                                        << "list-files"
                                        << "dir=src/app";
        QTest::newRow("status") << "storage status"
                                << "status"
                                << "";
        QTest::newRow("save") << "save notes/today.md"
                              << "save"
                              << "path=notes/today.md";
        QTest::newRow("save spaces") << "save my notes.md"
                                     << "save"
                                     << "path=my notes.md";
        QTest::newRow("save quoted") << "save \"a to b.md\""
                                     << "save"
                                     << "path=a to b.md";
        QTest::newRow("load") << "load README.md"
                              << "load"
                              << "path=README.md";
        QTest::newRow("delete") << "delete old.txt"
                                << "delete"
                                << "path=old.txt";
        QTest::newRow("delete folder") << "delete folder build"
                                       << "delete"
                                       << "path=build;recursive=";
        QTest::newRow("move to layer") << "move data.csv to hub"
                                       << "move"
                                       << "dst=hub;src=data.csv";
        QTest::newRow("move spaces") << "move big data.csv to git"
                                     << "move"
                                     << "dst=git;src=big data.csv";
        QTest::newRow("rename") << "rename a.txt to b.txt"
                                << "move"
                                << "dst=b.txt;rename=;src=a.txt";
        QTest::newRow("pin") << "pin x.bin to git"
                             << "pin"
                             << "layer=git;path=x.bin";
        QTest::newRow("unpin") << "unpin x.bin"
                               << "pin"
                               << "path=x.bin;unpin=";
        QTest::newRow("cleanup") << "cleanup"
                                 << "cleanup"
                                 << "";
        QTest::newRow("help") << "help"
                              << "help"
                              << "";
        QTest::newRow("delete project confirmed") << "delete project demo yes"
                                                  << "delete-project"
                                                  << "name=demo;yes=";
        QTest::newRow("delete project") << "delete project demo"
                                        << "delete-project"
                                        << "name=demo";
        QTest::newRow("quoted keyword is a value") << "delete \"project x\""
                                                   << "delete"
                                                   << "path=project x";
        QTest::newRow("sync") << "sync"
                              << "sync"
                              << "";
        QTest::newRow("push") << "push"
                              << "push"
                              << "";
        QTest::newRow("pull") << "pull"
                              << "pull"
                              << "";
        QTest::newRow("history of") << "history of src/main.py"
                                    << "history"
                                    << "path=src/main.py";
        QTest::newRow("run jobs") << "run jobs"
                                  << "run-jobs"
                                  << "";
        QTest::newRow("hub status") << "hub status"
                                    << "hub-status"
                                    << "";
        // The most specific phrase wins over a shorter one that would also match ("open <path>").
        QTest::newRow("open from hub") << "open from hub alice/data as work"
                                       << "open-from-hub"
                                       << "dataset=alice/data;name=work";
        QTest::newRow("open a file") << "open notes.md"
                                     << "load"
                                     << "path=notes.md";
    }
    void phrases()
    {
        QFETCH(QString, text);
        QFETCH(QString, verb);
        QFETCH(QString, options);
        auto cmd = CommandParser(m_services.catalog()).parse(text);
        QVERIFY2(cmd.ok(), qPrintable(cmd.ok() ? QString() : cmd.error().message));
        QCOMPARE(cmd->verb, verb);
        QStringList pairs;
        for (auto it = cmd->options.begin(); it != cmd->options.end(); ++it)
            pairs.append(it.key() + QLatin1Char('=') + it.value());
        pairs.sort();
        QCOMPARE(pairs.join(QLatin1Char(';')), options);
    }

    void unknownCommandsSuggest_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("suggestion");
        QTest::newRow("typo") << "lst files"
                              << "list files";
        QTest::newRow("typo 2") << "storag status"
                                << "storage status";
        QTest::newRow("typo 3") << "swich to x"
                                << "switch to NAME";
        QTest::newRow("extra words") << "list projects now"
                                     << "list projects";
    }
    void unknownCommandsSuggest()
    {
        QFETCH(QString, text);
        QFETCH(QString, suggestion);
        auto cmd = CommandParser(m_services.catalog()).parse(text);
        QVERIFY(!cmd.ok());
        QVERIFY2(cmd.error().message.startsWith(QLatin1String("unknown command")),
                 qPrintable(cmd.error().message));
        QVERIFY2(cmd.error().message.contains(QStringLiteral("did you mean '%1").arg(suggestion)),
                 qPrintable(cmd.error().message));
    }

    void usageAndQuoting()
    {
        CommandParser parser(m_services.catalog());
        auto missing = parser.parse(QStringLiteral("create project"));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.startsWith(QLatin1String("usage: create project NAME")),
                 qPrintable(missing.error().message));
        QVERIFY(!parser.parse(QStringLiteral("save \"unterminated")).ok());
        QVERIFY(!parser.parse(QStringLiteral("   ")).ok());
        QCOMPARE(CommandParser::tokenize(QStringLiteral("a 'b c' \"d\"")).value().size(), 3);
        QCOMPARE(CommandParser::editDistance(QStringLiteral("kitten"), QStringLiteral("sitting")),
                 3);
    }
};

QTEST_GUILESS_MAIN(TestCommandParser)
#include "tst_commandparser.moc"
