// Small text utilities shared by every subsystem. All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace belfry::core {

// ASCII-only lower-casing (bytes >= 0x80 are kept as they are).
std::string AsciiLower(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
// On failure, *bad_offset (if given) receives the byte offset of the first bad sequence.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

// `s` with every ill-formed sequence replaced by U+FFFD (each maximal bad run counts once); `s`
// itself when it is well-formed. NUL bytes are kept (they are valid UTF-8).
std::string RepairUtf8(std::string_view s);

std::string_view Trim(std::string_view s);

// The parts with `sep` between them.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

std::vector<std::string> Split(std::string_view s, char sep);

bool StartsWith(std::string_view s, std::string_view prefix);
bool IEquals(std::string_view a, std::string_view b);

// Lowercase hex of bytes.
std::string HexEncode(std::string_view bytes);

}  // namespace belfry::core
