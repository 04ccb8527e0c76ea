#pragma once
// The index database's schema as the scripts that build it, one per version: a database at
// version N runs scripts N, N+1, ... to the last. Released scripts are never edited, only appended.

#include <span>

namespace hawkmoth {

std::span<const char *const> schemaMigrations();

} // namespace hawkmoth
