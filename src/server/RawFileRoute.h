#pragma once
// GET /storage/file/raw?path=: a file's bytes as they are, with its sha256 as the ETag
// (If-None-Match answers 304) and HTTP Range requests answered 206 — one call on the async API
// opens the file, and its bytes are read piece by piece as the connection takes them: a download
// of any size holds one piece in memory.

#include "RestRouter.h"

namespace hawkmoth {

class CommandRunner;

class RawFileRoute
{
public:
    static constexpr qint64 pieceBytes = 256 * 1024;

    explicit RawFileRoute(const CommandRunner &runner)
        : m_runner(runner)
    {}

    void operator()(const httplib::Request &req, httplib::Response &res,
                    const httplib::ContentReader *reader) const;

private:
    const CommandRunner &m_runner;
};

} // namespace hawkmoth
