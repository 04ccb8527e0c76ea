#pragma once
// `hawkmoth serve [--port N]`: the REST API, headless, until SIGINT or SIGTERM. Prints the URL
// it listens on (with --port 0, the free port it picked) as its first line on stdout.

#include <QStringList>

namespace hawkmoth {

class ServeApp
{
public:
    static constexpr int defaultPort = 8765;

    // args: the arguments after "serve"; a QCoreApplication exists.
    static int run(const QStringList &args);
};

} // namespace hawkmoth
