#pragma once
// The headless command-line interface: `hawkmoth SUBCOMMAND ...`. Parses arguments into Commands
// for the shared CommandExecutor and prints their results. Exit codes: 0 success, 1 a user error
// (one clear line on stderr), 2 a usage error.

#include "Command.h"

#include <QStringList>
#include <QTextStream>

namespace hawkmoth {

class CliApp
{
public:
    enum ExitCode
    {
        Success = 0,
        UserError = 1,
        UsageError = 2
    };

    // Application name, organisation and version, as both executables set them before anything
    // reads paths or settings.
    static void setIdentity();
    // args: the arguments after the program name.
    static int run(const QStringList &args);
    static QString usage();
};

} // namespace hawkmoth
