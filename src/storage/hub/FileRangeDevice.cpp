#include "FileRangeDevice.h"

namespace hawkmoth::hub {

FileRangeDevice::FileRangeDevice(const QString &path, qint64 offset, qint64 length, QObject *parent)
    : QIODevice(parent)
    , m_file(path)
    , m_offset(offset)
    , m_length(length)
{}

bool FileRangeDevice::open(OpenMode mode)
{
    if (mode != ReadOnly || !m_file.open(QIODevice::ReadOnly))
        return false;
    if (m_length < 0)
        m_length = m_file.size() - m_offset;
    if (!m_file.seek(m_offset))
        return false;
    return QIODevice::open(mode);
}

bool FileRangeDevice::seek(qint64 pos)
{
    if (pos < 0 || pos > m_length || !m_file.seek(m_offset + pos))
        return false;
    return QIODevice::seek(pos);
}

qint64 FileRangeDevice::readData(char *data, qint64 maxSize)
{
    const qint64 left = m_length - (m_file.pos() - m_offset);
    if (left <= 0)
        return 0;
    return m_file.read(data, qMin(maxSize, left));
}

} // namespace hawkmoth::hub
