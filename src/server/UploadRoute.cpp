#include "UploadRoute.h"

#include "CommandRunner.h"
#include "JobWaiter.h"
#include "RouteHelpers.h"
#include "StagedImport.h"
#include "StorageCore.h"
#include "UploadForm.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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
    if (reply.status >= 400)
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
    UploadForm form(content);
    const bool read =
        reader([&form](const httplib::MultipartFormData &part) { return form.begin(part.name); },
               [&form](const char *data, size_t length) { return form.append(data, length); });
    content.close();
    auto target = form.finish(read, named);
    if (!target)
        return RestReply::failure(target.error());
    // The import takes the file's name from the source: give it the target's.
    const QString source = staging.filePath(QStringLiteral("in/") + target->name);
    if (!QDir().mkpath(staging.filePath(QStringLiteral("in"))) ||
        !QFile::rename(content.fileName(), source))
        return RestReply::failure(
            Error::io(QStringLiteral("cannot stage the upload as %1").arg(target->name)));
    auto wait = RestRouter::request(req, {}).flag(QStringLiteral("wait"));
    if (!wait)
        return RestReply::failure(wait.error());
    if (!*wait && QFileInfo(source).size() > backgroundImportBytes) {
        auto ws = m_runner.resolve(target->workspace);
        if (!ws)
            return RestReply::failure(ws.error());
        // The job owns the staging folder from now on, and removes it.
        staging.setAutoRemove(false);
        auto id = m_runner.core()
                      .jobs()
                      .enqueue(*ws, QLatin1String(StagedImport::kind),
                               StagedImport::payload(source, staging.path(), target->dir))
                      .result();
        if (!id) {
            staging.setAutoRemove(true);
            return RestReply::failure(id.error());
        }
        m_runner.wakeJobs(*ws);
        RestReply job = JobWaiter::find(m_runner, target->workspace, *id);
        if (job.status == 200)
            job.status = 202;
        return job;
    }
    Command import = route::command(QStringLiteral("import"),
                                    {{QStringLiteral("on-exists"), QStringLiteral("replace")}});
    import.args.append(source);
    if (!target->dir.isEmpty())
        import.options.insert(QStringLiteral("dest"), target->dir);
    return m_runner.run(import, target->workspace);
}

} // namespace hawkmoth
