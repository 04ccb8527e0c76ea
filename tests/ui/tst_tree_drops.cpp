// Drops from a file manager onto the project tree (offscreen, real StorageCore): "skip" on a taken
// name leaves the file as it was; a dropped folder whose name is taken is one item, as in a file
// manager (keep both: "name (2)", replace: merged, skip: left out whole); a big drop shows its
// progress and Cancel stops it without leaving a half-copied file.

#include "Screenshots.h"
#include "TransferBar.h"
#include "TreeFixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestTreeDrops : public QObject, private TreeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { isolate(); }
    void init() { start(); }
    void cleanup() { stop(); }

    void skipLeavesTheTakenFileAsItWas()
    {
        writeFile(m_root->file(QStringLiteral("outside/notes.md")), "dropped\n");
        writeFile(m_root->file(QStringLiteral("outside/fresh.md")), "fresh\n");
        const FileEntry before = entry(QStringLiteral("notes.md"));
        QSignalSpy finished(m_tree.get(), &ProjectTree::importFinished);
        QVERIFY(drop({m_root->file(QStringLiteral("outside/notes.md")),
                      m_root->file(QStringLiteral("outside/fresh.md"))},
                     belowRows()));
        QMessageBox *box = answer("skip");
        QVERIFY(box);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, treeWaitMs);
        QCOMPARE(finished.first().at(0).toInt(), 1); // fresh.md only
        QCOMPARE(finished.first().at(1).toInt(), 0);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("notes.md"))), QByteArray("x\n"));
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("fresh.md"))), QByteArray("fresh\n"));
        QVERIFY(!QFileInfo::exists(m_ws.absolutePath(QStringLiteral("notes (2).md"))));
        const FileEntry after = entry(QStringLiteral("notes.md"));
        QCOMPARE(after.sha256, before.sha256);
        QCOMPARE(after.mtimeNs, before.mtimeNs);
        QCOMPARE(workspaceFiles(),
                 (QStringList{"README.md", "docs/guide.md", "fresh.md", "notes.md"}));
    }

    // The workspace's docs/ holds guide.md and kept.md; the dropped docs/ holds guide.md
    // ("dropped") and extra.md.
    void takenFolder_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QByteArray>("guide"); // docs/guide.md afterwards
        QTest::newRow("keep both")
            << QStringLiteral("keepBoth")
            << QStringList{"README.md",     "docs (2)/extra.md", "docs (2)/guide.md",
                           "docs/guide.md", "docs/kept.md",      "notes.md"}
            << QByteArray("x\n");
        QTest::newRow("replace") << QStringLiteral("replace")
                                 << QStringList{"README.md", "docs/extra.md", "docs/guide.md",
                                                "docs/kept.md", "notes.md"}
                                 << QByteArray("dropped\n");
        QTest::newRow("skip") << QStringLiteral("skip")
                              << QStringList{"README.md", "docs/guide.md", "docs/kept.md",
                                             "notes.md"}
                              << QByteArray("x\n");
    }
    void takenFolder()
    {
        QFETCH(QString, button);
        QFETCH(QStringList, files);
        QFETCH(QByteArray, guide);
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("docs/kept.md"), "kept\n").result().ok());
        writeFile(m_root->file(QStringLiteral("outside/docs/guide.md")), "dropped\n");
        writeFile(m_root->file(QStringLiteral("outside/docs/extra.md")), "extra\n");
        QSignalSpy finished(m_tree.get(), &ProjectTree::importFinished);
        QVERIFY(drop({m_root->file(QStringLiteral("outside/docs"))}, belowRows()));
        QMessageBox *box =
            answer(button.toLatin1().constData(), button == QLatin1String("replace")
                                                      ? QStringLiteral("project-tree-folder-taken")
                                                      : QString());
        QVERIFY(box);
        // The question says what each answer does to a folder.
        QVERIFY2(box->informativeText().contains(QLatin1String("merged")),
                 qPrintable(box->informativeText()));
        QVERIFY(box->informativeText().contains(QLatin1String("\"docs (2)\"")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, treeWaitMs);
        QCOMPARE(finished.first().at(1).toInt(), 0); // nothing failed
        QCOMPARE(workspaceFiles(), files);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("docs/guide.md"))), guide);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("docs/kept.md"))), QByteArray("kept\n"));
        // What is on disk is what the core knows.
        for (const QString &path : files)
            QVERIFY2(!entry(path).path.isEmpty(), qPrintable(path));
        if (button == QLatin1String("keepBoth")) {
            QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("docs (2)/guide.md"))),
                     QByteArray("dropped\n"));
            QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs (2)")).isValid(),
                                     treeWaitMs);
        }
    }

    // One big file: the bar under the tree moves, Cancel stops the copy, and neither the target
    // nor a staged part of it is left.
    void cancelStopsABigDropWithoutAHalfFile()
    {
        const QString big = m_root->file(QStringLiteral("outside/big.bin"));
        QDir().mkpath(QFileInfo(big).path());
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(4) * 1024 * 1024 * 1024)); // sparse: 4 GB read, none stored
        }
        QSignalSpy finished(m_tree.get(), &ProjectTree::importFinished);
        QVERIFY(drop({big}, belowRows()));
        TransferBar *bar = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((bar = m_tree->findChild<TransferBar *>()), treeWaitMs);
        auto *progress = bar->findChild<QProgressBar *>();
        auto *cancel = bar->findChild<QToolButton *>();
        QCOMPARE(cancel->text(), QStringLiteral("Cancel"));
        // Cancelled as the first progress shows, as a user would, long before 4 GB are copied.
        // (The bar goes once the import has ended: what it showed is kept here.)
        int shown = -1;
        int maximum = -1;
        connect(progress, &QProgressBar::valueChanged, cancel,
                [&shown, &maximum, progress, cancel](int value) {
                    if (value > 0 && shown < 0) {
                        shown = value;
                        maximum = progress->maximum();
                        cancel->click();
                    }
                });
        QTRY_VERIFY_WITH_TIMEOUT(shown > 0, treeWaitMs);
        QCOMPARE(maximum, 1000);
        QVERIFY2(shown < 1000, qPrintable(QString::number(shown)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, treeWaitMs);
        QCOMPARE(finished.first().at(0).toInt(), 0);
        QVERIFY(!QFileInfo::exists(m_ws.absolutePath(QStringLiteral("big.bin"))));
        QCOMPARE(entry(QStringLiteral("big.bin")).path, QString());
        QCOMPARE(QDir(m_ws.stagingDir()).entryList(QDir::Files | QDir::NoDotAndDotDot),
                 QStringList());
        QTRY_VERIFY_WITH_TIMEOUT(!m_tree->findChild<TransferBar *>(), treeWaitMs); // gone
        auto *message = m_tree->findChild<QLabel *>(QStringLiteral("projectTreeMessage"));
        QVERIFY2(message->text().contains(QLatin1String("cancelled")), qPrintable(message->text()));
    }

