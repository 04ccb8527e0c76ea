#include "ListingJsonWriter.h"

#include "Formatting.h"

#include <QJsonDocument>

namespace hawkmoth {

ListingJsonWriter::ListingJsonWriter(QIODevice &out)
    : m_out(out)
{}

bool ListingJsonWriter::add(const FileEntry &entry)
{
    // Each file on a line of its own, so that line-oriented tools can follow the stream.
    QByteArray line = m_count == 0 ? QByteArrayLiteral("{\n    \"files\": [\n        ")
                                   : QByteArrayLiteral(",\n        ");
    line += QJsonDocument(fileEntryJson(entry)).toJson(QJsonDocument::Compact);
    ++m_count;
    return write(line);
}

bool ListingJsonWriter::finish(const QString &workspace, const QString &dir)
{
    const auto quoted = [](const QString &text) {
        // A JSON string through the JSON writer (escapes and all): the one-element array's body.
        const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    QByteArray tail = m_count == 0 ? QByteArrayLiteral("{\n    \"files\": [") : "\n    ";
    tail += "],\n    \"folders\": [],\n    \"dir\": " + quoted(dir) +
            ",\n    \"workspace\": " + quoted(workspace) + "\n}\n";
    return write(tail);
}

bool ListingJsonWriter::write(const QByteArray &bytes)
{
    if (!m_failed && m_out.write(bytes) != bytes.size())
        m_failed = true;
    return !m_failed;
}

} // namespace hawkmoth
