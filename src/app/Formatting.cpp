#include "Formatting.h"

#include "SyncPipeline.h"

#include <QDateTime>

namespace hawkmoth {

QString humanBytes(qint64 bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    return unit == 0
               ? QStringLiteral("%1 B").arg(bytes)
               : QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject fileVersionJson(const FileVersion &v)
{
    return {{QStringLiteral("sha256"), v.sha256},
            {QStringLiteral("size"), double(v.size)},
            {QStringLiteral("mtimeNs"), QString::number(v.mtimeNs)}};
}

QJsonObject progressJson(const Progress &p)
{
    return QJsonObject{{QStringLiteral("bytesDone"), double(p.bytesDone)},
                       {QStringLiteral("bytesTotal"), double(p.bytesTotal)},
                       {QStringLiteral("filesDone"), double(p.filesDone)},
                       {QStringLiteral("filesTotal"), double(p.filesTotal)},
                       {QStringLiteral("objectsDone"), double(p.objectsDone)},
                       {QStringLiteral("objectsTotal"), double(p.objectsTotal)}};
}

QJsonObject fileEntryJson(const FileEntry &e)
{
    return QJsonObject{
        {QStringLiteral("path"), e.path},
        {QStringLiteral("size"), double(e.size)},
        {QStringLiteral("mtime"),
         isoTime(QDateTime::fromMSecsSinceEpoch(e.mtimeNs / 1000000, Qt::UTC))},
        {QStringLiteral("layer"), layerName(e.layer)},
        {QStringLiteral("pinned"), e.pinned ? QJsonValue(layerName(*e.pinned)) : QJsonValue()},
        {QStringLiteral("state"), syncStateName(e.state)},
        {QStringLiteral("sha256"), QString::fromLatin1(e.sha256)},
        {QStringLiteral("binary"), e.binary},
    };
}

QJsonObject workspaceInfoJson(const WorkspaceInfo &info)
{
    QJsonObject layers;
    qint64 files = 0, bytes = 0;
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session}) {
        const LayerTotals t = info.totals.value(l);
        files += t.files;
        bytes += t.bytes;
        layers.insert(layerName(l), QJsonObject{{QStringLiteral("files"), double(t.files)},
                                                {QStringLiteral("bytes"), double(t.bytes)}});
    }
    QJsonObject out{
        {QStringLiteral("name"), info.name},
        {QStringLiteral("root"), info.root},
        {QStringLiteral("template"), info.templateName},
        {QStringLiteral("current"), info.current},
        {QStringLiteral("created"), isoTime(info.created)},
        {QStringLiteral("updated"), isoTime(info.updated)},
        {QStringLiteral("files"), double(files)},
        {QStringLiteral("bytes"), double(bytes)},
        {QStringLiteral("layers"), layers},
        {QStringLiteral("activeJobs"), info.activeJobs},
        {QStringLiteral("gitRemote"), info.gitRemote},
        {QStringLiteral("dataset"), info.dataset},
    };
    if (!info.problem.isEmpty())
        out.insert(QStringLiteral("problem"), info.problem);
    return out;
}

QJsonObject listingJson(const QString &workspace, const Listing &listing)
{
    QJsonArray folders;
    for (const FolderEntry &f : listing.folders)
        folders.append(QJsonObject{{QStringLiteral("path"), f.path},
                                   {QStringLiteral("files"), double(f.files)},
                                   {QStringLiteral("bytes"), double(f.bytes)}});
    QJsonArray files;
    for (const FileEntry &e : listing.files)
        files.append(fileEntryJson(e));
    return QJsonObject{{QStringLiteral("workspace"), workspace},
                       {QStringLiteral("dir"), listing.dir},
                       {QStringLiteral("folders"), folders},
                       {QStringLiteral("files"), files}};
}

