// Folding text for matching words regardless of case and accents (ICU). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace belfry::core {

// Case-folded, accents removed (NFD without combining marks), every run of characters that are
// neither letters nor digits turned into one space, trimmed: "Ministre Dupont-Évrard !" →
// "ministre dupont evrard". Invalid UTF-8 is read with replacement characters.
std::string FoldForMatch(std::string_view utf8);

// The folded words of `utf8`.
std::vector<std::string> FoldedWords(std::string_view utf8);

// True when every word of `phrase` appears in `text`, consecutively and as whole words (both
// folded): "ministre dupont" is in "Le ministre Dupont a dit", "mini" is not.
bool ContainsPhrase(std::string_view folded_text, std::string_view folded_phrase);

}  // namespace belfry::core
