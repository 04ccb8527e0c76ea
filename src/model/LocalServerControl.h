#pragma once
// What the window shows of its local REST server, which lives in src/server above the widgets:
// the server's state as it changes, and the bearer token to copy. The settings turn the server on
// and off; src/server implements this (RestServerSwitch) and main() hands it to the window.

#include "Result.h"

#include <QByteArray>
#include <QFuture>
#include <QObject>
#include <QString>

namespace hawkmoth {

struct LocalServerState
{
    enum class Phase
    {
        Off,
        Starting,
        Listening,
        Stopping,
        Failed,
    };
    Phase phase = Phase::Off;
    int port = 0;  // Listening: the port served; otherwise the one asked for
    QString error; // Failed: why

    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port); }
    // One line for a person: "Listening on http://127.0.0.1:8765", "Off", the error.
    QString text() const;
};

class LocalServerControl : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual LocalServerState state() const = 0;
    // The token every request must send as "Authorization: Bearer <token>", made first when
    // there is none; read off the GUI thread.
    virtual QFuture<Result<QByteArray>> token() = 0;

Q_SIGNALS:
    void stateChanged();
};

} // namespace hawkmoth
