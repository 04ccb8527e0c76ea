#include "Sha256.h"

#include "FileProbe.h"

#include <openssl/evp.h>

namespace hawkmoth {

void Sha256::Free::operator()(evp_md_ctx_st *ctx) const
{
    EVP_MD_CTX_free(ctx);
}

Sha256::Sha256()
    : m_ctx(EVP_MD_CTX_new())
{
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) != 1)
        qFatal("OpenSSL cannot initialise SHA-256");
}

Sha256::Sha256(Sha256 &&) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&) noexcept = default;
Sha256::~Sha256() = default;

void Sha256::update(const void *data, size_t size)
{
    EVP_DigestUpdate(m_ctx.get(), data, size);
}

QByteArray Sha256::finalHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx.get(), digest, &length);
    EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

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
