// DiskUndo puts the disk back exactly when an operation's commit fails; reads refuse what is not a
// regular file without blocking; names that are not UTF-8 are shown escaped.

#include "AtomicWriter.h"
#include "DiskUndo.h"
#include "FileStore.h"
#include "PosixFile.h"
#include "SkippedPath.h"
#include "StorageFixture.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <sys/stat.h>

using namespace hawkmoth;

namespace {

QStringList stagingEntries(const QString &staging)
{
    return QDir(staging).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestDiskUndo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void undoPutsEveryStepBack()
    {
        test::TempRoot root;
        const QString staging = root.file(QStringLiteral("staging"));
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        test::writeFile(root.file(QStringLiteral("d/inner.txt")), "inner");
        test::writeFile(root.file(QStringLiteral("c.txt")), "old");
        {
            DiskUndo undo(staging);
            QVERIFY(undo.setAside(root.file(QStringLiteral("a.txt"))).ok());
            QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("a.txt"))));
            QVERIFY(
                undo.rename(root.file(QStringLiteral("d")), root.file(QStringLiteral("e"))).ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("c.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("c.txt")), "new").ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("n.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("n.txt")), "n").ok());
            QVERIFY(undo.undo().ok());
        }
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
        QCOMPARE(test::readFile(root.file(QStringLiteral("d/inner.txt"))), QByteArray("inner"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("e"))));
        QCOMPARE(test::readFile(root.file(QStringLiteral("c.txt"))), QByteArray("old"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("n.txt"))));
        QCOMPARE(stagingEntries(staging), QStringList());
    }

    void destructorUndoesWhatWasNotKept()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        {
            DiskUndo undo(root.file(QStringLiteral("staging")));
            QVERIFY(
                undo.rename(root.file(QStringLiteral("a.txt")), root.file(QStringLiteral("b.txt")))
                    .ok());
        }
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("b.txt"))));
    }

    void keepDeletesWhatWasSetAside()
    {
        test::TempRoot root;
        const QString staging = root.file(QStringLiteral("staging"));
        test::writeFile(root.file(QStringLiteral("d/inner.txt")), "inner");
        test::writeFile(root.file(QStringLiteral("c.txt")), "old");
        {
            DiskUndo undo(staging);
            QVERIFY(undo.setAside(root.file(QStringLiteral("d"))).ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("c.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("c.txt")), "new").ok());
            undo.keep();
        }
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("d"))));
        QCOMPARE(test::readFile(root.file(QStringLiteral("c.txt"))), QByteArray("new"));
        QCOMPARE(stagingEntries(staging), QStringList());
    }

    void renameNeverReplaces()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        test::writeFile(root.file(QStringLiteral("b.txt")), "B");
        DiskUndo undo(root.file(QStringLiteral("staging")));
        QVERIFY(!undo.rename(root.file(QStringLiteral("a.txt")), root.file(QStringLiteral("b.txt")))
                     .ok());
        QCOMPARE(test::readFile(root.file(QStringLiteral("b.txt"))), QByteArray("B"));
    }

    void readsRefuseFifosWithoutBlocking()
    {
        test::StorageFixture fx;
        QVERIFY(::mkfifo(QFile::encodeName(fx.path(QStringLiteral("pipe"))).constData(), 0600) ==
                0);
        auto opened = PosixFile::openForReading(fx.path(QStringLiteral("pipe")));
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(QLatin1String("FIFO")),
                 qPrintable(opened.error().message));
        FileStore store(fx.workspace(), fx.context());
        auto loaded = store.load(QStringLiteral("pipe"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.contains(QLatin1String("not a regular file")),
                 qPrintable(loaded.error().message));
    }

    void namesThatAreNotUtf8AreEscaped()
    {
        QCOMPARE(escapedName("plain.txt"), QStringLiteral("plain.txt"));
        QCOMPARE(escapedName("bad\xff.txt"), QStringLiteral("bad\\xff.txt"));
        QCOMPARE(escapedName("caf\xc3\xa9\xc3"), QStringLiteral("caf\u00e9\\xc3"));
    }
};

QTEST_GUILESS_MAIN(TestDiskUndo)
#include "tst_diskundo.moc"
