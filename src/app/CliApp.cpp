#include "CliApp.h"

#include "AppServices.h"
#include "CommandExecutor.h"
#include "FileStore.h"
#include "Sha256.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

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

// How one subcommand's arguments map onto a Command.
struct CliSpec
{
    QString name;
    QString verb;
    QStringList positionals; // option names, in order; "..." collects the rest into args
    int required = 0;
    QStringList valueOptions; // --name VALUE
    QStringList flags;        // --name
    QString usage;
};

const QList<CliSpec> &cliSpecs()
{
    // One row a subcommand, kept a table for reading.
    // clang-format off
    static const QList<CliSpec> specs = {
        {"create-project", "create-project", {"name"}, 1, {"template"}, {"no-switch"},
         "create-project NAME [--template empty|python|web] [--no-switch]"},
        {"list-projects", "list-projects", {}, 0, {}, {"json"}, "list-projects [--json]"},
        {"switch", "switch", {"name"}, 1, {}, {}, "switch NAME"},
        {"current", "current", {}, 0, {}, {"json"}, "current [--json]"},
        {"rename-project", "rename-project", {"from", "to"}, 2, {}, {}, "rename-project NAME NEW"},
        {"delete-project", "delete-project", {"name"}, 1, {}, {"yes"}, "delete-project NAME --yes"},
        {"ls", "list-files", {"dir"}, 0, {}, {"json", "recursive"}, "ls [DIR] [--recursive] [--json]"},
        {"save", "save", {"path"}, 1, {"from"}, {"json"}, "save PATH [--from FILE]   (stdin otherwise)"},
        {"cat", "cat", {"path"}, 1, {}, {}, "cat PATH"},
        {"rm", "delete", {"path"}, 1, {}, {"recursive"}, "rm PATH [--recursive]"},
        {"mv", "move", {"src", "dst"}, 2, {}, {"json"}, "mv SRC DST"},
        {"import", "import", {"..."}, 1, {"to"}, {"overwrite", "json"}, "import PATH... [--to DIR] [--overwrite]"},
        {"pin", "pin", {"path", "layer"}, 2, {}, {"json"}, "pin PATH git|hub|session|none"},
        {"status", "status", {}, 0, {}, {"json"}, "status [--json]"},
        {"sync", "sync", {}, 0, {}, {"json"}, "sync [--json]"},
        {"push", "push", {}, 0, {}, {"json"}, "push [--json]"},
        {"pull", "pull", {}, 0, {}, {"json"}, "pull [--json]"},
        {"history", "history", {"path"}, 0, {"limit"}, {"json"}, "history [PATH] [--limit N] [--json]"},
        {"show", "show", {"spec"}, 1, {}, {}, "show PATH@REV"},
        {"restore", "restore", {"path", "rev"}, 2, {}, {"json"}, "restore PATH REV"},
        {"remote", "remote-set", {"action", "url"}, 2, {}, {"json"}, "remote set URL"},
        {"clone-project", "clone-project", {"url", "name"}, 1, {}, {"json"}, "clone-project URL [NAME]"},
        {"git-login", "git-login", {"url"}, 1, {"username"}, {}, "git-login URL [--username USER]   (token on stdin)"},
        {"login", "login", {}, 0, {}, {}, "login   (Hugging Face token on stdin; kept in the keychain)"},
        {"logout", "logout", {}, 0, {}, {}, "logout"},
        {"hub", "hub-status", {"action"}, 1, {}, {"json"}, "hub status [--json]"},
        {"open-from-hub", "open-from-hub", {"dataset", "name"}, 1, {}, {"json"}, "open-from-hub NAMESPACE/DATASET [NAME]"},
        {"run-jobs", "run-jobs", {}, 0, {}, {"json"}, "run-jobs [--json]   (due background jobs, for cron)"},
        {"rescan", "rescan", {}, 0, {}, {"json", "rebuild"}, "rescan [--rebuild] [--json]"},
        {"cleanup", "cleanup", {}, 0, {}, {"expired", "force", "json"}, "cleanup [--expired] [--force]"},
        {"do", "do", {"..."}, 1, {}, {"json"}, "do \"COMMAND TEXT\""},
        {"hash", "hash", {"..."}, 1, {}, {}, "hash FILE...   (SHA-256, the LFS object id)"},
        {"help", "help", {}, 0, {}, {}, "help"},
    };
    // clang-format on
    return specs;
}

