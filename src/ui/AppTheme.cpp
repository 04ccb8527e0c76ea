#include "AppTheme.h"

#include <QApplication>
#include <QEvent>
#include <QStyle>
#include <QStyleFactory>

namespace hawkmoth {

namespace {

const QString fusion = QStringLiteral("Fusion");
// Kept on the application object: a second window of the same process (a test's) must not take
// the first one's choice for the system's colours.
constexpr const char *startStyleKey = "hawkmothStartStyle";

} // namespace

AppTheme::AppTheme(QObject *parent)
    : QObject(parent)
{
    if (!qApp->property(startStyleKey).isValid())
        qApp->setProperty(startStyleKey, QApplication::style()->name());
    m_startStyle = qApp->property(startStyleKey).toString();
    qApp->installEventFilter(this);
}

void AppTheme::apply(Mode mode)
{
    m_mode = mode;
    switch (mode) {
    case Mode::System:
        followSystem();
        break;
    case Mode::Light: {
        QStyle *style = QStyleFactory::create(fusion);
        const QPalette light = style ? style->standardPalette() : QApplication::palette();
        delete style;
        setStyleAndPalette(fusion, light);
        break;
    }
    case Mode::Dark:
        setStyleAndPalette(fusion, darkPalette());
        break;
    }
}

bool AppTheme::eventFilter(QObject *watched, QEvent *event)
{
    // Qt sends ThemeChange to every window (and to the application): one decision for them all,
    // after Qt has taken the platform's new palette in.
    if (event->type() == QEvent::ThemeChange && m_mode == Mode::System && !m_followQueued) {
        m_followQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_followQueued = false;
                if (m_mode == Mode::System)
                    followSystem();
            },
            Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

void AppTheme::followSystem()
{
    // A palette set on the application stops Qt following the platform's: an empty one (no
    // role set) hands it back, and Qt then keeps it current with the desktop by itself.
    QApplication::setPalette(QPalette());
    if (m_prefersDark && m_prefersDark())
        setStyleAndPalette(fusion, darkPalette());
    else if (QApplication::style()->name().compare(m_startStyle, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(m_startStyle);
}

void AppTheme::setStyleAndPalette(const QString &style, const QPalette &palette)
{
    // Only a different style is set: setStyle re-polishes every widget, a palette change is cheap.
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(style);
    QApplication::setPalette(palette);
}

AppTheme::Mode AppTheme::parse(const QString &name)
{
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::System;
}

QString AppTheme::name(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::System:
        break;
    }
    return QStringLiteral("system");
}

bool AppTheme::systemPrefersDark()
{
    // GTK_THEME=Adwaita:dark is how GNOME users force dark applications; Qt 6.4's GTK platform
    // theme does not read GNOME's colour-scheme setting yet.
    if (qEnvironmentVariable("GTK_THEME").endsWith(QLatin1String(":dark"), Qt::CaseInsensitive))
        return true;
    // A platform theme that knows the desktop is dark (KDE's, a dark GTK theme) says so through
    // its palette.
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QPalette AppTheme::darkPalette()
{
    const QColor window(0x2d, 0x2f, 0x33);
    const QColor base(0x22, 0x24, 0x27);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor muted(0x8a, 0x8d, 0x91);
    const QColor accent(0x3d, 0x8e, 0xe0);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2c, 0x30));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3c, 0x40));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x44));
    p.setColor(QPalette::Mid, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::Dark, QColor(0x1b, 0x1c, 0x1e));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb2, 0xf5));
    p.setColor(QPalette::LinkVisited, QColor(0xa9, 0x8b, 0xf0));
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, muted);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x52));
    return p;
}

} // namespace hawkmoth
