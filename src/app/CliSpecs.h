#pragma once
// The table of CLI subcommands: how each one's arguments map onto a Command, and its usage line.

#include "Command.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace hawkmoth {

struct CliSpec
{
    QString name;
    QString verb;
    QStringList positionals; // option names, in order; "..." collects the rest into args
    int required = 0;
    QStringList valueOptions; // --name VALUE
    QStringList flags;        // --name
    QString usage;

    // The arguments after the subcommand as a Command; an InvalidArgument error is a usage error.
    Result<Command> parse(const QStringList &args) const;

    static const QList<CliSpec> &all();
    static const CliSpec *find(const QString &name);
};

} // namespace hawkmoth
