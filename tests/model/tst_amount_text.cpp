// Sizes and counts read the same everywhere, with a singular for one, and the sizes stay in
// the binary units the storage layers count in.

#include "AmountText.h"

#include <QLocale>
#include <QTest>

using namespace hawkmoth;

class TestAmountText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void bytes_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << qint64(0) << QStringLiteral("0 bytes");
        QTest::newRow("one") << qint64(1) << QStringLiteral("1 byte");
        QTest::newRow("below a KiB") << qint64(1023) << QStringLiteral("1,023 bytes");
        QTest::newRow("a KiB") << qint64(1024) << QStringLiteral("1.0 KiB");
        QTest::newRow("one and a half MiB") << qint64(3 * 512 * 1024) << QStringLiteral("1.5 MiB");
        QTest::newRow("4 GiB") << (qint64(4) << 30) << QStringLiteral("4.0 GiB");
    }
    void bytes()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, text);
        QCOMPARE(amounttext::bytes(bytes), text);
    }

    void files()
    {
        QCOMPARE(amounttext::files(0), QStringLiteral("0 files"));
        QCOMPARE(amounttext::files(1), QStringLiteral("1 file"));
        QCOMPARE(amounttext::files(12345), QStringLiteral("12,345 files"));
    }

    void filesOf()
    {
        QCOMPARE(amounttext::filesOf(0, 1), QStringLiteral("0 of 1 file"));
        QCOMPARE(amounttext::filesOf(1, 1), QStringLiteral("1 of 1 file"));
        QCOMPARE(amounttext::filesOf(3, 1000), QStringLiteral("3 of 1,000 files"));
    }
};

QTEST_GUILESS_MAIN(TestAmountText)
#include "tst_amount_text.moc"
