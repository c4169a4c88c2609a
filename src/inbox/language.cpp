#include "inbox/language.hpp"

#include <cld2/internal/lang_script.h>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"

namespace belfry::inbox {

namespace {

constexpr std::string_view kUnknown = "und";

std::string CodeOf(CLD2::Language lang) {
    if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return std::string(kUnknown);
    std::string code = CLD2::LanguageCode(lang);
    // CLD2 names a few languages by longer codes ("zh-Hant", "xx-Qaai"); keep two-letter codes only.
    if (code.size() != 2) return std::string(kUnknown);
    return code;
}

// "fr-BE", "FR", "fr_be" → "fr"; "" for anything that is not a two-letter code.
std::string NormaliseHint(std::string_view hint) {
    if (hint.size() < 2) return "";
    std::string out = core::AsciiLower(std::string(hint.substr(0, 2)));
    if (out[0] < 'a' || out[0] > 'z' || out[1] < 'a' || out[1] > 'z') return "";
    if (hint.size() > 2 && hint[2] != '-' && hint[2] != '_') return "";
    return out;
}

}  // namespace

std::string DetectLanguage(std::string_view text, std::string_view network_hint) {
    std::string hint = NormaliseHint(network_hint);
    const CLD2::Language hint_lang = hint.empty() ? CLD2::UNKNOWN_LANGUAGE : CLD2::GetLanguageFromName(hint.c_str());
    CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, hint_lang};
    std::array<CLD2::Language, 3> top{};
    std::array<int, 3> percent{};
    std::array<double, 3> scores{};
    int text_bytes = 0;
    bool reliable = false;
    int valid_prefix = 0;
    // Invalid UTF-8 stops the scan at the first bad byte: the valid prefix is what is judged.
    const auto lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text.data(), static_cast<int>(std::min<std::size_t>(text.size(), 1 << 20)), true, &hints, 0, top.data(),
        percent.data(), scores.data(), nullptr, &text_bytes, &reliable, &valid_prefix);
    std::string detected = CodeOf(lang);
    if (reliable && detected != kUnknown) return detected;
    if (!hint.empty()) {
        if (detected == kUnknown) return hint;
        for (auto l : top) {
            if (CodeOf(l) == hint) return hint;
        }
    }
    return detected;
}

}  // namespace belfry::inbox
