#pragma once
// The fields of an upload's multipart form as they arrive, without the socket (the fuzz target
// drives it): "path" and "workspace" are short text kept in memory, "file" goes to content as it
// comes; the rules (one file, fields of at most maxFieldBytes, a path inside the workspace) are
// checked as the parts arrive and at the end.

#include "Result.h"

#include <QHash>
#include <QIODevice>

#include <string>

namespace hawkmoth {

class UploadForm
{
public:
    static constexpr qsizetype maxFieldBytes = 64 * 1024;

    // Where the file goes: opened for writing when the "file" part begins.
    explicit UploadForm(QIODevice &content)
        : m_content(content)
    {}

    // A part named name begins; false (and problem()) when the form breaks a rule.
    bool begin(const std::string &name);
    // Bytes of the current part.
    bool append(const char *data, size_t length);
    QString problem() const { return m_problem; }

    struct Target
    {
        QString path;      // normalised, inside the workspace
        QString dir;       // its folder ("" = the root)
        QString name;      // its file name
        QString workspace; // the form's field, else queryWorkspace; "" = the current one
    };
    // Once the body ended; complete: it ended at its last byte (not cut off).
    Result<Target> finish(bool complete, const QString &queryWorkspace) const;

private:
    QIODevice &m_content;
    std::string m_field;
    QHash<QString, QByteArray> m_fields;
    int m_files = 0;
    QString m_problem;
};

} // namespace hawkmoth
