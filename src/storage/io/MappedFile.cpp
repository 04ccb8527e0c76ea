#include "MappedFile.h"

#include <cerrno>
#include <sys/mman.h>

namespace hawkmoth {

Result<std::shared_ptr<const MappedFile>> MappedFile::map(const PosixFile &file, qint64 size)
{
    if (size <= 0)
        return std::shared_ptr<const MappedFile>(new MappedFile(nullptr, 0));
    void *data = ::mmap(nullptr, size_t(size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, file.fd(), 0);
    if (data == MAP_FAILED)
        return Error::io(QStringLiteral("cannot map a file of %1 bytes: %2")
                             .arg(size)
                             .arg(describeErrno(errno)));
    return std::shared_ptr<const MappedFile>(new MappedFile(data, size_t(size)));
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(m_data, m_size);
}

} // namespace hawkmoth
