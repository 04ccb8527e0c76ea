#pragma once
// Reads a file once to learn everything the index needs: SHA-256, size and whether it is binary
// (a NUL byte in the first 8 KiB, as git decides).

#include "Cancellation.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace hawkmoth {

struct ProbeResult
{
    QByteArray sha256;
    qint64 size = 0;
    bool binary = false;
};

class FileProbe
{
public:
    static constexpr qint64 binarySniffBytes = 8 * 1024;

    static Result<ProbeResult> probe(const QString &path, const CancelToken &cancel = {},
                                     const ProgressFn &progress = {});
    static ProbeResult probeData(QByteArrayView data);
    static bool looksBinary(QByteArrayView head);
};

} // namespace hawkmoth
