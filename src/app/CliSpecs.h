#pragma once
// The table of CLI subcommands: how each one's arguments map onto a Command, and its usage line.

#include "Command.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace hawkmoth {

struct CliSpec
{
    // What the CLI must supply besides the arguments before the command can run.
    enum class Input
    {
        None,
        Secret,  // a token: typed with echo off at a terminal, else all of stdin
        Content, // the bytes to save: --from FILE, else stdin
    };
    // How the subcommand runs: most through the shared command executor; a few are the CLI's own.
    enum class Runner
    {
        Catalog,
        Hash,   // needs no workspace and no data root
        Stream, // copies a file to stdout without holding it in memory
        Text,   // the arguments are a command-language sentence
    };
    // Adjusts the parsed Command (aliases, fixed options); an InvalidArgument error is a usage
    // error.
    using Shape = Status (*)(Command &);

    QString name;
    QString verb;
    QStringList positionals; // option names, in order; "..." collects the rest into args
    int required = 0;
    QStringList valueOptions; // --name VALUE
    QStringList flags;        // --name
    QString usage;
    Shape shape = nullptr;
    Input input = Input::None;
    Runner runner = Runner::Catalog;

    // The arguments after the subcommand as a Command; an InvalidArgument error is a usage error.
    Result<Command> parse(const QStringList &args) const;

    static const QList<CliSpec> &all();
    static const CliSpec *find(const QString &name);
    // The input the command with this verb needs, also when it came through "do".
    static Input inputOf(const QString &verb);
};

} // namespace hawkmoth
