// LayerPolicy and GlobPattern: the default rules in their order, pins, and the JSON form.

#include "GlobPattern.h"
#include "LayerPolicy.h"
#include "TestSupport.h"

#include <QTest>

using namespace hawkmoth;

class TestLayerPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globs_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("matches");
        QTest::newRow("ext at root") << "*.tmp"
                                     << "a.tmp" << true;
        QTest::newRow("ext deep") << "*.tmp"
                                  << "x/y/a.tmp" << true;
        QTest::newRow("ext case") << "*.PY"
                                  << "main.py" << true;
        QTest::newRow("ext no match") << "*.tmp"
                                      << "a.tmpl" << false;
        QTest::newRow("star stays in folder") << "src/*.c"
                                              << "src/x/a.c" << false;
        QTest::newRow("anchored") << "scratch/**"
                                  << "scratch/a/b.txt" << true;
        QTest::newRow("anchored not deep") << "scratch/**"
                                           << "x/scratch/a.txt" << false;
        QTest::newRow("double star middle") << "a/**/b.txt"
                                            << "a/x/y/b.txt" << true;
        QTest::newRow("double star zero") << "a/**/b.txt"
                                          << "a/b.txt" << true;
        QTest::newRow("folder pattern") << "build/"
                                        << "build/out/x.o" << true;
        QTest::newRow("question mark") << "file?.txt"
                                       << "file1.txt" << true;
        QTest::newRow("class") << "[ab].txt"
                               << "b.txt" << true;
        QTest::newRow("negated class") << "[!ab].txt"
                                       << "a.txt" << false;
        QTest::newRow("literal dot") << "a.b"
                                     << "axb" << false;
        QTest::newRow("plus is literal") << "c++.txt"
                                         << "c++.txt" << true;
    }
    void globs()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, path);
        QFETCH(bool, matches);
        const GlobPattern g(pattern);
        QVERIFY(g.isValid());
        QCOMPARE(g.matches(path), matches);
    }

    void defaults_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("binary");
        QTest::addColumn<QString>("layer");
        QTest::newRow("tmp") << "x.tmp" << qint64(10) << false << "session";
        QTest::newRow("swp") << "src/.main.py.swp" << qint64(10) << true << "session";
        QTest::newRow("scratch") << "scratch/notes.md" << qint64(10) << false << "session";
        QTest::newRow("big tmp stays session (first match)")
            << "huge.tmp" << qint64(10 << 20) << true << "session";
        QTest::newRow("python") << "main.py" << qint64(100) << false << "git";
        QTest::newRow("exactly 100 KiB is not over")
            << "a.txt" << qint64(100 * 1024) << false << "git";
        QTest::newRow("over 100 KiB") << "a.txt" << qint64(100 * 1024 + 1) << false << "hub";
        QTest::newRow("large source goes to hub")
            << "gen.py" << qint64(200 * 1024) << false << "hub";
        QTest::newRow("binary") << "logo.png" << qint64(2000) << true << "hub";
        QTest::newRow("unknown text") << "notes.unknownext" << qint64(10) << false << "git";
        QTest::newRow("Makefile") << "Makefile" << qint64(10) << false << "git";
    }
    void defaults()
    {
        QFETCH(QString, path);
        QFETCH(qint64, size);
        QFETCH(bool, binary);
        QFETCH(QString, layer);
        QCOMPARE(layerName(LayerPolicy::defaults().decide(path, size, binary)), layer);
    }

    void firstMatchWins()
    {
        LayerPolicy p;
        p.setRules({{{QStringLiteral("*.bin")}, {}, {}, Layer::Git}, {{}, {}, true, Layer::Hub}});
        QCOMPARE(p.decide(QStringLiteral("a.bin"), 10, true), Layer::Git);
        QCOMPARE(p.decide(QStringLiteral("a.dat"), 10, true), Layer::Hub);
        QCOMPARE(p.decide(QStringLiteral("a.dat"), 10, false), Layer::Git); // no rule: git
    }

    void pins()
    {
        LayerPolicy p = LayerPolicy::defaults();
        p.setPin(QStringLiteral("data/big.csv"), Layer::Git);
        p.setPin(QStringLiteral("media/"), Layer::Session);
        p.setPin(QStringLiteral("media/keep/"), Layer::Hub);
        QCOMPARE(p.decide(QStringLiteral("data/big.csv"), 50 << 20, false), Layer::Git);
        QCOMPARE(p.decide(QStringLiteral("media/a.png"), 10, true), Layer::Session);
        QCOMPARE(p.decide(QStringLiteral("media/keep/a.png"), 10, true), Layer::Hub);
        QCOMPARE(p.decide(QStringLiteral("mediax/a.png"), 10, false), Layer::Git);
        QVERIFY(p.movePins(QStringLiteral("media"), QStringLiteral("assets")));
        QCOMPARE(p.pin(QStringLiteral("assets/keep/x")), std::optional<Layer>(Layer::Hub));
        QCOMPARE(p.pin(QStringLiteral("media/a.png")), std::nullopt);
        p.setPin(QStringLiteral("data/big.csv"), std::nullopt);
        QCOMPARE(p.decide(QStringLiteral("data/big.csv"), 50 << 20, false), Layer::Hub);
    }

    void jsonRoundTrip()
    {
        LayerPolicy p = LayerPolicy::defaults();
        p.setPin(QStringLiteral("a/b.bin"), Layer::Git);
        p.setSessionRetentionDays(3);
        auto back = LayerPolicy::fromJson(p.toJson());
        QVERIFY(back.ok());
        QCOMPARE(back->rules().size(), p.rules().size());
        QCOMPARE(back->pins(), p.pins());
        QCOMPARE(back->sessionRetentionDays(), 3);
        for (const QString &path :
             {QStringLiteral("x.tmp"), QStringLiteral("a.py"), QStringLiteral("a/b.bin")})
            QCOMPARE(back->decide(path, 1000, true), p.decide(path, 1000, true));
    }

    void invalidJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not json") << QByteArray("{rules: [") << "not a JSON object";
        QTest::newRow("bad layer")
            << QByteArray(R"({"rules":[{"match":"*.x","layer":"cloud"}]})") << "no valid layer";
        QTest::newRow("bad size") << QByteArray(R"({"rules":[{"sizeOver":"big","layer":"hub"}]})")
                                  << "sizeOver";
        QTest::newRow("bad pin") << QByteArray(R"({"pins":{"a":"s3"}})") << "pin of 'a'";
    }
    void invalidJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reason);
        auto p = LayerPolicy::fromJson(json);
        QVERIFY(!p.ok());
        QVERIFY2(p.error().message.contains(reason), qPrintable(p.error().message));
    }

    void loadMissingGivesDefaultsAndSaveIsAtomic()
    {
        test::TempRoot tmp;
        const QString file = tmp.file(QStringLiteral("policy.json"));
        auto p = LayerPolicy::load(file);
        QVERIFY(p.ok());
        QCOMPARE(p->decide(QStringLiteral("x.tmp"), 1, false), Layer::Session);
        p->setPin(QStringLiteral("x.tmp"), Layer::Git);
        QVERIFY(p->save(file).ok());
        auto again = LayerPolicy::load(file);
        QVERIFY(again.ok());
        QCOMPARE(again->decide(QStringLiteral("x.tmp"), 1, false), Layer::Git);
        test::writeFile(file, "garbage");
        QVERIFY(!LayerPolicy::load(file).ok());
    }
};

QTEST_GUILESS_MAIN(TestLayerPolicy)
#include "tst_layerpolicy.moc"
