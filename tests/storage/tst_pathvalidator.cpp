// PathValidator: every way a path could leave the workspace or hurt it is refused with a reason.

#include "PathValidator.h"
#include "TestSupport.h"
#include "WorkspaceName.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace hawkmoth;

class TestPathValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "a.txt"
                               << "a.txt";
        QTest::newRow("nested") << "src/app/main.py"
                                << "src/app/main.py";
        QTest::newRow("double slash") << "src//main.py"
                                      << "src/main.py";
        QTest::newRow("dot") << "./src/./main.py"
                             << "src/main.py";
        QTest::newRow("trailing slash") << "docs/"
                                        << "docs";
        QTest::newRow("spaces and unicode") << "my notes/été.md"
                                            << "my notes/été.md";
        QTest::newRow(".gitignore is fine") << ".gitignore"
                                            << ".gitignore";
        QTest::newRow("hawkmoth below root is fine") << "docs/.hawkmoth"
                                                     << "docs/.hawkmoth";
    }
    void normalizes()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto r = PathValidator::normalize(input);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(*r, expected);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("reason");
        QTest::newRow("parent") << "../etc/passwd"
                                << "leads out";
        QTest::newRow("inner parent") << "a/../../b"
                                      << "leads out";
        QTest::newRow("absolute") << "/etc/passwd"
                                  << "absolute";
        QTest::newRow("home") << "~/x"
                              << "absolute";
        QTest::newRow("drive") << "C:/x"
                               << "absolute";
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << "NUL";
        QTest::newRow("newline") << "a\nb"
                                 << "control character";
        QTest::newRow("backslash") << "a\\b"
                                   << "backslash";
        QTest::newRow("git") << ".git/config"
                             << "reserved";
        QTest::newRow("git any depth") << "sub/.git/HEAD"
                                       << "reserved";
        QTest::newRow("git any case") << ".GIT/config"
                                      << "reserved";
        QTest::newRow("hawkmoth") << ".hawkmoth/index.db"
                                  << "reserved";
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("only dots") << "./."
                                   << "empty";
        QTest::newRow("long name") << QString(256, QLatin1Char('x')) << "longer than 255";
        QTest::newRow("long path")
            << QStringList(30, QString(40, QLatin1Char('d'))).join(QLatin1Char('/'))
            << "longer than 1024";
    }
    void refuses()
    {
        QFETCH(QString, input);
        QFETCH(QString, reason);
        auto r = PathValidator::normalize(input);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
    }

    void multibyteNamesCountBytes()
    {
        // 128 two-byte characters = 256 bytes: over NAME_MAX although only 128 characters.
        QVERIFY(!PathValidator::normalize(QString(128, QChar(0xe9))).ok());
        QVERIFY(PathValidator::normalize(QString(127, QChar(0xe9))).ok());
    }

    // The walk's quick acceptance says yes only where normalize() keeps the name as it is, and
    // no to every name normalize() refuses or changes.
    void plainComponentsAreWhatNormalizeKeeps_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("plain");
        QTest::newRow("ascii") << "main.py" << true;
        QTest::newRow("spaces") << "my notes.md" << true;
        QTest::newRow(".hawkmoth below the root") << ".hawkmoth" << true;
        QTest::newRow("127 two-byte characters") << QString(127, QChar(0xe9)) << true;
        QTest::newRow("255 ascii bytes") << QString(255, QLatin1Char('a')) << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dot") << "." << false;
        QTest::newRow("dot dot") << ".." << false;
        QTest::newRow(".git") << ".git" << false;
        QTest::newRow(".GIT") << ".GIT" << false;
        QTest::newRow("backslash") << "a\\b" << false;
        QTest::newRow("tab") << "a\tb" << false;
        QTest::newRow("delete") << QStringLiteral("a\x7f") << false;
        QTest::newRow("nul") << QString(QStringLiteral("a")).append(QChar(0)) << false;
        QTest::newRow("128 two-byte characters") << QString(128, QChar(0xe9)) << false;
        QTest::newRow("256 ascii bytes") << QString(256, QLatin1Char('a')) << false;
    }
    void plainComponentsAreWhatNormalizeKeeps()
    {
        QFETCH(QString, name);
        QFETCH(bool, plain);
        QCOMPARE(PathValidator::isPlainComponent(name), plain);
        const QString path = QStringLiteral("folder/") + name;
        auto normalized = PathValidator::normalize(path);
        QCOMPARE(normalized.ok() && *normalized == path, plain);
    }
    void symlinkLeavingWorkspaceIsRefused()
    {
        test::TempRoot tmp;
        const QString root = tmp.file(QStringLiteral("ws"));
        const QString outside = tmp.file(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/inner")));
        QVERIFY(QDir().mkpath(outside));
        QVERIFY(QFile::link(outside, root + QStringLiteral("/escape")));
        QVERIFY(QFile::link(root + QStringLiteral("/inner"), root + QStringLiteral("/alias")));
        QVERIFY(
            QFile::link(outside + QStringLiteral("/nothing"), root + QStringLiteral("/dangling")));

        auto escape = PathValidator::resolveInside(root, QStringLiteral("escape/secret.txt"));
        QVERIFY(!escape.ok());
        QVERIFY2(escape.error().message.contains(QLatin1String("symlink")),
                 qPrintable(escape.error().message));
        auto dangling = PathValidator::resolveInside(root, QStringLiteral("dangling"));
        QVERIFY(!dangling.ok());
        auto inside = PathValidator::resolveInside(root, QStringLiteral("alias/file.txt"));
        QVERIFY2(inside.ok(), qPrintable(inside.ok() ? QString() : inside.error().message));
        auto fresh = PathValidator::resolveInside(root, QStringLiteral("new/dir/file.txt"));
        QVERIFY(fresh.ok());
        QCOMPARE(*fresh, QFileInfo(root).canonicalFilePath() + QStringLiteral("/new/dir/file.txt"));
    }

    void workspaceNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "demo" << true;
        QTest::newRow("all classes") << "My_Project-2.0" << true;
        QTest::newRow("underscore first") << "_x" << true;
        QTest::newRow("64") << QString(64, QLatin1Char('a')) << true;
        QTest::newRow("65") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("dot first") << ".hidden" << false;
        QTest::newRow("dash first") << "-rf" << false;
        QTest::newRow("space") << "my project" << false;
        QTest::newRow("unicode") << "café" << false;
        QTest::newRow("dotdot") << ".." << false;
    }
    void workspaceNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(WorkspaceName::validate(name).ok(), valid);
    }
};

QTEST_GUILESS_MAIN(TestPathValidator)
#include "tst_pathvalidator.moc"
