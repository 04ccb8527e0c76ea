#include "CliSpecs.h"

namespace hawkmoth {

namespace {

Status renameOnly(Command &c)
{
    c.options.insert(QStringLiteral("rename"), QString());
    return {};
}

Status importTo(Command &c)
{
    if (c.options.contains(QStringLiteral("to")))
        c.options.insert(QStringLiteral("dest"), c.option(QStringLiteral("to")));
    return {};
}

// "cat --json" answers with the content and its version, which is what "load" gives.
Status catJsonLoads(Command &c)
{
    if (c.flag(QStringLiteral("json")))
        c.verb = QStringLiteral("load");
    return {};
}

Status pinNoneUnpins(Command &c)
{
    if (c.option(QStringLiteral("layer")).compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        c.options.insert(QStringLiteral("unpin"), QString());
    return {};
}

// A subcommand whose first argument names its only action ("remote set", "hub status").
template<const char *action, const char *usage>
Status onlyAction(Command &c)
{
    if (c.option(QStringLiteral("action")) != QLatin1String(action))
        return Error::invalid(QStringLiteral("usage: hawkmoth %1").arg(QLatin1String(usage)));
    return {};
}

// create-repo needs to know where: on the Hub, or at a URL.
Status hubOrUrl(Command &c)
{
    if (c.flag(QStringLiteral("hub")) == c.options.contains(QStringLiteral("url")))
        return Error::invalid(QStringLiteral(
            "usage: hawkmoth create-repo --hub [--type model|space] [--name NAME] [--public] | "
            "create-repo --url URL"));
    return {};
}

constexpr char setAction[] = "set";
constexpr char remoteUsage[] = "remote set URL";
constexpr char statusAction[] = "status";
constexpr char hubUsage[] = "hub status";

} // namespace

const QList<CliSpec> &CliSpec::all()
{
    using In = Input;
    using Run = Runner;
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
        {"save", "save", {"path"}, 1, {"from", "expect"}, {"json"}, "save PATH [--from FILE] [--expect SHA256]   (stdin otherwise)", nullptr, In::Content},
        {"cat", "cat", {"path"}, 1, {}, {"json"}, "cat PATH [--json]   (--json: content and version)", catJsonLoads, In::None, Run::Stream},
        {"rm", "delete", {"path"}, 1, {}, {"recursive"}, "rm PATH [--recursive]"},
        {"mv", "move", {"src", "dst"}, 2, {}, {"json"}, "mv SRC DST", renameOnly},
        {"import", "import", {"..."}, 1, {"to", "on-exists"}, {"overwrite", "json"}, "import PATH... [--to DIR] [--on-exists replace|keep-both|skip] [--overwrite]", importTo},
        {"pin", "pin", {"path", "layer"}, 2, {}, {"json"}, "pin PATH git|hub|session|none", pinNoneUnpins},
        {"status", "status", {}, 0, {}, {"json"}, "status [--json]"},
        {"sync", "sync", {}, 0, {}, {"json"}, "sync [--json]"},
        {"push", "push", {}, 0, {}, {"json"}, "push [--json]"},
        {"pull", "pull", {}, 0, {}, {"json"}, "pull [--json]"},
        {"history", "history", {"path"}, 0, {"limit"}, {"json"}, "history [PATH] [--limit N] [--json]"},
        {"show", "show", {"spec"}, 1, {}, {}, "show PATH@REV"},
        {"restore", "restore", {"path", "rev"}, 2, {}, {"json"}, "restore PATH REV"},
        {"remote", "remote-set", {"action", "url"}, 2, {}, {"json"}, "remote set URL", onlyAction<setAction, remoteUsage>},
        {"clone-project", "clone-project", {"url", "name"}, 1, {}, {"json"}, "clone-project URL [NAME]"},
        {"create-repo", "create-repo", {}, 0, {"type", "name", "sdk", "url"}, {"hub", "public", "json"}, "create-repo --hub [--type model|space] [--name NAME] [--public] [--sdk SDK] | --url URL", hubOrUrl},
        {"git-login", "git-login", {"url"}, 1, {"username"}, {}, "git-login URL [--username USER]   (token on stdin)", nullptr, In::Secret},
        {"login", "login", {}, 0, {}, {}, "login   (Hugging Face token on stdin; kept in the keychain)", nullptr, In::Secret},
        {"logout", "logout", {}, 0, {}, {}, "logout"},
        {"hub", "hub-status", {"action"}, 1, {}, {"json"}, "hub status [--json]", onlyAction<statusAction, hubUsage>},
        {"open-from-hub", "open-from-hub", {"dataset", "name"}, 1, {}, {"json"}, "open-from-hub NAMESPACE/DATASET [NAME]"},
        {"jobs", "jobs", {"action", "id"}, 0, {}, {"json", "all"}, "jobs [cancel|retry|unblock ID] [--all] [--json]"},
        {"rules", "rules", {"action", "pattern", "layer"}, 0, {"at"}, {"json"}, "rules [add PATTERN LAYER [--at N] | remove N] [--json]"},
        {"run-jobs", "run-jobs", {}, 0, {}, {"json"}, "run-jobs [--json]   (due background jobs, for cron)"},
        {"rescan", "rescan", {}, 0, {}, {"json", "rebuild"}, "rescan [--rebuild] [--json]"},
        {"cleanup", "cleanup", {}, 0, {}, {"expired", "force", "json"}, "cleanup [--expired] [--force]"},
        {"do", "do", {"..."}, 1, {}, {"json"}, "do \"COMMAND TEXT\"", nullptr, In::None, Run::Text},
        {"hash", "hash", {"..."}, 1, {}, {}, "hash FILE...   (SHA-256, the LFS object id)", nullptr, In::None, Run::Hash},
        {"help", "help", {}, 0, {}, {}, "help"},
    };
    // clang-format on
    return specs;
}

const CliSpec *CliSpec::find(const QString &name)
{
    for (const CliSpec &s : all()) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

CliSpec::Input CliSpec::inputOf(const QString &verb)
{
    for (const CliSpec &s : all()) {
        if (s.verb == verb)
            return s.input;
    }
    return Input::None;
}

Result<Command> CliSpec::parse(const QStringList &args) const
{
    Command command{verb, {}, {}};
    QStringList positional;
    bool endOfOptions = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (!endOfOptions && a == QLatin1String("--")) {
            endOfOptions = true;
        } else if (!endOfOptions && a.startsWith(QLatin1String("--")) && a.size() > 2) {
            QString option = a.mid(2);
            QString value;
            const bool inlineValue = option.contains(QLatin1Char('='));
            if (inlineValue) {
                value = option.section(QLatin1Char('='), 1);
                option = option.section(QLatin1Char('='), 0, 0);
            }
            if (valueOptions.contains(option)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        return Error::invalid(QStringLiteral("--%1 needs a value").arg(option));
                    value = args.at(++i);
                }
                command.options.insert(option, value);
            } else if (flags.contains(option) && !inlineValue) {
                command.options.insert(option, QString());
            } else {
                return Error::invalid(QStringLiteral("%1: unknown option --%2; usage: hawkmoth %3")
                                          .arg(this->name, option, usage));
            }
        } else if (!endOfOptions && (a == QLatin1String("-r")) &&
                   flags.contains(QStringLiteral("recursive"))) {
            command.options.insert(QStringLiteral("recursive"), QString());
        } else {
            positional.append(a);
        }
    }
    const bool rest = positionals.value(0) == QLatin1String("...");
    if (positional.size() < required || (!rest && positional.size() > positionals.size()))
        return Error::invalid(QStringLiteral("usage: hawkmoth %1").arg(usage));
    if (rest)
        command.args = positional;
    else
        for (int i = 0; i < positional.size(); ++i)
            command.options.insert(positionals.at(i), positional.at(i));
    if (shape) {
        if (const Status shaped = shape(command); !shaped)
            return shaped.error();
    }
    return command;
}

} // namespace hawkmoth
