#pragma once
// Turns a command's result into what the command bar shows: the CLI's text, and for the answers
// that are lists (files, workspaces, jobs, rules, history, help) the same facts as a table, built
// from the result's JSON so the numbers agree with --json.

#include "Command.h"
#include "CommandService.h"

namespace hawkmoth {

CommandReply commandReply(const QString &verb, const CommandResult &result);

} // namespace hawkmoth
