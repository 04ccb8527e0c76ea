#pragma once
// Streaming SHA-256 over OpenSSL's EVP interface: the content identity of every file (the LFS oid).
// Qt 6.4's own SHA-256 is about ten times slower on this platform.

#include "Cancellation.h"
#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

struct evp_md_ctx_st;

namespace hawkmoth {

class Sha256
{
public:
    Sha256();
    Sha256(Sha256 &&) noexcept;
    Sha256 &operator=(Sha256 &&) noexcept;
    ~Sha256();

    void update(const void *data, size_t size);
    void update(QByteArrayView data) { update(data.data(), size_t(data.size())); }
    // Lower-case hex digest; the hasher is reset afterwards.
    QByteArray finalHex();

    static QByteArray ofData(QByteArrayView data);
    // Streams the file; reports bytes done through progress, stops on cancel.
    static Result<QByteArray> ofFile(const QString &path, const CancelToken &cancel = {},
                                     const ProgressFn &progress = {});

private:
    struct Free
    {
        void operator()(evp_md_ctx_st *ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
};

} // namespace hawkmoth
