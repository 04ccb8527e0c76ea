#pragma once
// A command as every entry point sees it — the command bar, the CLI and the REST API build one of
// these and hand it to the CommandExecutor — and the result that comes back.

#include "Result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace hawkmoth {

struct Command
{
    QString verb;                    // canonical name, e.g. "create-project"
    QStringList args;                // positional arguments
    QHash<QString, QString> options; // named options, e.g. {"template": "python"}
    bool flag(const QString &name) const { return options.contains(name); }
    QString option(const QString &name, const QString &fallback = {}) const
    {
        return options.value(name, fallback);
    }
};

struct CommandResult
{
    bool ok = true;
    ErrorCode code = ErrorCode::Internal; // when !ok
    QString text;                         // for people: the command bar, the CLI without --json
    QJsonValue data;                      // for programs: --json and the REST API
    QByteArray raw;                       // file content to write out as is (show, load), if any
    bool usage = false; // when !ok: the command was malformed (the CLI's usage error, rc 2)

    static CommandResult success(const QString &text, const QJsonValue &data = {})
    {
        return {true, ErrorCode::Internal, text, data, {}, false};
    }
    static CommandResult failure(const Error &error)
    {
        return {false, error.code, error.message, QJsonValue(), {}, false};
    }
    // An argument no command could take (a malformed option value), as opposed to a request that
    // failed.
    static CommandResult usageFailure(const Error &error)
    {
        CommandResult r = failure(error);
        r.usage = true;
        return r;
    }
};

} // namespace hawkmoth
