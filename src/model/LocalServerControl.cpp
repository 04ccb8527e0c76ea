#include "LocalServerControl.h"

#include <QCoreApplication>

namespace hawkmoth {

QString LocalServerState::text() const
{
    auto tr = [](const char *text) {
        return QCoreApplication::translate("LocalServerState", text);
    };
    switch (phase) {
    case Phase::Off:
        return tr("Off");
    case Phase::Starting:
        return tr("Starting…");
    case Phase::Listening:
        return tr("Listening on %1").arg(url());
    case Phase::Stopping:
        return tr("Stopping (open requests finish first)…");
    case Phase::Failed:
        return error;
    }
    return {};
}

} // namespace hawkmoth

#include "moc_LocalServerControl.cpp"
