#pragma once
// git's id of a blob: SHA-1 over "blob <size>\0" and the bytes. The Hub's commit API names
// unchanged files by it, and it tells whether a file still holds what git last committed.

#include "EvpDigest.h"
#include "Result.h"

#include <QByteArrayView>
#include <QString>

namespace hawkmoth {

class GitBlobId
{
public:
    // size: the number of bytes update() will be given in all.
    explicit GitBlobId(qint64 size);

    void update(const void *data, size_t size) { m_digest.update(data, size); }
    QString finalHex() { return QString::fromLatin1(m_digest.finalHex()); }

    static QString ofData(QByteArrayView content);
    static Result<QString> ofFile(const QString &path);

private:
    EvpDigest m_digest{EvpDigest::Algorithm::Sha1};
};

} // namespace hawkmoth
