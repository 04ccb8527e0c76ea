// The OpenAPI document kept in src/server/openapi.json against the routes the server registers:
// every route is documented and every documented path and method is served.

#include "AppServices.h"
#include "RestServer.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

// "get /storage/files", as the router registers its routes (method in lower case).
QSet<QString> servedRoutes()
{
    TempRoot root;
    AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
    const RestServer server(services, "test-token", nullptr);
    QSet<QString> served;
    for (const RestRouter::Route &r : server.router().routes())
        served.insert(QString::fromLatin1(r.method.toLower() + ' ' + r.path));
    return served;
}

} // namespace

class TestOpenApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentMatchesRoutes()
    {
        const QSet<QString> served = servedRoutes();

        const QJsonObject doc = RestServer::openApi();
        QVERIFY2(doc.value(QLatin1String("openapi")).toString().startsWith(QLatin1String("3.")),
                 "not an OpenAPI 3 document");
        QSet<QString> documented;
        const QJsonObject paths = doc.value(QLatin1String("paths")).toObject();
        for (auto path = paths.constBegin(); path != paths.constEnd(); ++path) {
            const QJsonObject methods = path.value().toObject();
            for (auto m = methods.constBegin(); m != methods.constEnd(); ++m) {
                QVERIFY2(m.value().toObject().contains(QLatin1String("responses")),
                         qPrintable(path.key() + QLatin1Char(' ') + m.key()));
                documented.insert(m.key() + QLatin1Char(' ') + path.key());
            }
        }
        QVERIFY(served.size() >= 14);
        const QSet<QString> undocumented = served - documented;
        const QSet<QString> notServed = documented - served;
        QVERIFY2(undocumented.isEmpty(),
                 qPrintable(QStringLiteral("routes missing from openapi.json: ") +
                            QStringList(undocumented.values()).join(QStringLiteral(", "))));
        QVERIFY2(notServed.isEmpty(),
                 qPrintable(QStringLiteral("documented but not served: ") +
                            QStringList(notServed.values()).join(QStringLiteral(", "))));
    }

    // Long work answers 202 with a job unless asked to wait: the document says so.
    void longWorkIsDocumentedAsJobs()
    {
        const QJsonObject paths = RestServer::openApi().value(QLatin1String("paths")).toObject();
        for (const char *path : {"/storage/git/sync", "/storage/push", "/storage/pull"}) {
            const QJsonObject post =
                paths.value(QLatin1String(path)).toObject().value(QLatin1String("post")).toObject();
            const QJsonObject responses = post.value(QLatin1String("responses")).toObject();
            QVERIFY2(responses.contains(QLatin1String("202")), path);
            bool waits = false;
            for (const QJsonValue &p : post.value(QLatin1String("parameters")).toArray())
                waits = waits || p.toObject().value(QLatin1String("name")) == QLatin1String("wait");
            QVERIFY2(waits, path);
        }
    }

    void seedRoutesAreServed()
    {
        const QSet<QString> served = servedRoutes();
        for (const char *seed :
             {"get /storage/status", "post /storage/workspace/create",
              "post /storage/workspace/switch", "get /storage/workspace/current",
              "get /storage/workspaces", "post /storage/file/save", "post /storage/file/load",
              "get /storage/files", "delete /storage/file/delete", "post /storage/file/upload",
              "post /storage/git/create-repo", "post /storage/git/sync", "get /storage/stats",
              "post /storage/cleanup"})
            QVERIFY2(served.contains(QLatin1String(seed)), seed);
    }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
