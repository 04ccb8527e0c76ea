#include "BenchApplication.h"

#include <QEvent>
#include <QWidget>

namespace hawkmoth::bench {

void BenchApplication::watchPaint(QWidget *widget, std::function<bool()> ready,
                                  std::function<void()> done)
{
    m_widget = widget;
    m_ready = std::move(ready);
    m_done = std::move(done);
}

bool BenchApplication::notify(QObject *receiver, QEvent *event)
{
    if (m_widget == nullptr || receiver != m_widget || event->type() != QEvent::Paint)
        return QApplication::notify(receiver, event);
    const bool ready = m_ready();
    const bool handled = QApplication::notify(receiver, event);
    if (ready) {
        m_widget = nullptr;
        auto done = std::move(m_done);
        done();
    }
    return handled;
}

} // namespace hawkmoth::bench
