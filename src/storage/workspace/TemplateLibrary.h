#pragma once
// Project templates (empty, python, web) shipped in resources/templates and compiled in as Qt
// resources; instantiating one writes its files into a new workspace folder.

#include "Result.h"

#include <QStringList>

namespace hawkmoth {

class TemplateLibrary
{
public:
    static QStringList names();
    static bool exists(const QString &name);
    // Writes the template's files below folder; returns their relative paths.
    static Result<QStringList> instantiate(const QString &name, const QString &folder);
};

} // namespace hawkmoth
