#pragma once
// Screenshots of widgets under test, one helper for every test: grabbed always (a grab that fails
// is a failure), written as PNG files only when HAWKMOTH_SCREENSHOT_DIR names a folder, for people
// to look at (scripts/screenshots.sh makes the set in docs/).

#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QWidget>

namespace hawkmoth::test {

inline bool grabWidget(QWidget &widget, const QString &name)
{
    widget.show();
    widget.ensurePolished();
    const QPixmap shot = widget.grab();
    if (shot.isNull())
        return false;
    const QString dir = qEnvironmentVariable("HAWKMOTH_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return true;
    QDir().mkpath(dir);
    return shot.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace hawkmoth::test
