#pragma once
// Text from outside (file and workspace names, a server's message) shown to people: control
// characters would drive the terminal, bytes that are not UTF-8 would be lost, so both are shown
// as \xNN. One rule everywhere: C0 controls, DEL and C1 controls are escaped.

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace hawkmoth {

// The text with every control character (U+0000-001F, U+007F, U+0080-009F) shown as \xNN.
QString printable(QStringView text);

// A name's bytes for the user: valid UTF-8 decoded, any other byte and every control character
// escaped as \xNN, so a name that is not UTF-8 can be named without being mistaken for another.
QString escapedName(QByteArrayView bytes);

} // namespace hawkmoth
