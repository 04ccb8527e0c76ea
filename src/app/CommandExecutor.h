#pragma once
// Carries out commands — given as text in the command language or as a Command built by the CLI
// or the REST API — through the handlers of a CommandCatalog. Synchronous: callers run it on a
// worker thread (the GUI and the REST server) or on their own (the CLI).

#include "CommandCatalog.h"
#include "CommandParser.h"

namespace hawkmoth {

class CommandExecutor
{
public:
    explicit CommandExecutor(const CommandCatalog &catalog)
        : m_catalog(catalog)
        , m_parser(catalog)
    {}

    CommandResult execute(const Command &command, ExecutionContext &context) const;
    CommandResult executeText(const QString &text, ExecutionContext &context) const;
    const CommandParser &parser() const { return m_parser; }

private:
    const CommandCatalog &m_catalog;
    CommandParser m_parser;
};

} // namespace hawkmoth
