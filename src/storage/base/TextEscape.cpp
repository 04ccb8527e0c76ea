#include "TextEscape.h"

namespace hawkmoth {

namespace {

bool isControl(char16_t u)
{
    return u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0);
}

QString hexEscape(unsigned value)
{
    return QStringLiteral("\\x%1").arg(value, 2, 16, QLatin1Char('0'));
}

// The length of the UTF-8 sequence a lead byte announces; 0 for a byte that cannot lead one.
int sequenceLength(uchar lead)
{
    if (lead < 0x80)
        return 1;
    if ((lead >> 5) == 0x6)
        return 2;
    if ((lead >> 4) == 0xe)
        return 3;
    if ((lead >> 3) == 0x1e)
        return 4;
    return 0;
}

} // namespace

QString printable(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (isControl(c.unicode()))
            out += hexEscape(c.unicode());
        else
            out += c;
    }
    return out;
}

QString escapedName(QByteArrayView bytes)
{
    if (bytes.isValidUtf8())
        return printable(QString::fromUtf8(bytes));
    QString out;
    qsizetype i = 0;
    while (i < bytes.size()) {
        const auto lead = uchar(bytes[i]);
        const int length = sequenceLength(lead);
        if (length > 0 && i + length <= bytes.size() && bytes.sliced(i, length).isValidUtf8()) {
            out += printable(QString::fromUtf8(bytes.sliced(i, length)));
            i += length;
            continue;
        }
        out += hexEscape(lead);
        ++i;
    }
    return out;
}

} // namespace hawkmoth
