#pragma once
// Small pieces every route group uses: a command from a verb and options, and the options a
// request's fields fill in.

#include "Command.h"
#include "RestReply.h"
#include "RestRequest.h"
#include "RestRouter.h"

#include <functional>
#include <optional>

namespace hawkmoth {
class CommandRunner;
}

namespace hawkmoth::route {

inline Command command(const QString &verb, const QHash<QString, QString> &options = {})
{
    return Command{verb, {}, options};
}

// Copies the text field into the command's option (renamed to option when given); a missing
// required field or a field of the wrong type is the 400 error returned.
inline std::optional<RestReply> take(const RestRequest &request, Command &command,
                                     const QString &field, bool required,
                                     const QString &option = {})
{
    auto value = required ? request.required(field) : request.text(field);
    if (!value)
        return RestReply::failure(value.error());
    if (!value->isEmpty())
        command.options.insert(option.isEmpty() ? field : option, *value);
    return std::nullopt;
}

// Sets the command's flag when the boolean field is true.
inline std::optional<RestReply> takeFlag(const RestRequest &request, Command &command,
                                         const QString &field, const QString &option = {})
{
    auto value = request.flag(field);
    if (!value)
        return RestReply::failure(value.error());
    if (*value)
        command.options.insert(option.isEmpty() ? field : option, QString());
    return std::nullopt;
}

// Fills a command from the request's fields; a bad field is the reply.
using Build = std::function<std::optional<RestReply>(const RestRequest &, Command &)>;

// A route that fills the command of verb from the request with build (if any), then runs it on
// the workspace the request names.
RestRouter::JsonHandler commandRoute(const CommandRunner &runner, const QString &verb,
                                     Build build = {});

} // namespace hawkmoth::route
