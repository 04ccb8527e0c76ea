#include "EvpDigest.h"

#include <openssl/evp.h>

namespace hawkmoth {

namespace {

struct FreeMd
{
    void operator()(EVP_MD *md) const { EVP_MD_free(md); }
};

// OpenSSL 3 looks EVP_sha256() up among its providers at every init; an algorithm fetched once
// inits cheaply (an import of 100,000 small files spent 2 % of its copying thread there, perf).
// Fetched algorithms are immutable and shared between threads.
const EVP_MD *fetched(EvpDigest::Algorithm algorithm)
{
    static const std::unique_ptr<EVP_MD, FreeMd> sha1(EVP_MD_fetch(nullptr, "SHA1", nullptr));
    static const std::unique_ptr<EVP_MD, FreeMd> sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    const EVP_MD *md = algorithm == EvpDigest::Algorithm::Sha1 ? sha1.get() : sha256.get();
    if (md)
        return md;
    return algorithm == EvpDigest::Algorithm::Sha1 ? EVP_sha1() : EVP_sha256();
}

} // namespace

void EvpDigest::Free::operator()(evp_md_ctx_st *ctx) const
{
    EVP_MD_CTX_free(ctx);
}

EvpDigest::EvpDigest(Algorithm algorithm)
    : m_ctx(EVP_MD_CTX_new())
    , m_md(fetched(algorithm))
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
