#include "workflow/policy.hpp"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <set>

#include "core/fold.hpp"
#include "core/languages.hpp"
#include "core/text.hpp"

namespace belfry::workflow {

namespace {

std::string Join(const std::vector<std::string>& items, std::string_view sep = ", ") {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

bool Blank(std::string_view s) { return core::Trim(s).empty(); }

// Every match of `pattern` (ICU regex) in `utf8`, as UTF-8, capture group `group`.
std::vector<std::string> FindAll(const char* pattern, std::string_view utf8, int group) {
    std::vector<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    const auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::RegexMatcher matcher(icu::UnicodeString::fromUTF8(pattern), text, 0, status);
    if (U_FAILURE(status)) return out;
    while (matcher.find(status) && U_SUCCESS(status)) {
        std::string s;
        matcher.group(group, status).toUTF8String(s);
        out.push_back(std::move(s));
    }
    return out;
}

// Words of the hashtag's body, split where the folded words of the text say, with each word's
// first letter upper-cased: "reisadviesbrazilië" with the text's words "reisadvies brazilie" →
// "ReisadviesBrazilië". Empty when no run of two or more consecutive words of the text spells it.
std::string CamelCaseFromText(const std::string& tag, const std::vector<std::string>& words) {
    const std::string folded_tag = core::FoldForMatch(tag);
    if (folded_tag.find(' ') != std::string::npos) return {};
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string joined;
        std::vector<std::size_t> lengths;  // folded word lengths, in code points
        for (std::size_t j = i; j < words.size() && joined.size() < folded_tag.size(); ++j) {
            joined += words[j];
            lengths.push_back(static_cast<std::size_t>(icu::UnicodeString::fromUTF8(words[j]).countChar32()));
            if (joined == folded_tag && lengths.size() >= 2) {
                // Walk the original tag: a word starts after the sum of the previous folded lengths.
                const auto original = icu::UnicodeString::fromUTF8(tag);
                icu::UnicodeString out;
                std::size_t word = 0;
                std::size_t consumed = 0;  // folded code points so far
                std::size_t boundary = 0;  // where the current word starts
                for (int32_t k = 0; k < original.length(); k = original.moveIndex32(k, 1)) {
                    const UChar32 c = original.char32At(k);
                    out.append(consumed == boundary ? u_toupper(c) : c);
                    std::string one;
                    icu::UnicodeString(c).toUTF8String(one);
                    consumed +=
                        static_cast<std::size_t>(icu::UnicodeString::fromUTF8(core::FoldForMatch(one)).countChar32());
                    if (word < lengths.size() && consumed >= boundary + lengths[word]) {
                        boundary += lengths[word];
                        ++word;
                    }
                }
                std::string result;
                out.toUTF8String(result);
                return result;
            }
        }
    }
    return {};
}

bool HasUpper(const std::string& utf8) {
    const auto s = icu::UnicodeString::fromUTF8(utf8);
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
        if (u_isupper(s.char32At(i))) return true;
    }
    return false;
}

constexpr const char* kClickHere[] = {"click here", "cliquez ici",      "cliquer ici",
                                      "klik hier",  "klicken sie hier", "hier klicken"};

class Evaluator {
  public:
    Evaluator(const Policy& policy, const PostDraft& draft) : policy_(policy), draft_(draft) {
        for (const auto& [lang, text] : draft.variants) {
            if (Blank(text)) continue;
            languages_.push_back(lang);
            folded_[lang] = core::FoldForMatch(text);
        }
    }

    Evaluation Run() {
        Attestation();
        LanguageParity();
        StaleVariants();
        SensitiveSubjects();
        Neutrality();
        AltText();
        Hashtags();
        Links();
        Evaluation e;
        e.peer_reviews = policy_.peer_reviews;
        for (const auto& f : findings_) {
            if (f.effect == Effect::kBlocks) e.blocked = true;
            if (f.effect == Effect::kNeedsSpokesperson) e.needs_spokesperson = true;
        }
        e.findings = std::move(findings_);
        return e;
    }

  private:
    long long SetBy(const std::string& rule) const {
        auto it = policy_.set_by.find(rule);
        return it == policy_.set_by.end() ? 0 : it->second;
    }
    void Add(std::string rule, Effect effect, std::vector<std::string> matched, std::string message,
             std::string unblock, const std::string& setting = "") {
        findings_.push_back({std::move(rule), effect, std::move(matched), std::move(message), std::move(unblock),
                             setting.empty() ? 0 : SetBy(setting)});
    }
    // The configured phrases found in any language, as configured (not folded).
    std::vector<std::string> Matches(const std::vector<std::string>& phrases) const {
        std::vector<std::string> found;
        for (const auto& phrase : phrases) {
            const std::string folded = core::FoldForMatch(phrase);
            for (const auto& [lang, text] : folded_) {
                if (core::ContainsPhrase(text, folded)) {
                    found.push_back(phrase);
                    break;
                }
            }
        }
        return found;
    }

