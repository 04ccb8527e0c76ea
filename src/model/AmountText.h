#pragma once
// Sizes and counts as every widget writes them: one unit system (KiB, MiB: binary, as the
// storage layers count), one precision, and a singular for one ("1 byte", "1 file"), which
// QLocale::formattedDataSize and a bare "%1 files" get wrong.

#include <QString>

namespace hawkmoth::amounttext {

// "0 bytes", "1 byte", "512 bytes", "1.5 KiB", "4.2 GiB".
QString bytes(qint64 bytes);
// "1 file", "12,345 files" (the locale's digit grouping).
QString files(qint64 count);
// "3 of 10 files", "1 of 1 file": the total decides the noun.
QString filesOf(qint64 done, qint64 total);

} // namespace hawkmoth::amounttext
