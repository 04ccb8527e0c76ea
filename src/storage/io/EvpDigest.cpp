#include "EvpDigest.h"

#include <openssl/evp.h>

namespace hawkmoth {

void EvpDigest::Free::operator()(evp_md_ctx_st *ctx) const
{
    EVP_MD_CTX_free(ctx);
}

EvpDigest::EvpDigest(Algorithm algorithm)
    : m_ctx(EVP_MD_CTX_new())
    , m_md(algorithm == Algorithm::Sha1 ? EVP_sha1() : EVP_sha256())
{
    // Only allocation can fail here; without a digest no file can be identified at all.
    if (!m_ctx || EVP_DigestInit_ex(m_ctx.get(), m_md, nullptr) != 1)
        qFatal("OpenSSL cannot initialise a message digest");
}

EvpDigest::EvpDigest(EvpDigest &&) noexcept = default;
EvpDigest &EvpDigest::operator=(EvpDigest &&) noexcept = default;
EvpDigest::~EvpDigest() = default;

void EvpDigest::update(const void *data, size_t size)
{
    EVP_DigestUpdate(m_ctx.get(), data, size);
}

QByteArray EvpDigest::finalHex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_ctx.get(), digest, &length);
    EVP_DigestInit_ex(m_ctx.get(), m_md, nullptr);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

} // namespace hawkmoth
