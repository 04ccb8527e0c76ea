#include "CliApp.h"

#include "AppServices.h"
#include "BuildRevision.h"
#include "CliConsole.h"
#include "CliSpecs.h"
#include "CommandExecutor.h"
#include "FileStore.h"
#include "Formatting.h"
#include "ListingJsonWriter.h"
#include "Sha256.h"
#include "TextEscape.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <termios.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

using cli::err;
using cli::out;
using cli::usageError;
using cli::userError;

// Turns the terminal's echo off while it lives, and back on however the scope ends.
class EchoOff
{
public:
    EchoOff()
        : m_active(::tcgetattr(STDIN_FILENO, &m_saved) == 0)
    {
        if (!m_active)
            return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved{};
    bool m_active;
};

// A token from standard input: from a terminal, one line typed after a prompt, not echoed;
// from a pipe, all of it.
Result<QByteArray> readSecret(const QString &prompt)
{
    if (::isatty(STDIN_FILENO)) {
        std::fputs(prompt.toLocal8Bit().constData(), stderr);
        std::fflush(stderr);
        const EchoOff quiet;
        char *line = nullptr;
        size_t capacity = 0;
        const ssize_t n = ::getline(&line, &capacity, stdin);
        const QByteArray value = n > 0 ? QByteArray(line, qsizetype(n)).trimmed() : QByteArray();
        if (line) {
            ::explicit_bzero(line, capacity);
            std::free(line);
        }
        std::fputs("\n", stderr);
        return value;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read the token from standard input"));
    return in.readAll();
}

// Progress on stderr for people at a terminal; silence for scripts.
ProgressFn terminalProgress()
{
    if (!::isatty(STDERR_FILENO))
        return {};
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    return [timer](const Progress &p) {
        const bool finished =
            p.objectsTotal > 0 ? p.objectsDone >= p.objectsTotal : p.bytesDone >= p.bytesTotal;
        if (timer->elapsed() < 200 && !finished)
            return;
        timer->restart();
        if (p.objectsTotal > 0) {
            // A git transfer: objects, and bytes sent or received so far (git knows no total).
            err() << QStringLiteral("\r%1/%2 objects, %3")
                         .arg(p.objectsDone)
                         .arg(p.objectsTotal)
                         .arg(humanBytes(p.bytesDone));
            if (p.objectsDone >= p.objectsTotal)
                err() << "\n";
            err().flush();
            return;
        }
        const int percent = p.bytesTotal > 0 ? int(100 * p.bytesDone / p.bytesTotal) : 100;
        err()
            << QStringLiteral("\r%1/%2 files, %3%").arg(p.filesDone).arg(p.filesTotal).arg(percent);
        if (p.bytesDone >= p.bytesTotal)
            err() << "\n";
        err().flush();
    };
}

// Runs body with the workspace the command acts on and standard output as a device: for what is
// written as it is read, never held whole.
int toStdout(ExecutionContext &ctx, const std::function<int(const Workspace &, QFile &)> &body)
{
    auto ws = ctx.workspace();
    if (!ws)
        return userError(ws.error().message);
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
        return userError(QStringLiteral("cannot write to standard output"));
    return body(*ws, stdoutFile);
}

int streamFile(ExecutionContext &ctx, const QString &path)
{
    return toStdout(ctx, [&](const Workspace &ws, QFile &out) {
        if (auto done = FileStore(ws, ctx.storage).copyTo(path, out); !done)
            return userError(done.error().message);
        return int(CliApp::Success);
    });
}

// "ls --recursive --json": 100,000 files would take hundreds of MB as one JSON document.
int streamListing(ExecutionContext &ctx, const QString &dir)
{
    return toStdout(ctx, [&](const Workspace &ws, QFile &out) {
        ListingJsonWriter writer(out);
        bool written = true;
        auto listed = FileStore(ws, ctx.storage).eachBelow(dir, [&](const FileEntry &e) {
            written = writer.add(e);
            return written;
        });
        if (!listed)
            return userError(listed.error().message);
        if (!written || !writer.finish(ws.name(), *listed) || !out.flush())
            return userError(
                QStringLiteral("cannot write to standard output: %1").arg(out.errorString()));
        return int(CliApp::Success);
    });
}

int hashFiles(const QStringList &files)
{
    int status = CliApp::Success;
    for (const QString &file : files) {
        auto digest = Sha256::ofFile(file);
        if (!digest) {
            status = userError(digest.error().message);
            continue;
        }
        out() << *digest << "  " << file << "\n";
    }
    out().flush();
    return status;
}

// What the command needs from standard input or a file, read before it runs: a token is never
// echoed or logged.
Result<std::optional<QByteArray>> readInput(CliSpec::Input input, const Command &command)
{
    switch (input) {
    case CliSpec::Input::None:
        return std::optional<QByteArray>();
    case CliSpec::Input::Secret: {
        auto token = readSecret(QStringLiteral("Token: "));
        if (!token)
            return token.error();
        return std::optional<QByteArray>(*token);
    }
    case CliSpec::Input::Content:
        break;
    }
    QFile source;
    const QString from = command.option(QStringLiteral("from"));
    const bool opened = from.isEmpty()
                            ? source.open(stdin, QIODevice::ReadOnly)
                            : (source.setFileName(from), source.open(QIODevice::ReadOnly));
    const QString name = from.isEmpty() ? QStringLiteral("stdin") : from;
    if (!opened)
        return Error::io(QStringLiteral("cannot read '%1': %2").arg(name, source.errorString()));
    QByteArray content = source.readAll();
    if (source.error() != QFileDevice::NoError)
        return Error::io(QStringLiteral("cannot read '%1': %2").arg(name, source.errorString()));
    return std::optional<QByteArray>(std::move(content));
}

} // namespace

QString CliApp::usage()
{
    QStringList lines{QStringLiteral("usage: hawkmoth [--workspace NAME] [SUBCOMMAND [ARGS...]]"),
                      QStringLiteral("Without a subcommand HAWKMOTH starts its window."), QString(),
                      QStringLiteral("subcommands:")};
    for (const CliSpec &s : CliSpec::all())
        lines.append(QStringLiteral("  ") + s.usage);
    lines.append(QStringLiteral(
        "  serve [--port N] [--print-token]   (the local REST API on 127.0.0.1; default port "
        "8765, 0 picks a free one)"));
    lines.append(QString());
    lines.append(
        QStringLiteral("--workspace NAME acts on NAME instead of the current workspace; it may "
                       "stand before or after the subcommand."));
    lines.append(
        QStringLiteral("Data folder: $HAWKMOTH_DATA_DIR, else the platform's data folder."));
    lines.append(QStringLiteral("--version prints the version and the git revision of the build."));
    return lines.join(QLatin1Char('\n'));
}

void CliApp::setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("hawkmoth"));
    QCoreApplication::setOrganizationName(QStringLiteral("hawkmoth"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HAWKMOTH_VERSION));
}

