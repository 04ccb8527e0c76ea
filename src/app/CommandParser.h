#pragma once
// Parses the command language ("create project demo from python", "list files src") against the
// phrases of a CommandCatalog. Words match ignoring case; placeholders take one or more words, or
// a quoted string. An unknown command gets an error naming the nearest known one.

#include "CommandCatalog.h"

namespace hawkmoth {

class CommandParser
{
public:
    explicit CommandParser(const CommandCatalog &catalog)
        : m_catalog(catalog)
    {}

    Result<Command> parse(const QString &text) const;

    // Splits on white space, keeping "quoted strings" (and 'single quoted') together.
    static Result<QStringList> tokenize(const QString &text);
    static int editDistance(const QString &a, const QString &b);

private:
    QString nearest(const QStringList &words) const;

    const CommandCatalog &m_catalog;
};

} // namespace hawkmoth