    void Attestation() {
        if (!policy_.require_attestation || draft_.attested) return;
        Add("attestation", Effect::kBlocks, {},
            "Confirm that everything in this post could be said on the record to the press; it cannot be "
            "submitted without that confirmation.",
            "author", "require_attestation");
    }

    void LanguageParity() {
        // language → who requires it (the organisation's policy, channels by name)
        std::map<std::string, std::vector<std::string>> required;
        for (const auto& l : policy_.required_languages) required[l].emplace_back("the organisation's policy");
        if (policy_.channel_language_parity) {
            for (const auto& [channel, langs] : draft_.channel_languages) {
                for (const auto& l : langs) required[l].push_back(channel);
            }
        }
        std::vector<std::string> missing;
        std::set<std::string> why;
        for (const auto& [lang, by] : required) {
            if (std::find(languages_.begin(), languages_.end(), lang) != languages_.end()) continue;
            missing.push_back(lang);
            why.insert(by.begin(), by.end());
        }
        if (missing.empty()) return;
        missing = core::CanonicalLanguages(missing);
        Add("language_parity", Effect::kBlocks, missing,
            "Write the " + Join(missing) + " version" + (missing.size() > 1 ? "s" : "") + ": required by " +
                Join({why.begin(), why.end()}) + ".",
            "author", "required_languages");
    }

    void StaleVariants() {
        std::vector<std::string> stale;
        std::vector<std::string> newer;
        for (const auto& lang : languages_) {
            auto mine = draft_.variant_updated_at.find(lang);
            if (mine == draft_.variant_updated_at.end()) continue;
            for (const auto& other : languages_) {
                auto theirs = draft_.variant_updated_at.find(other);
                if (other == lang || theirs == draft_.variant_updated_at.end()) continue;
                // Stale: the other language already existed when this one was last written, and
                // changed after it (a translation written after its original is not stale).
                auto born = draft_.variant_created_at.find(other);
                const core::Millis other_created = born == draft_.variant_created_at.end() ? 0 : born->second;
                if (theirs->second > mine->second && other_created <= mine->second) {
                    stale.push_back(lang);
                    newer.push_back(other);
                    break;
                }
            }
        }
        if (stale.empty()) return;
        std::sort(newer.begin(), newer.end());
        newer.erase(std::unique(newer.begin(), newer.end()), newer.end());
        Add("stale_variant", Effect::kAdvice, stale,
            "The " + Join(stale) + " version was last changed before the " + Join(newer) +
                " version: check that it still says the same thing.",
            "author");
    }

    void SensitiveSubjects() {
        std::vector<std::string> matched = Matches(policy_.sensitive_keywords);
        for (const auto& name : Matches(draft_.minister_names)) matched.push_back(name);
        for (const auto& tag : draft_.tags) {
            for (const auto& sensitive : policy_.sensitive_tags) {
                if (core::FoldForMatch(tag) == core::FoldForMatch(sensitive)) matched.push_back("#" + tag);
            }
        }
        const bool type = std::find(policy_.sensitive_content_types.begin(), policy_.sensitive_content_types.end(),
                                    draft_.content_type) != policy_.sensitive_content_types.end();
        if (type) matched.insert(matched.begin(), "content type: " + draft_.content_type);
        if (matched.empty()) return;
        Add("sensitive_subject", Effect::kNeedsSpokesperson, matched,
            "Sensitive subject (" + Join(matched) + "): the spokesperson must approve this post as well.",
            "spokesperson", "sensitive_keywords");
    }

    void Neutrality() {
        const auto matched = Matches(policy_.neutrality_terms);
        if (matched.empty()) return;
        for (const auto& period : policy_.election_periods) {
            if (draft_.now >= period.from && draft_.now < period.until) {
                Add("neutrality", Effect::kNeedsSpokesperson, matched,
                    "During the election period \"" + period.name + "\" a post naming " + Join(matched) +
                        " needs the spokesperson's approval: official channels stay neutral.",
                    "spokesperson", "neutrality_terms");
                return;
            }
        }
        Add("neutrality", Effect::kAdvice, matched,
            "The post names " + Join(matched) + ": official channels stay neutral; check the wording.", "author",
            "neutrality_terms");
    }

    void AltText() {
        std::vector<std::string> missing;
        for (const auto& image : draft_.images) {
            for (const auto& lang : languages_) {
                auto it = image.alt.find(lang);
                if (it == image.alt.end() || Blank(it->second)) missing.push_back(image.label + " (" + lang + ")");
            }
        }
        if (missing.empty()) return;
        Add("alt_text", Effect::kBlocks, missing,
            "Describe every image in every language of the post for people who cannot see it; missing: " +
                Join(missing) + ".",
            "author");
    }

