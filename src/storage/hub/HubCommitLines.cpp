#include "HubCommitLines.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace hawkmoth::hub::commitlines {

QString gitBlobOid(QByteArrayView content)
{
    QCryptographicHash h(QCryptographicHash::Sha1);
    const QByteArray header = "blob " + QByteArray::number(content.size()) + '\0';
    h.addData(header);
    h.addData(content);
    return QString::fromLatin1(h.result().toHex());
}

QString pointerOid(const QString &sha256, qint64 size)
{
    const QByteArray pointer =
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256.toLatin1() + "\nsize " +
        QByteArray::number(size) + '\n';
    return gitBlobOid(pointer);
}

QByteArray line(const QString &key, const QJsonObject &value)
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("value"), value}})
               .toJson(QJsonDocument::Compact) +
           '\n';
}

} // namespace hawkmoth::hub::commitlines
