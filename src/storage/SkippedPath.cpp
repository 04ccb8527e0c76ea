#include "SkippedPath.h"

namespace hawkmoth {

namespace {

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

QString escapedName(QByteArrayView bytes)
{
    if (bytes.isValidUtf8())
        return QString::fromUtf8(bytes);
    QString out;
    qsizetype i = 0;
    while (i < bytes.size()) {
        const auto lead = uchar(bytes[i]);
        const int length = sequenceLength(lead);
        if (length > 0 && i + length <= bytes.size() && bytes.sliced(i, length).isValidUtf8()) {
            out += QString::fromUtf8(bytes.sliced(i, length));
            i += length;
            continue;
        }
        out += QStringLiteral("\\x%1").arg(lead, 2, 16, QLatin1Char('0'));
        ++i;
    }
    return out;
}

QString notUtf8Reason()
{
    return QStringLiteral("the name is not valid UTF-8; rename it to include it");
}

} // namespace hawkmoth
