#pragma once
// What a route answers: an HTTP status and a JSON body. Failures carry
// {"error": {"code": ..., "message": ...}} with the status their error code maps to.

#include "Command.h"

#include <QJsonValue>

namespace hawkmoth {

struct RestReply
{
    int status = 200;
    QJsonValue body;

    static RestReply ok(const QJsonValue &body) { return {200, body}; }
    static RestReply failure(int status, const QString &code, const QString &message,
                             const QJsonValue &data = {});
    // An error of the storage core, with the status its code maps to.
    static RestReply failure(const Error &error);
    // A command's result: its --json data, or its error.
    static RestReply fromCommand(const CommandResult &result);

    static int statusFor(ErrorCode code);
};

} // namespace hawkmoth
