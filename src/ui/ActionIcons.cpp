#include "ActionIcons.h"

namespace hawkmoth {

QIcon actionIcon(const QString &name)
{
    return QIcon(QStringLiteral(":/icons/actions/%1.svg").arg(name));
}

} // namespace hawkmoth
