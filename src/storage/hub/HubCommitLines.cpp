#include "HubCommitLines.h"

#include "GitBlobId.h"

#include <QJsonDocument>

namespace hawkmoth::hub::commitlines {

QString pointerOid(const QString &sha256, qint64 size)
{
    const QByteArray pointer =
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256.toLatin1() + "\nsize " +
        QByteArray::number(size) + '\n';
    return GitBlobId::ofData(pointer);
}

QByteArray line(const QString &key, const QJsonObject &value)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), value}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

} // namespace hawkmoth::hub::commitlines
