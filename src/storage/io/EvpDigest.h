#pragma once
// One OpenSSL message digest in progress (EVP_MD_CTX), owned: the hashers of file identities
// (SHA-256 for content and LFS, SHA-1 for git blob ids) are built on it.

#include <QByteArray>

#include <memory>

struct evp_md_ctx_st;
struct evp_md_st;

namespace hawkmoth {

class EvpDigest
{
public:
    enum class Algorithm
    {
        Sha1,
        Sha256
    };

    explicit EvpDigest(Algorithm algorithm);
    EvpDigest(EvpDigest &&) noexcept;
    EvpDigest &operator=(EvpDigest &&) noexcept;
    ~EvpDigest();

    void update(const void *data, size_t size);
    // Lower-case hex digest; the digest starts over afterwards.
    QByteArray finalHex();

private:
    struct Free
    {
        void operator()(evp_md_ctx_st *ctx) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> m_ctx;
    const evp_md_st *m_md;
};

} // namespace hawkmoth
