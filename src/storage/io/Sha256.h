#pragma once
// Streaming SHA-256 over OpenSSL's EVP interface: the content identity of every file (the LFS oid).
// Qt 6.4's own SHA-256 is about ten times slower on this platform.

#include "Cancellation.h"
#include "EvpDigest.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace hawkmoth {

class Sha256
{
public:
    void update(const void *data, size_t size) { m_digest.update(data, size); }
    void update(QByteArrayView data) { update(data.data(), size_t(data.size())); }
    // Lower-case hex digest; the hasher is reset afterwards.
    QByteArray finalHex() { return m_digest.finalHex(); }

    static QByteArray ofData(QByteArrayView data);
    // Streams the file; reports bytes done through progress, stops on cancel.
    static Result<QByteArray> ofFile(const QString &path, const CancelToken &cancel = {},
                                     const ProgressFn &progress = {});

private:
    EvpDigest m_digest{EvpDigest::Algorithm::Sha256};
};

} // namespace hawkmoth
