#pragma once
// The REST API's bearer token: made at the server's first start (256 random bits, hex), kept in
// the data root readable by its owner alone (0600), and compared in constant time, so that other
// users of the machine — who can reach 127.0.0.1 too — cannot use the server.

#include "Result.h"

#include <QByteArray>

namespace hawkmoth {

class ServerToken
{
public:
    static QString fileIn(const QString &dataRoot);
    // The token in dataRoot, made and stored first when there is none.
    static Result<QByteArray> loadOrCreate(const QString &dataRoot);
    // Whether the Authorization header's value is "Bearer <token>"; in constant time.
    static bool accepts(const QByteArray &token, const QByteArray &authorization);
};

} // namespace hawkmoth