private:
    // Clicks the answer of the name-taken question; the box, or null when it never came.
    // shot: a screenshot of the question first, under that name.
    QMessageBox *answer(const char *button, const QString &shot = {})
    {
        QMessageBox *box = nullptr;
        if (!QTest::qWaitFor(
                [&] { return (box = openBox<QMessageBox>(*m_tree, "projectTreeExistsBox")); },
                treeWaitMs))
            return nullptr;
        if (!shot.isEmpty() && !grabWidget(*box, shot))
            return nullptr;
        box->findChild<QPushButton *>(QString::fromLatin1(button))->click();
        return box;
    }

    // The core's entry of path; an empty one when the index has none.
    FileEntry entry(const QString &path)
    {
        const auto listing = m_core->files().list(m_ws, {}, true).result();
        if (listing) {
            for (const FileEntry &e : listing->files) {
                if (e.path == path)
                    return e;
            }
        }
        return {};
    }

    // Every file under the workspace's folder (its own data left out), sorted.
    QStringList workspaceFiles() const
    {
        QStringList files;
        const QDir root(m_ws.root());
        QDirIterator it(m_ws.root(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = root.relativeFilePath(it.next());
            if (!path.startsWith(QLatin1Char('.')))
                files.append(path);
        }
        files.sort();
        return files;
    }
};

QTEST_MAIN(TestTreeDrops)
#include "tst_tree_drops.moc"
