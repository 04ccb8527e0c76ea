#include "CommandParser.h"

#include <algorithm>
#include <vector>

namespace hawkmoth {

namespace {

bool isPlaceholder(const QString &token)
{
    return token.size() > 2 && token.startsWith(QLatin1Char('<')) &&
           token.endsWith(QLatin1Char('>'));
}

QString placeholderName(const QString &token)
{
    return token.mid(1, token.size() - 2);
}

// "{yes}" is a literal word that, when present, sets the option of the same name.
bool isFlagWord(const QString &token)
{
    return token.size() > 2 && token.startsWith(QLatin1Char('{')) &&
           token.endsWith(QLatin1Char('}'));
}

// Matches phrase[p..] against words[w..]; placeholders take one or more words (shortest first,
// so "move a b to hub" binds <path> = "a b" and then the literal "to").
bool match(const QStringList &phrase, int p, const QStringList &words, const QList<bool> &quoted,
           int w, QHash<QString, QString> &bound)
{
    if (p == phrase.size())
        return w == words.size();
    if (w == words.size())
        return false;
    const QString &token = phrase.at(p);
    if (isFlagWord(token)) {
        const QString word = placeholderName(token);
        if (quoted.at(w) || word.compare(words.at(w), Qt::CaseInsensitive) != 0)
            return false;
        if (!match(phrase, p + 1, words, quoted, w + 1, bound))
            return false;
        bound.insert(word, QString());
        return true;
    }
    if (!isPlaceholder(token)) {
        return !quoted.at(w) && token.compare(words.at(w), Qt::CaseInsensitive) == 0 &&
               match(phrase, p + 1, words, quoted, w + 1, bound);
    }
    for (int end = w + 1; end <= words.size(); ++end) {
        // A quoted word is one value: it is never joined with its neighbours.
        if (end - w > 1 && (quoted.at(end - 1) || quoted.at(w)))
            break;
        if (match(phrase, p + 1, words, quoted, end, bound)) {
            bound.insert(placeholderName(token), words.mid(w, end - w).join(QLatin1Char(' ')));
            return true;
        }
    }
    return false;
}

QStringList literalPrefix(const QString &phrase)
{
    QStringList out;
    for (const QString &t : phrase.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (isPlaceholder(t))
            break;
        out.append(t);
    }
    return out;
}

} // namespace

Result<QStringList> CommandParser::tokenize(const QString &text)
{
    QStringList out;
    QString current;
    bool inToken = false;
    QChar quote;
    for (const QChar c : text) {
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
                out.append(QChar(0x1) + current); // mark as quoted; stripped by parse()
                current.clear();
                inToken = false;
            } else {
                current += c;
            }
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            if (inToken) {
                out.append(current);
                current.clear();
                inToken = false;
            }
            quote = c;
        } else if (c.isSpace()) {
            if (inToken) {
                out.append(current);
                current.clear();
                inToken = false;
            }
        } else {
            current += c;
            inToken = true;
        }
    }
    if (!quote.isNull())
        return Error::invalid(QStringLiteral("unterminated quote %1 in command").arg(quote));
    if (inToken)
        out.append(current);
    return out;
}

int CommandParser::editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(size_t(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int up = row[size_t(j)];
            const int cost = a.at(i - 1).toLower() == b.at(j - 1).toLower() ? 0 : 1;
            row[size_t(j)] =
                std::min({row[size_t(j)] + 1, row[size_t(j - 1)] + 1, diagonal + cost});
            diagonal = up;
        }
    }
    return row[size_t(b.size())];
}

QString CommandParser::nearest(const QStringList &words) const
{
    QString best;
    int bestDistance = 1 << 30;
    for (const CommandSpec &spec : m_catalog.specs()) {
        for (const QString &phrase : spec.phrases) {
            const QStringList prefix = literalPrefix(phrase);
            const QString candidate = prefix.join(QLatin1Char(' '));
            const QString typed = words.mid(0, prefix.size()).join(QLatin1Char(' '));
            const int d = editDistance(typed, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = spec.usage;
            }
        }
    }
    return best;
}

Result<Command> CommandParser::parse(const QString &text) const
{
    auto tokens = tokenize(text);
    if (!tokens)
        return tokens.error();
    if (tokens->isEmpty())
        return Error::invalid(QStringLiteral("empty command; type 'help' for the list"));
    QStringList words;
    QList<bool> quoted;
    for (const QString &t : std::as_const(*tokens)) {
        const bool q = t.startsWith(QChar(0x1));
        words.append(q ? t.mid(1) : t);
        quoted.append(q);
    }
    // Of the phrases that match, the most specific wins: "open from hub <dataset>" over "open
    // <path>", whatever order the commands were registered in.
    std::optional<Command> best;
    qsizetype bestLiterals = -1;
    for (const CommandSpec &spec : m_catalog.specs()) {
        for (const QString &phrase : spec.phrases) {
            // "+name" sets an option without a word of its own ("delete folder <path> +recursive").
            QStringList pattern;
            QStringList implied;
            for (const QString &t : phrase.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                (t.startsWith(QLatin1Char('+')) ? implied : pattern).append(t);
            const qsizetype literals =
                std::count_if(pattern.cbegin(), pattern.cend(),
                              [](const QString &t) { return !t.startsWith(QLatin1Char('<')); });
            QHash<QString, QString> bound;
            if (literals > bestLiterals && match(pattern, 0, words, quoted, 0, bound)) {
                for (const QString &option : std::as_const(implied))
                    bound.insert(option.mid(1), QString());
                best = Command{spec.verb, {}, bound};
                bestLiterals = literals;
            }
        }
    }
    if (best)
        return *best;
    // The words of a known command with wrong arguments: show its usage.
    for (const CommandSpec &spec : m_catalog.specs()) {
        for (const QString &phrase : spec.phrases) {
            const QStringList prefix = literalPrefix(phrase);
            if (!prefix.isEmpty() && words.size() >= prefix.size() &&
                words.mid(0, prefix.size())
                        .join(QLatin1Char(' '))
                        .compare(prefix.join(QLatin1Char(' ')), Qt::CaseInsensitive) == 0 &&
                phrase.contains(QLatin1Char('<')))
                return Error::invalid(QStringLiteral("usage: %1").arg(spec.usage));
        }
    }
    return Error::invalid(
        QStringLiteral("unknown command '%1'; did you mean '%2'? Type 'help' for the list")
            .arg(words.join(QLatin1Char(' ')), nearest(words)));
}

} // namespace hawkmoth
