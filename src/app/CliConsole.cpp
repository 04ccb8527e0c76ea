#include "CliConsole.h"

#include "CliApp.h"
#include "TextEscape.h"

#include <cstdio>

namespace hawkmoth::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int usageError(const QString &message)
{
    err() << "hawkmoth: " << printable(message) << "\n"
          << "Run 'hawkmoth help' for usage.\n";
    err().flush();
    return CliApp::UsageError;
}

int userError(const QString &message)
{
    // One line: the message itself may not contain newlines.
    err() << "hawkmoth: "
          << printable(QString(message).replace(QLatin1Char('\n'), QStringLiteral("; "))) << "\n";
    err().flush();
    return CliApp::UserError;
}

} // namespace hawkmoth::cli
