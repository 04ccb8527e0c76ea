#include "ProgressChannel.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>

namespace hawkmoth {

// Outlives the channel while an operation still holds its control.
struct ProgressChannel::Shared
{
    QMutex mutex;
    ProgressChannel *owner = nullptr; // null once the channel is gone
    Progress latest;
    bool posted = false; // a delivery of `latest` is queued already
};

ProgressChannel::ProgressChannel(QObject *parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
{
    m_shared->owner = this;
}

ProgressChannel::~ProgressChannel()
{
    const QMutexLocker lock(&m_shared->mutex);
    m_shared->owner = nullptr;
}

OperationControl ProgressChannel::control() const
{
    OperationControl c;
    c.cancel = m_cancel;
    const std::shared_ptr<Shared> shared = m_shared;
    c.progress = [shared](const Progress &p) {
        const QMutexLocker lock(&shared->mutex);
        shared->latest = p;
        if (!shared->owner || shared->posted)
            return;
        shared->posted = true;
        QMetaObject::invokeMethod(
            shared->owner,
            [shared] {
                Progress value;
                ProgressChannel *owner = nullptr;
                {
                    const QMutexLocker inner(&shared->mutex);
                    shared->posted = false;
                    value = shared->latest;
                    owner = shared->owner;
                }
                // Runs on the owner's thread, so the owner cannot be destroyed meanwhile.
                if (owner)
                    Q_EMIT owner->progressed(value);
            },
            Qt::QueuedConnection);
    };
    c.note = [shared](const QString &line) {
        const QMutexLocker lock(&shared->mutex);
        if (!shared->owner)
            return;
        QMetaObject::invokeMethod(
            shared->owner,
            [shared, line] {
                ProgressChannel *owner = nullptr;
                {
                    const QMutexLocker inner(&shared->mutex);
                    owner = shared->owner;
                }
                if (owner)
                    Q_EMIT owner->noted(line);
            },
            Qt::QueuedConnection);
    };
    return c;
}

} // namespace hawkmoth
