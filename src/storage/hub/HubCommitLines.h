#pragma once
// The pieces of a Hub commit that are pure functions of content: its NDJSON lines, and the tree
// oids the Hub will give a file (a git blob id, of the LFS pointer for large files), which let a
// sync recognise its own commit in a listing.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace hawkmoth::hub::commitlines {

QString pointerOid(const QString &sha256, qint64 size);
// {"key": key, "value": value} and a newline.
QByteArray line(const QString &key, const QJsonObject &value);

} // namespace hawkmoth::hub::commitlines
