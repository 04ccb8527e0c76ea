#pragma once
// What the centre of the window shows while no file is open: how to begin.

#include <QWidget>

namespace hawkmoth {

class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);
};

} // namespace hawkmoth