    void Hashtags() {
        std::set<std::string> seen;
        for (const auto& [lang, text] : draft_.variants) {
            const auto words = core::FoldedWords(text);
            for (const auto& tag : FindAll("#([\\p{L}\\p{N}_]+)", text, 1)) {
                if (HasUpper(tag) || !seen.insert(tag).second) continue;
                const std::string camel = CamelCaseFromText(tag, words);
                if (!camel.empty()) {
                    std::string message = "Write #";
                    message.append(camel).append(" instead of #").append(tag);
                    message += ": capitals at each word let screen readers read the words.";
                    Add("hashtag_case", Effect::kAdvice, {"#" + tag}, std::move(message), "author");
                } else if (icu::UnicodeString::fromUTF8(tag).countChar32() >= 20) {
                    Add("hashtag_case", Effect::kAdvice, {"#" + tag},
                        "If #" + tag + " joins several words, capitalise each word so screen readers can read it.",
                        "author");
                }
            }
        }
    }

    void Links() {
        for (const auto& [lang, text] : draft_.variants) {
            if (Blank(text)) continue;
            const auto urls = FindAll("https?://\\S+", text, 0);
            if (urls.empty()) continue;
            std::string rest = text;
            for (const auto& u : urls) rest.erase(rest.find(u), u.size());
            if (core::FoldForMatch(rest).empty()) {
                Add("link_text", Effect::kBlocks, {lang},
                    "The " + lang + " version is only a link: say in words where it leads.", "author");
                continue;
            }
            const std::string& folded = folded_[lang];
            for (const char* phrase : kClickHere) {
                if (core::ContainsPhrase(folded, phrase)) {
                    Add("link_text", Effect::kAdvice, {phrase},
                        "Say where the link leads instead of \"" + std::string(phrase) + "\" (" + lang + ").",
                        "author");
                }
            }
        }
    }

    const Policy& policy_;
    const PostDraft& draft_;
    std::vector<std::string> languages_;         // non-empty variants, in the map's order
    std::map<std::string, std::string> folded_;  // language → folded text
    std::vector<Finding> findings_;
};

}  // namespace

std::string_view EffectName(Effect effect) {
    switch (effect) {
        case Effect::kBlocks:
            return "blocks";
        case Effect::kNeedsSpokesperson:
            return "needs_spokesperson";
        case Effect::kAdvice:
            return "advice";
    }
    return "advice";
}

std::vector<std::string> ValidateSettings(const PolicySettings& s) {
    std::vector<std::string> problems;
    if (s.peer_reviews && (*s.peer_reviews < 0 || *s.peer_reviews > 2)) {
        problems.emplace_back("peer_reviews: must be 0, 1 or 2 (got " + std::to_string(*s.peer_reviews) + ")");
    }
    auto words = [&](const char* field, const std::optional<std::vector<std::string>>& list) {
        if (!list) return;
        for (const auto& w : *list) {
            if (core::FoldForMatch(w).empty()) {
                problems.emplace_back(std::string(field) + ": \"" + w +
                                      "\" has no letters or digits; remove it or write the word");
            }
        }
    };
    words("sensitive_keywords", s.sensitive_keywords);
    words("sensitive_tags", s.sensitive_tags);
    words("neutrality_terms", s.neutrality_terms);
    if (s.required_languages) {
        for (const auto& l : *s.required_languages) {
            if (!core::IsLanguage(l)) {
                problems.emplace_back("required_languages: \"" + l + "\" is not one of fr, nl, de, en");
            }
        }
    }
    if (s.election_periods) {
        for (const auto& p : *s.election_periods) {
            if (Blank(p.name)) problems.emplace_back("election_periods: every period needs a name");
            if (p.until <= p.from) {
                problems.emplace_back("election_periods: \"" + p.name +
                                      "\" ends before it starts; set until after from");
            }
        }
    }
    return problems;
}

Policy Resolve(const std::vector<PolicySettings>& chain) {
    Policy p;
    for (const auto& s : chain) {
        auto take = [&](const char* rule, const auto& field, auto& target) {
            if (!field) return;
            target = *field;
            p.set_by[rule] = s.organisation_id;
        };
        take("peer_reviews", s.peer_reviews, p.peer_reviews);
        take("sensitive_keywords", s.sensitive_keywords, p.sensitive_keywords);
        take("sensitive_tags", s.sensitive_tags, p.sensitive_tags);
        take("sensitive_content_types", s.sensitive_content_types, p.sensitive_content_types);
        take("require_attestation", s.require_attestation, p.require_attestation);
        take("required_languages", s.required_languages, p.required_languages);
        take("channel_language_parity", s.channel_language_parity, p.channel_language_parity);
        take("neutrality_terms", s.neutrality_terms, p.neutrality_terms);
        take("election_periods", s.election_periods, p.election_periods);
    }
    return p;
}

Evaluation Evaluate(const Policy& policy, const PostDraft& draft) { return Evaluator(policy, draft).Run(); }

}  // namespace belfry::workflow
