#pragma once
// The CLI's standard output and error streams, and its two ways of refusing: a usage error
// (rc 2, with a pointer to help) and a user error (rc 1, one line).

#include <QString>
#include <QTextStream>

namespace hawkmoth::cli {

QTextStream &out();
QTextStream &err();
// Prints the message (control characters escaped) and returns CliApp::UsageError.
int usageError(const QString &message);
// Prints the message on one line (control characters escaped) and returns CliApp::UserError.
int userError(const QString &message);

} // namespace hawkmoth::cli
