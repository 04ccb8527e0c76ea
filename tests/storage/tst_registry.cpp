// WorkspaceRegistry: create from templates, names, list with metadata, switch, rename, delete.

#include "AppSettings.h"
#include "FileStore.h"
#include "TemplateLibrary.h"
#include "TestSupport.h"
#include "WorkspaceRegistry.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTest>

using namespace hawkmoth;

class TestRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultWorkspaceAfterFirstStart()
    {
        test::TempRoot tmp;
        WorkspaceRegistry registry(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        QVERIFY(registry.ensureReady().ok());
        auto current = registry.current();
        QVERIFY(current.ok());
        QCOMPARE(current->name(), QStringLiteral("default"));
        QVERIFY(registry.ensureReady().ok()); // idempotent
        QCOMPARE(registry.list()->size(), 1);
    }

    void templates_data()
    {
        QTest::addColumn<QString>("templateName");
        QTest::addColumn<QStringList>("files");
        QTest::newRow("empty") << "empty" << QStringList{};
        QTest::newRow("python") << "python"
                                << QStringList{".gitignore", "README.md", "main.py",
                                               "requirements.txt", "tests/test_main.py"};
        QTest::newRow("web") << "web"
                             << QStringList{"README.md", "app.js", "index.html", "style.css"};
    }
    void templates()
    {
        QFETCH(QString, templateName);
        QFETCH(QStringList, files);
        test::TempRoot tmp;
        WorkspaceRegistry registry(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        auto ws = registry.create(QStringLiteral("proj"), templateName);
        QVERIFY2(ws.ok(), qPrintable(ws.ok() ? QString() : ws.error().message));
        QStringList found;
        QDirIterator it(ws->root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = QDir(ws->root()).relativeFilePath(it.next());
            if (!f.startsWith(QLatin1String(".hawkmoth/")))
                found.append(f);
        }
        found.sort();
        QCOMPARE(found, files);
        auto info = registry.info(QStringLiteral("proj"));
        QVERIFY(info.ok());
        QCOMPARE(info->templateName, templateName);
        QCOMPARE(info->totals.value(Layer::Git).files, qint64(files.size())); // indexed at creation
        QVERIFY(info->created.isValid());
        QVERIFY(QFileInfo::exists(ws->policyFile()));
    }

    void namesAreValidatedAndUniqueIgnoringCase()
    {
        test::TempRoot tmp;
        WorkspaceRegistry registry(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        QVERIFY(registry.create(QStringLiteral("Demo")).ok());
        auto dup = registry.create(QStringLiteral("demo"));
        QCOMPARE(dup.error().code, ErrorCode::AlreadyExists);
        QVERIFY(dup.error().message.contains(QLatin1String("Demo")));
        for (const QString &bad :
             {QStringLiteral(".x"), QStringLiteral("-x"), QStringLiteral("a b"),
              QStringLiteral("a/b"), QString(65, QLatin1Char('a')), QString()})
            QCOMPARE(registry.create(bad).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(registry.create(QStringLiteral("x"), QStringLiteral("rust")).error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(registry.find(QStringLiteral("DEMO"))->name(), QStringLiteral("Demo"));
        // A creation that died halfway leaves a hidden staging folder: never listed.
        QVERIFY(
            QDir().mkpath(tmp.dataRoot() + QStringLiteral("/workspaces/.new-half-1234/.hawkmoth")));
        QCOMPARE(registry.list()->size(), 1);
    }

    void currentSurvivesRestart()
    {
        test::TempRoot tmp;
        const Paths paths(tmp.dataRoot(), tmp.cacheRoot());
        {
            WorkspaceRegistry registry(paths);
            QVERIFY(registry.ensureReady().ok());
            QVERIFY(registry.create(QStringLiteral("second")).ok());
            QVERIFY(registry.setCurrent(QStringLiteral("SECOND")).ok());
        }
        WorkspaceRegistry again(paths);
        QCOMPARE(again.current()->name(), QStringLiteral("second"));
        QVERIFY(again.setCurrent(QStringLiteral("nope")).error().code == ErrorCode::NotFound);
    }

    void renameKeepsFilesAndCurrent()
    {
        test::TempRoot tmp;
        WorkspaceRegistry registry(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        QVERIFY(registry.ensureReady().ok());
        QVERIFY(registry.create(QStringLiteral("old")).ok());
        QVERIFY(registry.create(QStringLiteral("other")).ok());
        QVERIFY(registry.setCurrent(QStringLiteral("old")).ok());
        QCOMPARE(registry.rename(QStringLiteral("old"), QStringLiteral("Other")).error().code,
                 ErrorCode::AlreadyExists);
        QCOMPARE(registry.rename(QStringLiteral("old"), QStringLiteral("..")).error().code,
                 ErrorCode::InvalidArgument);
        auto renamed = registry.rename(QStringLiteral("old"), QStringLiteral("new"));
        QVERIFY(renamed.ok());
        QCOMPARE(registry.current()->name(), QStringLiteral("new"));
        QCOMPARE(renamed->metadata()->name, QStringLiteral("new"));
        QVERIFY(registry.rename(QStringLiteral("new"), QStringLiteral("NEW")).ok()); // case only
        QCOMPARE(registry.find(QStringLiteral("new"))->name(), QStringLiteral("NEW"));
    }

    void deleteNeedsConfirmation()
    {
        test::TempRoot tmp;
        const Paths paths(tmp.dataRoot(), tmp.cacheRoot());
        WorkspaceRegistry registry(paths);
        QVERIFY(registry.ensureReady().ok());
        auto ws = registry.create(QStringLiteral("doomed"));
        QVERIFY(registry.setCurrent(QStringLiteral("doomed")).ok());
        const StorageContext ctx{paths, {}, nullptr, {}};
        QVERIFY(FileStore(*ws, ctx).save(QStringLiteral("precious.txt"), "data").ok());
        auto refused = registry.remove(QStringLiteral("doomed"), false);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QLatin1String("1 files")),
                 qPrintable(refused.error().message));
        QVERIFY(QFileInfo::exists(ws->absolutePath(QStringLiteral("precious.txt"))));
        QVERIFY(registry.remove(QStringLiteral("doomed"), true).ok());
        QVERIFY(!QFileInfo::exists(ws->root()));
        QCOMPARE(registry.current()->name(), QStringLiteral("default"));
        QCOMPARE(registry.remove(QStringLiteral("doomed"), true).error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
