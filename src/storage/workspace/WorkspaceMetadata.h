#pragma once
// .hawkmoth/workspace.json: who a workspace is (name, template, dates, remotes). It is uploaded to
// the workspace's Hub dataset so that open-from-hub can restore the workspace elsewhere.

#include "Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace hawkmoth {

struct WorkspaceMetadata
{
    QString name;
    QString templateName;
    QString id; // stable across renames and machines
    QDateTime created;
    QDateTime updated;
    QString gitRemote; // the remote URL, without credentials
    QString dataset;   // "namespace/name" on the Hub
    QJsonObject extra; // keys written by newer versions, kept intact

    QByteArray toJson() const;
    static Result<WorkspaceMetadata> fromJson(const QByteArray &json);
    static Result<WorkspaceMetadata> load(const QString &file);
    Status save(const QString &file) const;
};

} // namespace hawkmoth
