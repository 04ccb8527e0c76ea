#pragma once
// The application's colours, chosen in the View menu: the system's (the platform theme's
// palette, or a dark one when GTK_THEME asks for it), or Fusion in light or dark. Every widget
// takes its colours from the palette, so switching restyles the open window at once.

#include <QObject>
#include <QPalette>

namespace hawkmoth {

class AppTheme : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        System,
        Light,
        Dark,
    };

    // Remembers the style and palette the application started with, for Mode::System.
    explicit AppTheme(QObject *parent = nullptr);

    void apply(Mode mode);
    Mode mode() const { return m_mode; }

    // "system", "light", "dark"; anything else reads as System.
    static Mode parse(const QString &name);
    static QString name(Mode mode);
    static QPalette darkPalette();
    // Whether the desktop asked for dark colours where Qt 6.4 cannot tell (GNOME's GTK_THEME).
    static bool systemPrefersDark();

private:
    void setStyleAndPalette(const QString &style, const QPalette &palette);

    QString m_startStyle;
    QPalette m_startPalette;
    Mode m_mode = Mode::System;
};

} // namespace hawkmoth
