#pragma once
// The "import" job: a file staged outside the workspace (a large upload to the REST API, streamed
// to the data root's uploads folder) imported into it, replacing what is there, then its staging
// folder removed — done or not, as nothing retries it. A job of the persisted queue, so any
// process that runs the workspace's jobs (the window, `hawkmoth serve`) can finish it.

#include "JobRunner.h"

#include <QJsonObject>

namespace hawkmoth {

class StagedImport
{
public:
    static constexpr const char *kind = "import";

    // source: the staged file, named as it will be in the workspace; stagingDir: the folder
    // removed afterwards (it holds source); destDir: the workspace folder ("" = the root).
    static QJsonObject payload(const QString &source, const QString &stagingDir,
                               const QString &destDir);
    static void registerHandler(JobHandlers &handlers);

private:
    static JobOutcome run(JobContext &ctx);
};

} // namespace hawkmoth
