#pragma once
// A read-only device over [offset, offset + length) of a file: the body of an upload or of one
// multipart part, streamed by Qt Network without reading the file into memory.

#include <QFile>
#include <QIODevice>

namespace hawkmoth::hub {

class FileRangeDevice : public QIODevice
{
public:
    FileRangeDevice(const QString &path, qint64 offset, qint64 length, QObject *parent = nullptr);

    bool open(OpenMode mode) override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override;
    bool reset() override { return seek(0); }
    QString errorString() const { return m_file.errorString(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
};

} // namespace hawkmoth::hub
