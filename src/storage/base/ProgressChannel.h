#pragma once
// Delivers one operation's progress and notes as Qt signals on the thread this object lives on.
// The operation runs on a pool thread and calls the functions of control(); each call is queued
// to this object's thread, progress coalesced so a fast operation cannot flood the event loop.
// The channel may be destroyed before the operation ends: later reports are then dropped.

#include "OperationControl.h"

#include <QObject>

#include <memory>

namespace hawkmoth {

class ProgressChannel : public QObject
{
    Q_OBJECT

public:
    explicit ProgressChannel(QObject *parent = nullptr);
    ~ProgressChannel() override;

    // The control to pass to the operation; every copy reports here and shares one cancel flag.
    OperationControl control() const;
    void cancel() const { m_cancel.cancel(); }

Q_SIGNALS:
    void progressed(const hawkmoth::Progress &progress);
    void noted(const QString &line);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    CancelToken m_cancel;
};

} // namespace hawkmoth

Q_DECLARE_METATYPE(hawkmoth::Progress)
