#include "SkippedPath.h"

namespace hawkmoth {

QString notUtf8Reason()
{
    return QStringLiteral("the name is not valid UTF-8; rename it to include it");
}

} // namespace hawkmoth
