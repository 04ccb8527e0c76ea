#pragma once
// POST /storage/file/upload: a multipart form with the fields "path" (where in the workspace) and
// "file" (the content), streamed to a staging folder in the data root as it arrives — never held
// in memory — then imported into the workspace by the "import" command (replacing a file there),
// or, for a file over backgroundImportBytes, by an "import" job (StagedImport): 202 with the job.
// A client that disconnects mid-upload leaves nothing behind: the staging folder goes with it.

#include "RestRouter.h"

namespace hawkmoth {

class CommandRunner;

class UploadRoute
{
public:
    // Larger uploads are imported by a job (hashing a gigabyte takes seconds): 202 with the job,
    // unless ?wait=true.
    static constexpr qint64 backgroundImportBytes = 64 * 1024 * 1024;

    explicit UploadRoute(const CommandRunner &runner)
        : m_runner(runner)
    {}

    void operator()(const httplib::Request &req, httplib::Response &res,
                    const httplib::ContentReader *reader) const;

private:
    RestReply receive(const httplib::Request &req, const httplib::ContentReader &reader) const;

    const CommandRunner &m_runner;
};

} // namespace hawkmoth
