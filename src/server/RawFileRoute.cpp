#include "RawFileRoute.h"

#include "CommandRunner.h"
#include "StorageCore.h"

#include <httplib.h>

namespace hawkmoth {

void RawFileRoute::operator()(const httplib::Request &req, httplib::Response &res,
                              const httplib::ContentReader *) const
{
    const RestRequest request = RestRouter::request(req, {});
    auto name = request.workspace();
    auto path = request.required(QStringLiteral("path"));
    if (!name || !path) {
        RestRouter::write(RestReply::failure(!name ? name.error() : path.error()), res);
        return;
    }
    auto ws = m_runner.resolve(*name);
    if (!ws) {
        RestRouter::write(RestReply::failure(ws.error()), res);
        return;
    }
    auto opened = m_runner.core().files().openForReading(*ws, *path).result();
    if (!opened) {
        RestRouter::write(RestReply::failure(opened.error()), res);
        return;
    }
    const std::string etag = '"' + opened->version().sha256.toStdString() + '"';
    res.set_header("ETag", etag);
    res.set_header("Accept-Ranges", "bytes");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    // The status stays unset: httplib answers 206 with the requested range, 200 without, and
    // asks the provider for that range only.
    auto file = std::make_shared<OpenedFile>(std::move(*opened));
    res.set_content_provider(size_t(file->size()), "application/octet-stream",
                             [file](size_t offset, size_t length, httplib::DataSink &sink) {
                                 QByteArray piece(qMin(qint64(length), pieceBytes),
                                                  Qt::Uninitialized);
                                 auto n = file->readAt(piece.data(), piece.size(), qint64(offset));
                                 // A file cut short since it was opened ends the response early
                                 // (the client sees fewer bytes than announced), never with other
                                 // bytes than the ETag's.
                                 if (!n || *n == 0)
                                     return false;
                                 return sink.write(piece.constData(), size_t(*n));
                             });
}

} // namespace hawkmoth
