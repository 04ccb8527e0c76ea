#pragma once
// The application's colours, chosen in the View menu: the system's (the platform theme's
// palette, or a dark one when the desktop prefers dark), followed while the window runs, or
// Fusion in light or dark. Every widget takes its colours from the palette, so switching
// restyles the open window at once.

#include <QObject>
#include <QPalette>

#include <functional>

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

    // Whether the desktop prefers dark colours; asked with the platform's own palette in place.
    using DarkQuestion = std::function<bool()>;

    // Remembers the style the application started with, for Mode::System, and watches the
    // desktop's theme changes (an event filter on the application).
    explicit AppTheme(QObject *parent = nullptr);

    void apply(Mode mode);
    Mode mode() const { return m_mode; }
    // Replaces systemPrefersDark (tests flip it, then deliver QEvent::ThemeChange).
    void setDarkQuestion(DarkQuestion question) { m_prefersDark = std::move(question); }

    // "system", "light", "dark"; anything else reads as System.
    static Mode parse(const QString &name);
    static QString name(Mode mode);
    static QPalette darkPalette();
    // Whether the desktop asked for dark colours: GNOME's GTK_THEME (which Qt 6.4 cannot read
    // otherwise), or a dark window colour in the platform's palette, the application's own
    // while no palette is set on it.
    static bool systemPrefersDark();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void followSystem();
    void setStyleAndPalette(const QString &style, const QPalette &palette);

    QString m_startStyle;
    Mode m_mode = Mode::System;
    DarkQuestion m_prefersDark = &AppTheme::systemPrefersDark;
    bool m_followQueued = false;
};

} // namespace hawkmoth
