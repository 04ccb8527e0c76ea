#pragma once
// A workspace file opened to be sent out, whole or in ranges (the REST API's raw download), in
// bounded memory: the descriptor stays open while it is read, so the bytes sent are those of the
// version its sha256 names even when the file is replaced meanwhile. The sha256 is the index's
// when the stamp matches, else one pass over the descriptor. A Hub-only file is downloaded first.

#include "FileEntry.h"
#include "FileVersion.h"
#include "OperationControl.h"
#include "PosixFile.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <memory>

namespace hawkmoth {

class OpenedFile
{
public:
    OpenedFile() = default; // nothing open (a future's placeholder)
    static Result<OpenedFile> open(const Workspace &workspace, const StorageContext &context,
                                   const QString &path, const OperationControl &control = {});

    const QString &path() const { return m_path; }
    const FileVersion &version() const { return m_version; }
    qint64 size() const { return m_version.size; }
    // From any thread, any number of readers at once.
    Result<qint64> readAt(char *data, qint64 size, qint64 offset) const
    {
        return m_file->readAt(data, size, offset);
    }

private:
    OpenedFile(QString path, std::shared_ptr<PosixFile> file)
        : m_path(std::move(path))
        , m_file(std::move(file))
    {}
    Status identify(const std::optional<FileEntry> &indexed, const CancelToken &cancel);

    QString m_path;
    std::shared_ptr<PosixFile> m_file;
    FileVersion m_version;
};

} // namespace hawkmoth
