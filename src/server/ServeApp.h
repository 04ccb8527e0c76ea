#pragma once
// `hawkmoth serve [--port N] [--print-token]`: the REST API, headless, until SIGINT or SIGTERM.
// Prints the URL it listens on (with --port 0, the free port it picked) as its first line on
// stdout; --print-token prints the bearer token requests need (made if missing) and exits.

#include "AppSettings.h"

#include <QStringList>

namespace hawkmoth {

class ServeApp
{
public:
    static constexpr int defaultPort = AppSettings::defaultRestServerPort;

    // args: the arguments after "serve"; a QCoreApplication exists.
    static int run(const QStringList &args);
};

} // namespace hawkmoth
