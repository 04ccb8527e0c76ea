#include "AmountText.h"

#include <QCoreApplication>
#include <QLocale>

namespace hawkmoth::amounttext {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AmountText", text);
}

} // namespace

QString bytes(qint64 bytes)
{
    const QLocale locale;
    if (bytes == 1)
        return tr("1 byte");
    if (bytes < 1024)
        return tr("%1 bytes").arg(locale.toString(bytes));
    return locale.formattedDataSize(bytes, 1);
}

QString files(qint64 count)
{
    return count == 1 ? tr("1 file") : tr("%1 files").arg(QLocale().toString(count));
}

QString filesOf(qint64 done, qint64 total)
{
    const QLocale locale;
    return (total == 1 ? tr("%1 of %2 file") : tr("%1 of %2 files"))
        .arg(locale.toString(done), locale.toString(total));
}

} // namespace hawkmoth::amounttext