int CliApp::run(const QStringList &rawArgs)
{
    QString workspace;
    QStringList args;
    for (int i = 0; i < rawArgs.size(); ++i) {
        const QString &a = rawArgs.at(i);
        if (a == QLatin1String("--workspace") || a == QLatin1String("-w")) {
            if (i + 1 >= rawArgs.size() || rawArgs.at(i + 1).isEmpty())
                return usageError(QStringLiteral("%1 needs a name").arg(a));
            workspace = rawArgs.at(++i);
        } else if (a.startsWith(QLatin1String("--workspace="))) {
            workspace = a.mid(12);
            if (workspace.isEmpty())
                return usageError(QStringLiteral("--workspace needs a name"));
        } else {
            args.append(a);
        }
    }
    if (args.isEmpty() || args.first() == QLatin1String("help") ||
        args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        out() << usage() << "\n";
        return args.isEmpty() ? UsageError : Success;
    }
    if (args.first() == QLatin1String("--version")) {
        out() << "hawkmoth " HAWKMOTH_VERSION " (git " HAWKMOTH_GIT_REVISION ")\n";
        return Success;
    }
    const CliSpec *spec = CliSpec::find(args.first());
    if (!spec)
        return usageError(QStringLiteral("unknown subcommand '%1'").arg(args.first()));

    auto shaped = spec->parse(args.mid(1));
    if (!shaped)
        return usageError(shaped.error().message);
    Command command = *shaped;
    const bool json = command.flag(QStringLiteral("json"));

    // Hashing needs no workspace: answer before touching the data root.
    if (spec->runner == CliSpec::Runner::Hash)
        return hashFiles(command.args);

    AppServices services(Paths::fromEnvironment());
    services.core().setChangeNotifications(false); // nobody listens to a one-shot process
    QFuture<Status> starting = services.core().start();
    if (const Status started = starting.result(); !started)
        return userError(started.error().message);
    StorageContext storage = services.core().context();
    storage.cache = nullptr; // one-shot process: nothing to reuse
    services.core().cache().setBudget(0);
    ExecutionContext ctx = services.context(storage, workspace);
    ctx.wantsData = json;
    ctx.progress = terminalProgress();
    ctx.note = [](const QString &line) {
        if (::isatty(STDERR_FILENO)) {
            err() << line << "\n";
            err().flush();
        }
    };
    ctx.warn = [told = std::make_shared<QSet<QString>>()](const QString &line) {
        if (told->contains(line))
            return;
        told->insert(line);
        err() << "hawkmoth: " << printable(line) << "\n";
        err().flush();
    };
    if (!workspace.isEmpty()) {
        if (auto ws = services.core().registry().find(workspace); !ws)
            return userError(ws.error().message);
    }

    if (spec->runner == CliSpec::Runner::Stream && !json)
        return streamFile(ctx, command.option(QStringLiteral("path")));
    if (json && command.verb == QLatin1String("list-files") &&
        command.flag(QStringLiteral("recursive")))
        return streamListing(ctx, command.option(QStringLiteral("dir")));
    const CommandExecutor executor(services.catalog());
    if (spec->runner == CliSpec::Runner::Text) {
        // The text becomes a command here, so that "do 'save PATH'" can read its content.
        auto parsed = executor.parser().parse(command.args.join(QLatin1Char(' ')));
        if (!parsed)
            return usageError(parsed.error().message);
        command = *parsed;
    }
    if (auto input = readInput(CliSpec::inputOf(command.verb), command); !input)
        return userError(input.error().message);
    else
        ctx.input = *input;

    const CommandResult result = executor.execute(command, ctx);
    if (!result.ok)
        return result.usage ? usageError(result.text) : userError(result.text);
    if (!json && !result.raw.isNull()) {
        QFile rawOut;
        if (rawOut.open(stdout, QIODevice::WriteOnly))
            rawOut.write(result.raw);
        return Success;
    }
    if (json) {
        const QJsonDocument doc = result.data.isArray() ? QJsonDocument(result.data.toArray())
                                                        : QJsonDocument(result.data.toObject());
        out() << doc.toJson(QJsonDocument::Indented);
    } else if (!result.text.isEmpty())
        out() << result.text << "\n";
    out().flush();
    return Success;
}

} // namespace hawkmoth
