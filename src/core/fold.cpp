#include "core/fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace belfry::core {

std::string FoldForMatch(std::string_view utf8) {
    auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    text.foldCase();
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_SUCCESS(status)) {
        icu::UnicodeString decomposed = nfd->normalize(text, status);
        if (U_SUCCESS(status)) text = decomposed;
    }
    icu::UnicodeString out;
    bool pending_space = false;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
        const UChar32 c = text.char32At(i);
        if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
        if (u_isalnum(c)) {
            if (pending_space && !out.isEmpty()) out.append(static_cast<UChar>(' '));
            pending_space = false;
            out.append(c);
        } else {
            pending_space = true;
        }
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

std::vector<std::string> FoldedWords(std::string_view utf8) {
    std::vector<std::string> words;
    const std::string folded = FoldForMatch(utf8);
    std::size_t start = 0;
    while (start < folded.size()) {
        std::size_t end = folded.find(' ', start);
        if (end == std::string::npos) end = folded.size();
        words.emplace_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

bool ContainsPhrase(std::string_view folded_text, std::string_view folded_phrase) {
    if (folded_phrase.empty()) return false;
    std::size_t pos = 0;
    while ((pos = folded_text.find(folded_phrase, pos)) != std::string_view::npos) {
        const bool starts = pos == 0 || folded_text[pos - 1] == ' ';
        const std::size_t end = pos + folded_phrase.size();
        const bool ends = end == folded_text.size() || folded_text[end] == ' ';
        if (starts && ends) return true;
        ++pos;
    }
    return false;
}

}  // namespace belfry::core
