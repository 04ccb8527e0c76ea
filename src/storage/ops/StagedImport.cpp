#include "StagedImport.h"

#include "FileImporter.h"

#include <QDir>

namespace hawkmoth {

QJsonObject StagedImport::payload(const QString &source, const QString &stagingDir,
                                  const QString &destDir)
{
    return {{QStringLiteral("source"), source},
            {QStringLiteral("staging"), stagingDir},
            {QStringLiteral("dest"), destDir}};
}

void StagedImport::registerHandler(JobHandlers &handlers)
{
    handlers.add(QLatin1String(kind), &StagedImport::run);
}

JobOutcome StagedImport::run(JobContext &ctx)
{
    const QJsonObject payload = ctx.job().payload;
    const QString source = payload.value(QLatin1String("source")).toString();
    const QString staging = payload.value(QLatin1String("staging")).toString();
    // Only a folder of the uploads area is ever removed, whatever the payload says.
    const QString uploads = ctx.context().paths.dataRoot() + QStringLiteral("/uploads/");
    const bool staged = staging.startsWith(uploads) && !staging.contains(QLatin1String("/../")) &&
                        source.startsWith(staging + QLatin1Char('/'));
    if (!staged)
        return JobOutcome::fail(QStringLiteral("not a staged upload: %1").arg(source));
    const auto removeStaging = [&staging] { QDir(staging).removeRecursively(); };
    const OperationControl control{
        ctx.cancel(), [&ctx](const Progress &p) { ctx.reportProgress(p); }, {}};
    auto report = FileImporter(ctx.workspace(), ctx.context())
                      .run({source}, payload.value(QLatin1String("dest")).toString(),
                           OnExists::Replace, control);
    removeStaging();
    if (!report)
        return JobOutcome::fail(report.error().message);
    if (report->cancelled || ctx.isCancelled())
        return JobOutcome::cancelled();
    if (!report->errors.isEmpty())
        return JobOutcome::fail(report->errors.join(QStringLiteral("; ")));
    ctx.note(QStringLiteral("imported %1 (%2 bytes)")
                 .arg(source.section(QLatin1Char('/'), -1))
                 .arg(report->bytes));
    return JobOutcome::done();
}

} // namespace hawkmoth
