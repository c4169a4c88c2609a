// The interface and content languages belfry supports: fr, nl, de, en (in that order).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace belfry::core {

inline constexpr std::array<std::string_view, 4> kLanguages{"fr", "nl", "de", "en"};

inline bool IsLanguage(std::string_view code) {
    for (auto l : kLanguages) {
        if (l == code) return true;
    }
    return false;
}

// Orders and de-duplicates language codes in the canonical order; unknown codes are dropped.
inline std::vector<std::string> CanonicalLanguages(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (auto l : kLanguages) {
        for (const auto& x : in) {
            if (x == l) {
                out.emplace_back(l);
                break;
            }
        }
    }
    return out;
}

}  // namespace belfry::core
