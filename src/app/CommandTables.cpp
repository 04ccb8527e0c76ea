#include "CommandTables.h"

#include "Formatting.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth {

namespace {

QString firstLine(const QString &text)
{
    return text.section(QLatin1Char('\n'), 0, 0);
}

QString bytes(const QJsonValue &v)
{
    return humanBytes(qint64(v.toDouble()));
}

QString shortTime(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

void listing(const QJsonObject &data, CommandReply &reply)
{
    reply.headers = {QStringLiteral("Name"), QStringLiteral("Layer"), QStringLiteral("State"),
                     QStringLiteral("Size")};
    for (const QJsonValue &v : data.value(QLatin1String("folders")).toArray()) {
        const QJsonObject f = v.toObject();
        reply.rows.append({f.value(QLatin1String("path")).toString() + QLatin1Char('/'), QString(),
                           QStringLiteral("%1 files").arg(f.value(QLatin1String("files")).toInt()),
                           bytes(f.value(QLatin1String("bytes")))});
    }
    for (const QJsonValue &v : data.value(QLatin1String("files")).toArray()) {
        const QJsonObject f = v.toObject();
        QString layer = f.value(QLatin1String("layer")).toString();
        if (f.value(QLatin1String("pinned")).isString())
            layer += QStringLiteral(" (pinned)");
        reply.rows.append({f.value(QLatin1String("path")).toString(), layer,
                           f.value(QLatin1String("state")).toString(),
                           bytes(f.value(QLatin1String("size")))});
    }
}

void workspaces(const QJsonArray &data, CommandReply &reply)
{
    reply.headers = {QString(),
                     QStringLiteral("Workspace"),
                     QStringLiteral("Files"),
                     QStringLiteral("Size"),
                     QStringLiteral("Template"),
                     QStringLiteral("Updated")};
    for (const QJsonValue &v : data) {
        const QJsonObject w = v.toObject();
        reply.rows.append(
            {w.value(QLatin1String("current")).toBool() ? QStringLiteral("●") : QString(),
             w.value(QLatin1String("name")).toString(),
             QString::number(w.value(QLatin1String("files")).toInteger()),
             bytes(w.value(QLatin1String("bytes"))), w.value(QLatin1String("template")).toString(),
             shortTime(w.value(QLatin1String("updated")))});
    }
}

void jobs(const QJsonObject &data, CommandReply &reply)
{
    reply.headers = {QStringLiteral("Id"),       QStringLiteral("Kind"),
                     QStringLiteral("State"),    QStringLiteral("Progress"),
                     QStringLiteral("Attempts"), QStringLiteral("Error")};
    for (const QJsonValue &v : data.value(QLatin1String("jobs")).toArray()) {
        const QJsonObject j = v.toObject();
        const QJsonObject p = j.value(QLatin1String("progress")).toObject();
        const qint64 total = qint64(p.value(QLatin1String("bytesTotal")).toDouble());
        const qint64 done = qint64(p.value(QLatin1String("bytesDone")).toDouble());
        reply.rows.append(
            {QString::number(j.value(QLatin1String("id")).toInteger()),
             j.value(QLatin1String("kind")).toString(), j.value(QLatin1String("state")).toString(),
             total > 0 ? QStringLiteral("%1 of %2").arg(humanBytes(done), humanBytes(total))
                       : QString(),
             QString::number(j.value(QLatin1String("attempts")).toInt()),
             j.value(QLatin1String("error")).toString()});
    }
}

void rules(const QJsonObject &data, CommandReply &reply)
{
    reply.headers = {QStringLiteral("#"), QStringLiteral("Matches"), QStringLiteral("Layer")};
    for (const QJsonValue &v : data.value(QLatin1String("rules")).toArray()) {
        const QJsonObject r = v.toObject();
        QStringList match;
        for (const QJsonValue &p : r.value(QLatin1String("match")).toArray())
            match.append(p.toString());
        QString condition = match.join(QLatin1Char(' '));
        if (r.value(QLatin1String("sizeOver")).isDouble())
            condition += (condition.isEmpty() ? QString() : QStringLiteral(", ")) +
                         QStringLiteral("larger than ") + bytes(r.value(QLatin1String("sizeOver")));
        if (r.value(QLatin1String("binary")).isBool())
            condition += (condition.isEmpty() ? QString() : QStringLiteral(", ")) +
                         (r.value(QLatin1String("binary")).toBool() ? QStringLiteral("binary")
                                                                    : QStringLiteral("not binary"));
        reply.rows.append({QString::number(r.value(QLatin1String("position")).toInt()),
                           condition.isEmpty() ? QStringLiteral("any file") : condition,
                           r.value(QLatin1String("layer")).toString()});
    }
}

void history(const QJsonArray &data, CommandReply &reply)
{
    reply.headers = {QStringLiteral("Commit"), QStringLiteral("Date"), QStringLiteral("Author"),
                     QStringLiteral("Summary")};
    for (const QJsonValue &v : data) {
        const QJsonObject c = v.toObject();
        reply.rows.append({c.value(QLatin1String("commit")).toString().left(7),
                           shortTime(c.value(QLatin1String("time"))),
                           c.value(QLatin1String("author")).toString(),
                           c.value(QLatin1String("summary")).toString()});
    }
}

void help(const QJsonArray &data, CommandReply &reply)
{
    reply.headers = {QStringLiteral("Command"), QStringLiteral("What it does")};
    for (const QJsonValue &v : data) {
        const QJsonObject c = v.toObject();
        reply.rows.append({c.value(QLatin1String("usage")).toString(),
                           c.value(QLatin1String("help")).toString()});
    }
}

} // namespace

CommandReply commandReply(const QString &verb, const CommandResult &result)
{
    if (!result.ok)
        return CommandReply::failure(result.text);
    CommandReply reply{true, result.text, {}, {}, {}};
    const QJsonValue &data = result.data;
    if (verb == QLatin1String("list-files") && data.isObject()) {
        reply.caption = firstLine(result.text);
        listing(data.toObject(), reply);
    } else if (verb == QLatin1String("list-projects") && data.isArray()) {
        reply.caption = QStringLiteral("%1 workspaces").arg(data.toArray().size());
        workspaces(data.toArray(), reply);
    } else if (verb == QLatin1String("jobs") && data.toObject().contains(QLatin1String("jobs"))) {
        reply.caption = firstLine(result.text);
        if (reply.caption.endsWith(QLatin1Char(':')))
            reply.caption.chop(1);
        jobs(data.toObject(), reply);
    } else if ((verb == QLatin1String("rules") || verb == QLatin1String("add-rule") ||
                verb == QLatin1String("remove-rule")) &&
               data.toObject().contains(QLatin1String("rules"))) {
        reply.caption = firstLine(result.text);
        rules(data.toObject(), reply);
    } else if (verb == QLatin1String("history") && data.isArray() && !data.toArray().isEmpty()) {
        reply.caption = QStringLiteral("%1 commits").arg(data.toArray().size());
        history(data.toArray(), reply);
    } else if (verb == QLatin1String("help") && data.isArray()) {
        reply.caption = QStringLiteral("Commands (Tab completes, Up and Down recall):");
        help(data.toArray(), reply);
    }
    // An empty list reads better as the CLI's sentence ("no jobs in default").
    if (reply.isTable() && reply.rows.isEmpty() && verb != QLatin1String("list-files")) {
        reply.headers.clear();
        reply.caption.clear();
    }
    return reply;
}

} // namespace hawkmoth
