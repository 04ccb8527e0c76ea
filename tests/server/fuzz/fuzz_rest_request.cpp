// libFuzzer target for the request layer HAWKMOTH owns, without a socket: the route table's
// matching (the served paths, read from openapi.json, which tst_openapi keeps equal to the
// routes), JSON bodies and the typed fields routes read from them and from the query, and the
// upload form's field handling. The first byte picks what the rest is:
//   even: "METHOD PATH[?QUERY]\n" then the body;
//   odd:  the parts of an upload form, split at 0xFF bytes, each "NAME\0BYTES".
// Besides the sanitizers' findings, a broken invariant (a route of another method, a capture that
// is not a number, an upload path leaving the workspace) traps.

#include "RestRouter.h"
#include "UploadForm.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <cstdint>

using namespace hawkmoth;

namespace {

const RestRouter &router()
{
    static const RestRouter table = [] {
        RestRouter r;
        QFile file(QStringLiteral(HAWKMOTH_OPENAPI_PATH));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", HAWKMOTH_OPENAPI_PATH);
        const QJsonObject paths = QJsonDocument::fromJson(file.readAll())
                                      .object()
                                      .value(QLatin1String("paths"))
                                      .toObject();
        for (auto path = paths.constBegin(); path != paths.constEnd(); ++path) {
            const QJsonObject methods = path.value().toObject();
            for (auto m = methods.constBegin(); m != methods.constEnd(); ++m)
                r.add(m.key().toUpper().toLatin1(), path.key().toLatin1(),
                      [](const RestRequest &) { return RestReply::ok(QJsonObject()); });
        }
        if (r.routes().size() < 14)
            qFatal("openapi.json lists %d routes", int(r.routes().size()));
        return r;
    }();
    return table;
}

// Every field a route reads, each way a route reads it.
void readFields(const RestRequest &request)
{
    for (const char *name :
         {"path",      "content", "base64", "workspace", "name",    "template", "switch",
          "recursive", "dir",     "wait",   "remote",    "from",    "to",       "layer",
          "limit",     "command", "expect", "force",     "expired", "all"}) {
        const QString field = QLatin1String(name);
        (void)request.has(field);
        (void)request.text(field);
        (void)request.required(field);
        (void)request.flag(field);
    }
    (void)request.workspace();
}

void fuzzRequest(const QByteArray &input)
{
    const qsizetype eol = input.indexOf('\n');
    const QByteArray line = eol < 0 ? input : input.left(eol);
    const QByteArray body = eol < 0 ? QByteArray() : input.mid(eol + 1);
    const qsizetype space = line.indexOf(' ');
    if (space < 0)
        return;
    const QByteArray method = line.left(space);
    const QByteArray target = line.mid(space + 1);
    const qsizetype mark = target.indexOf('?');
    const QString path = QString::fromUtf8(mark < 0 ? target : target.left(mark));
    const auto match = router().match(method, path);
    if (!match)
        return;
    if (match->route->method != method)
        __builtin_trap();
    for (const QString &capture : match->captures) {
        bool number = false;
        capture.toLongLong(&number);
        if (!number)
            __builtin_trap();
    }
    auto parsed = RestRouter::parseBody(body);
    if (!parsed) {
        (void)RestReply::failure(parsed.error());
        return;
    }
    QHash<QString, QString> query;
    if (mark >= 0) {
        const QUrlQuery items(QString::fromUtf8(target.mid(mark + 1)));
        for (const auto &[key, value] : items.queryItems(QUrl::FullyDecoded))
            query.insert(key, value);
    }
    const RestRequest request(query, *parsed, match->captures, {});
    readFields(request);
    (void)match->route->json(request);
}

void fuzzUploadForm(const QByteArray &input)
{
    QBuffer content;
    UploadForm form(content);
    bool whole = true;
    for (const QByteArray &part : input.split('\xff')) {
        const qsizetype nul = part.indexOf('\0');
        const QByteArray name = nul < 0 ? part : part.left(nul);
        const QByteArray bytes = nul < 0 ? QByteArray() : part.mid(nul + 1);
        // In two pieces, as a socket may hand them over.
        const qsizetype half = bytes.size() / 2;
        whole = form.begin(name.toStdString()) && form.append(bytes.constData(), size_t(half)) &&
                form.append(bytes.constData() + half, size_t(bytes.size() - half));
        if (!whole)
            break;
    }
    const auto target = form.finish(whole, QStringLiteral("query"));
    if (!target)
        return;
    if (target->path.isEmpty() || target->path.startsWith(QLatin1Char('/')) ||
        target->path.split(QLatin1Char('/')).contains(QStringLiteral("..")) ||
        target->name.isEmpty())
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (data[0] % 2 == 0)
        fuzzRequest(input);
    else
        fuzzUploadForm(input);
    return 0;
}
