#include "ServeApp.h"

#include "AppServices.h"
#include "CliApp.h"
#include "CliConsole.h"
#include "JobScheduler.h"
#include "RestServer.h"
#include "ServerToken.h"
#include "SignalWaiter.h"

#include <QCoreApplication>

namespace hawkmoth {

namespace {

struct ServeOptions
{
    int port = ServeApp::defaultPort;
    bool printToken = false;
};

Result<ServeOptions> optionsOf(const QStringList &args)
{
    ServeOptions options;
    for (int i = 0; i < args.size(); ++i) {
        QString value;
        if (args.at(i) == QLatin1String("--print-token")) {
            options.printToken = true;
            continue;
        }
        if (args.at(i) == QLatin1String("--port") && i + 1 < args.size())
            value = args.at(++i);
        else if (args.at(i).startsWith(QLatin1String("--port=")))
            value = args.at(i).mid(7);
        else
            return Error::invalid(
                QStringLiteral("usage: hawkmoth serve [--port N] [--print-token]"));
        bool number = false;
        options.port = value.toInt(&number);
        if (!number || options.port < 0 || options.port > 65535)
            return Error::invalid(
                QStringLiteral("--port takes 0 (any free port) to 65535, not '%1'").arg(value));
    }
    return options;
}

} // namespace

int ServeApp::run(const QStringList &args)
{
    auto options = optionsOf(args);
    if (!options)
        return cli::usageError(options.error().message);
    const Paths paths = Paths::fromEnvironment();
    auto token = ServerToken::loadOrCreate(paths.dataRoot());
    if (!token)
        return cli::userError(token.error().message);
    if (options->printToken) {
        cli::out() << QString::fromLatin1(*token) << "\n";
        return CliApp::Success;
    }
    const SignalWaiter waiter;
    AppServices services(paths);
    if (const Status started = services.core().start().result(); !started)
        return cli::userError(started.error().message);
    services.core().watchCurrentWorkspace(true);
    // Queued jobs run while the server runs, as in the window.
    JobScheduler scheduler(services.core());
    scheduler.followCurrentWorkspace(services.core());
    RestServer server(services, *token, &scheduler);
    auto bound = server.listen(options->port);
    if (!bound)
        return cli::userError(bound.error().message);
    cli::out() << QStringLiteral("listening on http://127.0.0.1:%1\n").arg(*bound);
    cli::out().flush();
    const int status = QCoreApplication::exec();
    server.stop();
    return status == 0 ? CliApp::Success : CliApp::UserError;
}

} // namespace hawkmoth
