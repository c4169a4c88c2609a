// What netsim's citizens say: templates per language and kind, the words that fill them, the
// people who write them, and the disguises offensive words get. Written for netsim (not taken from
// any data set); realistic enough for an inbox and a moderation engine to be tested on.
//
// Contract (pure data and pure functions; thread-safe)
// - Languages: "fr", "nl", "de", "en". Kinds and the moderation label each one carries:
//     question, praise, complaint, followup_thanks, followup_more  → ok
//     spam → spam; personal_data → personal_data; insult → insult; threat → violence;
//     racism → racism; discrimination → discrimination; hostile (HTML, <script>, right-to-left
//     override in the text) → ok; long (a text as long as the network allows) → ok
// - A template holds slots in braces ({topic}, {form}, {service}, {country}, {city}, {action},
//   {name}, {phone}, {email}, {nrn}, {iban}, {link}) and marks the words a disguise may apply to
//   with '*' ("bande d'*incompétents*"). Fill() replaces the slots; Disguise() rewrites the marked
//   words or, with kNone, only removes the marks.
// - Personal data is fake but valid: a Belgian national register number whose last two digits are
//   97 − (first nine digits mod 97) (with a leading 2 for people born from 2000), a Belgian IBAN
//   whose check digits satisfy ISO 13616 (mod 97 = 1) and whose account number carries its own
//   mod-97 check, a Belgian mobile number, an e-mail address made from the writer's name.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace belfry::netsim::citizens {

using Rng = std::mt19937_64;

inline const std::vector<std::string>& Languages() {
    static const std::vector<std::string> kLanguages{"fr", "nl", "de", "en"};
    return kLanguages;
}

// The kinds a new message can be (follow-ups and "long" are chosen by the engine, not drawn here).
const std::vector<std::string>& MessageKinds();
// The moderation label of a kind ("ok", "insult", "violence", …).
std::string LabelOf(std::string_view kind);
// Whether a kind's marked words may be disguised.
bool Disguisable(std::string_view kind);

struct Persona {
    std::string name;      // display name, verbatim (some are hostile: HTML, right-to-left override)
    std::string language;  // the language they usually write in
    std::string mastodon;  // username: letters, digits, _
    std::string bluesky;   // handle: "lea-dupont.bsky.social"
    std::string first;     // for e-mail addresses and greetings
    std::string last;
};
const std::vector<Persona>& Personas();

// A template of `kind` in `language`, drawn with `rng`.
std::string PickTemplate(Rng& rng, std::string_view language, std::string_view kind);
// Replaces every slot with a word of `language` (drawn with `rng`) or the persona's data.
std::string Fill(Rng& rng, std::string_view text, std::string_view language, const Persona& persona);

enum class DisguiseKind { kNone, kLeet, kRepeat, kSpaced, kCyrillic, kZeroWidth, kMixedCase };
std::string_view DisguiseName(DisguiseKind kind);
// Rewrites the words between '*' marks (and removes the marks).
std::string Disguise(std::string_view text, DisguiseKind kind, Rng& rng);

// Hostile input: HTML and <script>, right-to-left override, in `language`.
std::string Hostile(Rng& rng, std::string_view language, const Persona& persona);
// A text of at most `max_graphemes` (and more than 80 % of it) made of complaints and questions.
std::string Long(Rng& rng, std::string_view language, const Persona& persona, long max_graphemes);

// Fake personal data, valid by their checksums.
std::string NationalRegisterNumber(Rng& rng, bool formatted);
std::string BelgianIban(Rng& rng, bool grouped);
std::string BelgianMobile(Rng& rng);
std::string Email(Rng& rng, const Persona& persona);
// Checks, for tests: digits only, separators ignored.
bool ValidNationalRegisterNumber(std::string_view text);
bool ValidIban(std::string_view text);

}  // namespace belfry::netsim::citizens
