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
    auto loaded = m_runner.core().files().load(*ws, *path).result();
    if (!loaded) {
        RestRouter::write(RestReply::failure(loaded.error()), res);
        return;
    }
    const std::string etag = '"' + loaded->version.sha256.toStdString() + '"';
    res.set_header("ETag", etag);
    res.set_header("Accept-Ranges", "bytes");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    // The status stays unset: httplib answers 206 with the requested ranges, 200 without.
    res.set_content(loaded->content.constData(), size_t(loaded->content.size()),
                    "application/octet-stream");
}

} // namespace hawkmoth
