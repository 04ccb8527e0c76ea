#pragma once
// A whole file mapped read-only, unmapped when the last owner lets go: a large file the page cache
// holds is read in place, without a copy into memory of our own (whose every page is a fault).

#include "PosixFile.h"
#include "Result.h"

#include <memory>

namespace hawkmoth {

class MappedFile
{
public:
    // Maps file's first size bytes, every page faulted in at once (one call instead of a fault per
    // page a reader touches). An empty file maps to no bytes.
    static Result<std::shared_ptr<const MappedFile>> map(const PosixFile &file, qint64 size);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const char *data() const { return static_cast<const char *>(m_data); }
    qint64 size() const { return qint64(m_size); }

private:
    MappedFile(void *data, size_t size)
        : m_data(data)
        , m_size(size)
    {}
    void *m_data;
    size_t m_size;
};

} // namespace hawkmoth
