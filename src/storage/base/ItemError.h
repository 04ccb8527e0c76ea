#pragma once
// A failure of one item of a batch (one file of an import): the batch goes on, and the caller gets
// the code and the path to act on, not only a line of text.

#include "Result.h"

#include <QList>
#include <QString>

namespace hawkmoth {

struct ItemError
{
    ErrorCode code = ErrorCode::Internal;
    QString path;    // the item as the caller named it (an import's local source)
    QString target;  // the workspace path it was to take, when known
    QString message; // one line for people, naming the path
};
using ItemErrors = QList<ItemError>;

} // namespace hawkmoth
