#pragma once
// The rules for workspace names, shared by every entry point.

#include "Result.h"

namespace hawkmoth {

class WorkspaceName
{
public:
    static constexpr int maxLength = 64;
    // 1-64 characters of A-Z a-z 0-9 . _ -, not starting with '.' or '-'.
    static Status validate(const QString &name);
    // Names are unique ignoring case: "Demo" and "demo" are the same workspace.
    static bool same(const QString &a, const QString &b);
};

} // namespace hawkmoth
