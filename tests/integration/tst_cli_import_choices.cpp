// The editor-grade and import-choice options of the command line, run as a user runs them:
// `cat --json` with the version, `save --expect`, `import --on-exists`.

#include "TestSupport.h"

#include <QCryptographicHash>
#include <QFileInfo>
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

QString workspaceFile(const TempRoot &root, const QString &rel)
{
    return root.dataRoot() + QStringLiteral("/workspaces/default/") + rel;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestCliImportChoices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void catJsonShowsTheVersionAndSaveExpectsIt()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("notes.md")}, "one"));
        auto cat = runHawkmoth(
            root, {QStringLiteral("cat"), QStringLiteral("notes.md"), QStringLiteral("--json")});
        EXPECT_OK(cat);
        const QJsonObject version = jsonObject(cat).value(QLatin1String("version")).toObject();
        QCOMPARE(jsonObject(cat).value(QLatin1String("content")).toString(), QStringLiteral("one"));
        QCOMPARE(version.value(QLatin1String("sha256")).toString(), sha256Hex("one"));
        QCOMPARE(version.value(QLatin1String("size")).toInt(), 3);
        QVERIFY(version.value(QLatin1String("mtimeNs")).toString().toLongLong() > 0);
        // Without --json cat still streams the bytes as they are.
        QCOMPARE(runHawkmoth(root, {QStringLiteral("cat"), QStringLiteral("notes.md")}).out,
                 QByteArray("one"));

        const QString expected = version.value(QLatin1String("sha256")).toString();
        writeFile(workspaceFile(root, QStringLiteral("notes.md")), "changed by another program");
        auto refused = runHawkmoth(root,
                                   {QStringLiteral("save"), QStringLiteral("notes.md"),
                                    QStringLiteral("--expect"), expected},
                                   "mine");
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("notes.md changed on disk since it was loaded"),
                 qPrintable(refused.describe()));
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("notes.md"))),
                 QByteArray("changed by another program"));

        EXPECT_OK(runHawkmoth(root,
                              {QStringLiteral("save"), QStringLiteral("notes.md"),
                               QStringLiteral("--expect"), sha256Hex("changed by another program")},
                              "mine"));
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("notes.md"))), QByteArray("mine"));

        auto malformed = runHawkmoth(root,
                                     {QStringLiteral("save"), QStringLiteral("notes.md"),
                                      QStringLiteral("--expect"), QStringLiteral("abc")},
                                     "x");
        QCOMPARE(malformed.exitCode, 2);
    }

    void importOnExistsChoices()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("a.txt")}, "old"));
        const QString source = root.file(QStringLiteral("in/a.txt"));
        writeFile(source, "new");
        auto import = [&](const QStringList &extra) {
            return runHawkmoth(
                root,
                QStringList{QStringLiteral("import"), source, QStringLiteral("--json")} + extra);
        };

        // The default is today's: nothing overwritten, the item reported as not imported (and
        // the run a failure when nothing else was imported).
        QCOMPARE(import({}).exitCode, 1);
        const QString other = root.file(QStringLiteral("in/b.txt"));
        writeFile(other, "b");
        auto refused = import({other});
        EXPECT_OK(refused);
        QCOMPARE(jsonObject(refused).value(QLatin1String("imported")).toArray().size(), 1);
        const QJsonObject failure =
            jsonObject(refused).value(QLatin1String("failures")).toArray().first().toObject();
        QCOMPARE(failure.value(QLatin1String("code")).toString(), QStringLiteral("already-exists"));
        QCOMPARE(failure.value(QLatin1String("path")).toString(), source);
        QCOMPARE(failure.value(QLatin1String("target")).toString(), QStringLiteral("a.txt"));

        auto skipped = import({QStringLiteral("--on-exists"), QStringLiteral("skip")});
        EXPECT_OK(skipped);
        QCOMPARE(jsonObject(skipped).value(QLatin1String("skipped")).toArray().size(), 1);
        QVERIFY(jsonObject(skipped).value(QLatin1String("errors")).toArray().isEmpty());
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("a.txt"))), QByteArray("old"));

        EXPECT_OK(import({QStringLiteral("--on-exists"), QStringLiteral("keep-both")}));
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("a (2).txt"))), QByteArray("new"));
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("a.txt"))), QByteArray("old"));

        EXPECT_OK(import({QStringLiteral("--on-exists"), QStringLiteral("replace")}));
        QCOMPARE(readFile(workspaceFile(root, QStringLiteral("a.txt"))), QByteArray("new"));

        QCOMPARE(import({QStringLiteral("--on-exists"), QStringLiteral("merge")}).exitCode, 2);
        QCOMPARE(import({QStringLiteral("--on-exists"), QStringLiteral("skip"),
                         QStringLiteral("--overwrite")})
                     .exitCode,
                 2);
    }

    // An import holds a descriptor open for each staged file (an unnamed temporary) until its
    // batch is published. Under a low limit of open files it makes smaller batches (400: 72
    // files) or named temporaries (300), and imports every file either way.
    void importUnderALowLimitOfOpenFiles()
    {
        TempRoot root;
        constexpr int files = 600;
        for (int i = 0; i < files; ++i)
            writeFile(root.file(QStringLiteral("in/many/f%1.txt").arg(i)),
                      QByteArray::number(i * 7919));
        for (const char *limit : {"--nofile=400:400", "--nofile=300:300"}) {
            const QString dest = QString::fromLatin1(limit).mid(9, 3);
            const auto imported =
                runProgram(QStringLiteral("prlimit"),
                           {QString::fromLatin1(limit), hawkmothBinary(), QStringLiteral("import"),
                            root.file(QStringLiteral("in/many")), QStringLiteral("--to"), dest},
                           root.path(), root.environment());
            EXPECT_OK(imported);
            for (int i = 0; i < files; ++i)
                QCOMPARE(readFile(workspaceFile(
                             root, QStringLiteral("%1/many/f%2.txt").arg(dest).arg(i))),
                         QByteArray::number(i * 7919));
        }
        auto listed = runHawkmoth(
            root, {QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")});
        EXPECT_OK(listed);
        QCOMPARE(jsonObject(listed).value(QLatin1String("files")).toArray().size(), 2 * files);
    }
};

QTEST_GUILESS_MAIN(TestCliImportChoices)
#include "tst_cli_import_choices.moc"
