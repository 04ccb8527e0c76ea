#include "Sha256.h"

#include "FileProbe.h"

namespace hawkmoth {

QByteArray Sha256::ofData(QByteArrayView data)
{
    Sha256 hasher;
    hasher.update(data);
    return hasher.finalHex();
}

Result<QByteArray> Sha256::ofFile(const QString &path, const CancelToken &cancel,
                                  const ProgressFn &progress)
{
    auto probed = FileProbe::probe(path, cancel, progress);
    if (!probed)
        return probed.error();
    return probed->sha256;
}

} // namespace hawkmoth
