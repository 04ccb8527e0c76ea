#include "UploadRoute.h"

#include "CommandRunner.h"
#include "PathValidator.h"
#include "RouteHelpers.h"
#include "StorageCore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <httplib.h>

namespace hawkmoth {

void UploadRoute::operator()(const httplib::Request &req, httplib::Response &res,
                             const httplib::ContentReader *reader) const
{
    if (!reader || !req.is_multipart_form_data()) {
        RestRouter::write(
            RestReply::failure(Error::invalid(QStringLiteral(
                "send a multipart/form-data body with the fields 'path' and 'file'"))),
            res);
        return;
    }
    const RestReply reply = receive(req, *reader);
    // A refusal may come before the body was read: the connection cannot carry another request.
    if (reply.status != 200)
        res.set_header("Connection", "close");
    RestRouter::write(reply, res);
}

RestReply UploadRoute::receive(const httplib::Request &req,
                               const httplib::ContentReader &reader) const
{
    // A workspace named in the query is checked before the upload touches the disk; the body is
    // still read (and dropped), as clients that send it whole expect their answer after it.
    const QString named = QString::fromStdString(req.get_param_value("workspace"));
    if (!named.isEmpty()) {
        if (auto ws = m_runner.resolve(named); !ws) {
            reader([](const httplib::MultipartFormData &) { return true; },
                   [](const char *, size_t) { return true; });
            return RestReply::failure(ws.error());
        }
    }
    // In the data root, beside the workspaces: on their file system, out of every workspace.
    const QString uploads = m_runner.core().context().paths.dataRoot() + QStringLiteral("/uploads");
    if (!QDir().mkpath(uploads))
        return RestReply::failure(Error::io(QStringLiteral("cannot create %1").arg(uploads)));
    QTemporaryDir staging(uploads + QStringLiteral("/upload-XXXXXX"));
    if (!staging.isValid())
        return RestReply::failure(Error::io(QStringLiteral("cannot stage the upload in %1: %2")
                                                .arg(uploads, staging.errorString())));
    QFile content(staging.filePath(QStringLiteral("content")));
    std::string field;
    QHash<QString, QByteArray> fields;
    int files = 0;
    QString problem;
    const bool read = reader(
        [&](const httplib::MultipartFormData &part) {
            field = part.name;
            if (field != "file")
                return true;
            if (++files > 1) {
                problem = QStringLiteral("send one field 'file'");
                return false;
            }
            if (!content.open(QIODevice::WriteOnly)) {
                problem = content.errorString();
                return false;
            }
            return true;
        },
        [&](const char *data, size_t length) {
            if (field == "file") {
                if (content.write(data, qint64(length)) == qint64(length))
                    return true;
                problem = QStringLiteral("cannot write the upload: %1").arg(content.errorString());
                return false;
            }
            QByteArray &value = fields[QString::fromStdString(field)];
            value.append(data, qsizetype(length));
            if (value.size() <= maxFieldBytes)
                return true;
            problem = QStringLiteral("field '%1' is too long").arg(QString::fromStdString(field));
            return false;
        });
    content.close();
    if (!problem.isEmpty())
        return RestReply::failure(Error::invalid(problem));
    if (!read)
        return RestReply::failure(
            Error::invalid(QStringLiteral("the upload ended before its last byte")));
    if (files == 0)
        return RestReply::failure(Error::invalid(QStringLiteral("missing field 'file'")));
    auto path = PathValidator::normalize(QString::fromUtf8(fields.value(QStringLiteral("path"))));
    if (fields.value(QStringLiteral("path")).isEmpty())
        return RestReply::failure(Error::invalid(QStringLiteral("missing field 'path'")));
    if (!path)
        return RestReply::failure(path.error());
    // The import takes the file's name from the source: give it the target's.
    const QString name = path->section(QLatin1Char('/'), -1);
    const QString dir = path->section(QLatin1Char('/'), 0, -2);
    const QString source = staging.filePath(QStringLiteral("in/") + name);
    if (!QDir().mkpath(staging.filePath(QStringLiteral("in"))) ||
        !QFile::rename(content.fileName(), source))
        return RestReply::failure(
            Error::io(QStringLiteral("cannot stage the upload as %1").arg(name)));
    Command import = route::command(QStringLiteral("import"),
                                    {{QStringLiteral("on-exists"), QStringLiteral("replace")}});
    import.args.append(source);
    if (!dir.isEmpty())
        import.options.insert(QStringLiteral("dest"), dir);
    const QString workspace = QString::fromUtf8(fields.value(
        QStringLiteral("workspace"), QByteArray::fromStdString(req.get_param_value("workspace"))));
    return m_runner.run(import, workspace);
}

} // namespace hawkmoth