const CliSpec *findSpec(const QString &name)
{
    for (const CliSpec &s : cliSpecs()) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

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

// Control characters (an ESC in a workspace name, say) would drive the terminal: shown as \xNN.
QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0))
            out += QStringLiteral("\\x%1").arg(unsigned(u), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
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

// Progress on stderr for people at a terminal; silence for scripts.
ProgressFn terminalProgress()
{
    if (!::isatty(STDERR_FILENO))
        return {};
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    return [timer](const Progress &p) {
        if (timer->elapsed() < 200 && p.bytesDone < p.bytesTotal)
            return;
        timer->restart();
        const int percent = p.bytesTotal > 0 ? int(100 * p.bytesDone / p.bytesTotal) : 100;
        err()
            << QStringLiteral("\r%1/%2 files, %3%").arg(p.filesDone).arg(p.filesTotal).arg(percent);
        if (p.bytesDone >= p.bytesTotal)
            err() << "\n";
        err().flush();
    };
}

int streamFile(ExecutionContext &ctx, const QString &path)
{
    auto ws = ctx.workspace();
    if (!ws)
        return userError(ws.error().message);
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
        return userError(QStringLiteral("cannot write to standard output"));
    FileStore store(*ws, ctx.storage);
    if (auto done = store.copyTo(path, stdoutFile); !done)
        return userError(done.error().message);
    return CliApp::Success;
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

} // namespace

QString CliApp::usage()
{
    QStringList lines{QStringLiteral("usage: hawkmoth [--workspace NAME] [SUBCOMMAND [ARGS...]]"),
                      QStringLiteral("Without a subcommand HAWKMOTH starts its window."), QString(),
                      QStringLiteral("subcommands:")};
    for (const CliSpec &s : cliSpecs())
        lines.append(QStringLiteral("  ") + s.usage);
    lines.append(QString());
    lines.append(
        QStringLiteral("--workspace NAME acts on NAME instead of the current workspace; it may "
                       "stand before or after the subcommand."));
    lines.append(
        QStringLiteral("Data folder: $HAWKMOTH_DATA_DIR, else the platform's data folder."));
    return lines.join(QLatin1Char('\n'));
}

bool CliApp::wantsCli(int argc, char **argv)
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

int CliApp::checkEncoding(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView raw(argv[i]);
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        static_cast<void>(QString(utf8.decode(raw)));
        if (!utf8.hasError())
            continue;
        QString shown;
        for (const char byte : raw) {
            const auto b = uchar(byte);
            shown += b >= 0x20 && b < 0x7f
                         ? QString(QLatin1Char(char(b)))
                         : QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
        }
        return usageError(
            QStringLiteral("argument %1 ('%2') is not valid UTF-8; HAWKMOTH takes file and "
                           "workspace names in UTF-8 only (rename the file first)")
                .arg(i)
                .arg(shown));
    }
    return Success;
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
    const CliSpec *spec = findSpec(args.first());
    if (!spec)
        return usageError(QStringLiteral("unknown subcommand '%1'").arg(args.first()));

    Command command{spec->verb, {}, {}};
    QStringList positional;
    bool endOfOptions = false;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (!endOfOptions && a == QLatin1String("--")) {
            endOfOptions = true;
        } else if (!endOfOptions && a.startsWith(QLatin1String("--")) && a.size() > 2) {
            QString name = a.mid(2);
            QString value;
            const bool inlineValue = name.contains(QLatin1Char('='));
            if (inlineValue) {
                value = name.section(QLatin1Char('='), 1);
                name = name.section(QLatin1Char('='), 0, 0);
            }
            if (spec->valueOptions.contains(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        return usageError(QStringLiteral("--%1 needs a value").arg(name));
                    value = args.at(++i);
                }
                command.options.insert(name, value);
            } else if (spec->flags.contains(name) && !inlineValue) {
                command.options.insert(name, QString());
            } else {
                return usageError(QStringLiteral("%1: unknown option --%2; usage: hawkmoth %3")
                                      .arg(spec->name, name, spec->usage));
            }
        } else if (!endOfOptions && (a == QLatin1String("-r")) &&
                   spec->flags.contains(QStringLiteral("recursive"))) {
            command.options.insert(QStringLiteral("recursive"), QString());
        } else {
            positional.append(a);
        }
    }
    const bool rest = spec->positionals.value(0) == QLatin1String("...");
    if (positional.size() < spec->required ||
        (!rest && positional.size() > spec->positionals.size()))
        return usageError(QStringLiteral("usage: hawkmoth %1").arg(spec->usage));
    if (rest)
        command.args = positional;
    else
        for (int i = 0; i < positional.size(); ++i)
            command.options.insert(spec->positionals.at(i), positional.at(i));
    const bool json = command.flag(QStringLiteral("json"));

    // Subcommand-specific shaping.
    if (spec->name == QLatin1String("mv"))
        command.options.insert(QStringLiteral("rename"), QString());
    if (spec->name == QLatin1String("import") && command.options.contains(QStringLiteral("to")))
        command.options.insert(QStringLiteral("dest"), command.option(QStringLiteral("to")));
    if (spec->name == QLatin1String("remote") &&
        command.option(QStringLiteral("action")) != QLatin1String("set"))
        return usageError(QStringLiteral("usage: hawkmoth remote set URL"));
    if (spec->name == QLatin1String("history") &&
        command.options.contains(QStringLiteral("limit"))) {
        bool number = false;
        const QString limit = command.option(QStringLiteral("limit"));
        if (limit.toInt(&number) <= 0 || !number)
            return usageError(
                QStringLiteral("history: --limit needs a positive number of commits, not '%1'")
                    .arg(limit));
    }
    if (spec->name == QLatin1String("pin") &&
        command.option(QStringLiteral("layer"))
                .compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        command.options.insert(QStringLiteral("unpin"), QString());

    // Hashing needs no workspace: answer before touching the data root.
    if (spec->name == QLatin1String("hash"))
        return hashFiles(command.args);

    AppServices services(Paths::fromEnvironment());
    QFuture<Status> starting = services.core().start();
    if (const Status started = starting.result(); !started)
        return userError(started.error().message);
    StorageContext storage = services.core().context();
    storage.cache = nullptr; // one-shot process: nothing to reuse
    ExecutionContext ctx = services.context(storage, workspace);
    ctx.progress = terminalProgress();
    ctx.note = [](const QString &line) {
        if (::isatty(STDERR_FILENO)) {
            err() << line << "\n";
            err().flush();
        }
    };
    if (!workspace.isEmpty()) {
        if (auto ws = services.core().registry().find(workspace); !ws)
            return userError(ws.error().message);
    }

    if (spec->name == QLatin1String("cat"))
        return streamFile(ctx, command.option(QStringLiteral("path")));
    const CommandExecutor executor(services.catalog());
    if (spec->name == QLatin1String("do")) {
        // The text becomes a command here, so that "do 'save PATH'" can read its content.
        auto parsed = executor.parser().parse(command.args.join(QLatin1Char(' ')));
        if (!parsed)
            return usageError(parsed.error().message);
        command = *parsed;
    }
    if (spec->name == QLatin1String("hub") &&
        command.option(QStringLiteral("action")) != QLatin1String("status"))
        return usageError(QStringLiteral("usage: hawkmoth hub status"));
    if (command.verb == QLatin1String("git-login") || command.verb == QLatin1String("login")) {
        auto token = readSecret(QStringLiteral("Token: "));
        if (!token)
            return userError(token.error().message);
        ctx.input = *token; // never echoed, never logged
    }
    if (command.verb == QLatin1String("save")) {
        QFile source;
        const QString from = command.option(QStringLiteral("from"));
        const bool opened = from.isEmpty()
                                ? source.open(stdin, QIODevice::ReadOnly)
                                : (source.setFileName(from), source.open(QIODevice::ReadOnly));
        if (!opened)
            return userError(
                QStringLiteral("cannot read '%1': %2")
                    .arg(from.isEmpty() ? QStringLiteral("stdin") : from, source.errorString()));
        ctx.input = source.readAll();
        if (source.error() != QFileDevice::NoError)
            return userError(
                QStringLiteral("cannot read '%1': %2").arg(from, source.errorString()));
    }

    const CommandResult result = executor.execute(command, ctx);
    if (!result.ok)
        return userError(result.text);
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
