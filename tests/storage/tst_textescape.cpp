// The one escaping rule for text shown to people: C0 controls, DEL and C1 controls as \xNN,
// bytes that are not UTF-8 as \xNN, everything else as it is.

#include "TextEscape.h"

#include <QTest>

using namespace hawkmoth;

class TestTextEscape : public QObject
{
    Q_OBJECT

private slots:
    void printableEscapesEveryControlCharacter()
    {
        QCOMPARE(printable(u"plain caf\u00e9"), QStringLiteral("plain caf\u00e9"));
        QCOMPARE(printable(u"a\x1b[2Jb"), QStringLiteral("a\\x1b[2Jb"));
        QCOMPARE(printable(u"\t\x7f"), QStringLiteral("\\x09\\x7f"));
        // C1: U+009B is a one-character CSI on many terminals.
        QCOMPARE(printable(u"x\u009by\u0085"), QStringLiteral("x\\x9by\\x85"));
        QCOMPARE(printable(u"\u00a0"), QStringLiteral("\u00a0")); // first non-control above C1
    }

    void escapedNameEscapesBadBytesAndControls()
    {
        QCOMPARE(escapedName("plain.txt"), QStringLiteral("plain.txt"));
        QCOMPARE(escapedName("bad\xff.txt"), QStringLiteral("bad\\xff.txt"));
        QCOMPARE(escapedName("caf\xc3\xa9\xc3"), QStringLiteral("caf\u00e9\\xc3"));
        QCOMPARE(escapedName("esc\x1b"), QStringLiteral("esc\\x1b"));
        QCOMPARE(escapedName("\xc2\x9b\xff"), QStringLiteral("\\x9b\\xff"));
    }
};

QTEST_GUILESS_MAIN(TestTextEscape)
#include "tst_textescape.moc"
