#include "GitBlobId.h"

#include "PosixFile.h"

namespace hawkmoth {

GitBlobId::GitBlobId(qint64 size)
{
    const QByteArray header = "blob " + QByteArray::number(size) + '\0';
    m_digest.update(header.constData(), size_t(header.size()));
}

QString GitBlobId::ofData(QByteArrayView content)
{
    GitBlobId id(content.size());
    id.update(content.data(), size_t(content.size()));
    return id.finalHex();
}

Result<QString> GitBlobId::ofFile(const QString &path)
{
    auto in = PosixFile::openForReading(path);
    if (!in)
        return in.error();
    GitBlobId id(in->size());
    if (Status read = in->readChunks([&id](const char *data, size_t n) { id.update(data, n); });
        !read)
        return read.error();
    return id.finalHex();
}

} // namespace hawkmoth