QString listingText(const QString &workspace, const Listing &listing)
{
    QStringList lines;
    const QString where =
        listing.dir.isEmpty() ? workspace : workspace + QLatin1Char(':') + listing.dir;
    lines.append(QStringLiteral("%1 — %2 files, %3 folders")
                     .arg(where)
                     .arg(listing.files.size())
                     .arg(listing.folders.size()));
    int width = 8;
    for (const FolderEntry &f : listing.folders)
        width = qMax(width, int(f.path.size()) + 1);
    for (const FileEntry &e : listing.files)
        width = qMax(width, int(e.path.size()));
    width = qMin(width, 60);
    for (const FolderEntry &f : listing.folders)
        lines.append(QStringLiteral("  %1  %2  %3")
                         .arg(f.path + QLatin1Char('/'), -width)
                         .arg(QStringLiteral("%1 files").arg(f.files), -16)
                         .arg(humanBytes(f.bytes), 10));
    for (const FileEntry &e : listing.files) {
        const QString layer = layerName(e.layer) + (e.pinned ? QStringLiteral("*") : QString());
        lines.append(QStringLiteral("  %1  %2 %3  %4")
                         .arg(e.path, -width)
                         .arg(layer, -8)
                         .arg(syncStateName(e.state), -7)
                         .arg(humanBytes(e.size), 10));
    }
    if (listing.files.isEmpty() && listing.folders.isEmpty())
        lines.append(QStringLiteral("  (empty)"));
    return lines.join(QLatin1Char('\n'));
}

QString workspaceInfoText(const WorkspaceInfo &info)
{
    qint64 files = 0, bytes = 0;
    for (const LayerTotals &t : info.totals) {
        files += t.files;
        bytes += t.bytes;
    }
    if (!info.problem.isEmpty())
        return QStringLiteral("%1%2  (%3)")
            .arg(info.current ? QStringLiteral("* ") : QStringLiteral("  "), info.name,
                 info.problem);
    return QStringLiteral("%1%2  %3 files, %4  (template %5, updated %6)")
        .arg(info.current ? QStringLiteral("* ") : QStringLiteral("  "), info.name)
        .arg(files)
        .arg(humanBytes(bytes),
             info.templateName.isEmpty() ? QStringLiteral("none") : info.templateName,
             info.updated.isValid()
                 ? info.updated.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) +
                       QStringLiteral(" UTC")
                 : QStringLiteral("never"));
}

QString statsText(const StorageStats &s)
{
    QStringList lines;
    lines.append(QStringLiteral("workspace %1").arg(s.workspace));
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session}) {
        const LayerTotals t = s.layers.value(l);
        lines.append(QStringLiteral("  %1 %2 files  %3")
                         .arg(layerName(l), -8)
                         .arg(t.files, 7)
                         .arg(humanBytes(t.bytes), 10));
    }
    QStringList states;
    for (auto st : {SyncState::Pending, SyncState::Synced, SyncState::Conflict,
                    SyncState::RemoteOnly, SyncState::Error}) {
        if (s.states.value(st) > 0)
            states.append(QStringLiteral("%1 %2").arg(s.states.value(st)).arg(syncStateName(st)));
    }
    if (!states.isEmpty())
        lines.append(QStringLiteral("  files: ") + states.join(QStringLiteral(", ")));
    lines.append(QStringLiteral("  jobs: %1 queued, %2 running, %3 failed, %4 blocked")
                     .arg(s.queuedJobs)
                     .arg(s.runningJobs)
                     .arg(s.failedJobs)
                     .arg(s.blockedJobs));
    for (const Job &j : s.waitingJobs)
        lines.append(QStringLiteral("  waiting: ") + SyncPipeline::describeWait(j));
    if (!s.lastJobError.isEmpty())
        lines.append(QStringLiteral("  last error: ") + s.lastJobError);
    lines.append(QStringLiteral("  last scan: %1; last sync: %2")
                     .arg(s.lastScan.isValid() ? isoTime(s.lastScan) : QStringLiteral("never"),
                          s.lastSync.isValid() ? isoTime(s.lastSync) : QStringLiteral("never")));
    return lines.join(QLatin1Char('\n'));
}

} // namespace hawkmoth
