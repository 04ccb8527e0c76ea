#include "CliArgv.h"

#include "CliApp.h"
#include "CliConsole.h"
#include "TextEscape.h"

#include <QByteArray>

namespace hawkmoth {

bool CliArgv::wantsCli(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--workspace" || a == "-w") {
            if (i + 1 >= argc || argv[i + 1][0] == '\0')
                return true; // no name: the CLI reports the usage error
            ++i;
            continue;
        }
        if (a.startsWith("--workspace=") && a.size() > 12)
            continue;
        return true;
    }
    return false;
}

int CliArgv::checkEncoding(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView raw(argv[i]);
        if (raw.isValidUtf8())
            continue;
        return cli::usageError(
            QStringLiteral("argument %1 ('%2') is not valid UTF-8; HAWKMOTH takes file and "
                           "workspace names in UTF-8 only (rename the file first)")
                .arg(i)
                .arg(escapedName(raw)));
    }
    return CliApp::Success;
}

} // namespace hawkmoth
