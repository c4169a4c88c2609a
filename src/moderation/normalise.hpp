// The moderation normaliser: turns a citizen's text into the canonical form the lexicon is matched
// on, undoing the usual disguises. Pure, thread-safe, and fast (it is on the hot path of every
// inbound item): one pass over the bytes, a precomputed table for the scripts that matter, ICU only
// to build that table and for the rare characters outside it. See docs/design/moderation.md.
#pragma once

#include <string>
#include <string_view>

namespace belfry::moderation {

struct Normalised {
    // Words separated by single spaces, with one space before the first and after the last word
    // (" word word "), so whole-word patterns are " term ". Empty input gives " ".
    std::string text;
    bool invisible = false;   // zero-width or bidirectional control characters were present
    bool confusable = false;  // letters of another script were folded to their Latin look-alikes
    bool leet = false;        // digits or symbols inside words were read as letters
    bool separated = false;   // single letters separated by spaces or punctuation were joined
};

// The rules, in order (each one documented in docs/design/moderation.md):
//  1. NFKC, case folding, accents removed (marks dropped after decomposition): "ÉCOLE" → "ecole",
//     "ｃｏｎ" (full width) → "con", "𝐜𝐨𝐧" (mathematical bold) → "con", "ß" → "s" (rule 5), "œ" → "oe".
//  2. Zero-width and bidi controls (every default-ignorable code point) removed without splitting
//     the word: "con\u200Bnard" → "conard" (rule 5); `invisible` is set.
//  3. Cyrillic and Greek look-alikes folded to Latin: "соnаrd" (Cyrillic о, а) → "conard".
//  4. Leetspeak inside words: 0→o 1→i 2→z 3→e 4→a 5→s 6→g 7→t 8→b 9→g @→a $→s €→e !→i |→l, and
//     "*" kept as a masked letter ("f*ck"), only where a letter follows in the same word; digits
//     after the last letter are split off ("idiot2000" → "idiot 2000"); words without letters stay
//     as they are ("0475", "2024").
//  5. Repeated letters: a consonant counts once ("connnnard", "connard" → "conard"); a vowel
//     counts once when repeated three times or more ("noooon" → "non") and twice when doubled
//     ("kaas", "negeer" are kept: Dutch vowels). Lexicon terms go through the same rule, so they
//     compile to plain literals, which keeps the matcher fast.
//  6. Three or more single letters in a row joined: "c.o.n.a.r.d", "k u t" → "conard", "kut".
//  7. Everything that is not a letter or digit separates words.
// Invalid UTF-8 is read as separators.
void Normalise(std::string_view utf8, Normalised& out);  // reuses out.text's buffer
Normalised Normalise(std::string_view utf8);

}  // namespace belfry::moderation
