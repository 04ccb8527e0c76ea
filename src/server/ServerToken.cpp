#include "ServerToken.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>

namespace hawkmoth {

QString ServerToken::fileIn(const QString &dataRoot)
{
    return dataRoot + QStringLiteral("/server-token");
}

Result<QByteArray> ServerToken::loadOrCreate(const QString &dataRoot)
{
    const QString path = fileIn(dataRoot);
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QByteArray token = existing.readAll().trimmed();
        if (token.size() >= 32)
            return token;
    }
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray token =
        QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
    if (!QDir().mkpath(dataRoot))
        return Error::io(QStringLiteral("cannot create %1").arg(dataRoot));
    QSaveFile out(path);
    // Owner-only before a byte of the token is written.
    if (!out.open(QIODevice::WriteOnly) ||
        !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        out.write(token + '\n') != token.size() + 1 || !out.commit())
        return Error::io(
            QStringLiteral("cannot store the server token in %1: %2").arg(path, out.errorString()));
    return token;
}

bool ServerToken::accepts(const QByteArray &token, const QByteArray &authorization)
{
    const QByteArray expected = "Bearer " + token;
    // Every byte is compared whatever the first difference, so the time says nothing of it.
    unsigned char difference = authorization.size() == expected.size() ? 0 : 1;
    const qsizetype n = qMin(authorization.size(), expected.size());
    for (qsizetype i = 0; i < n; ++i)
        difference |= static_cast<unsigned char>(authorization.at(i) ^ expected.at(i));
    return difference == 0 && !token.isEmpty();
}

} // namespace hawkmoth
