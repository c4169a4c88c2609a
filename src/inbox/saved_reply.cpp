#include "inbox/saved_reply.hpp"

#include <algorithm>

#include "core/languages.hpp"
#include "core/text.hpp"
#include "inbox/categories.hpp"

namespace belfry::inbox {

namespace {

constexpr std::string_view kKnown = "use {citizen_name}, {citizen_handle}, {link} or {channel}";

std::size_t CodePoints(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

const std::string* ValueOf(std::string_view name, const ReplyVariables& vars) {
    if (name == "citizen_name") return vars.citizen_name.empty() ? &vars.citizen_handle : &vars.citizen_name;
    if (name == "citizen_handle") return &vars.citizen_handle;
    if (name == "link") return &vars.link;
    if (name == "channel") return &vars.channel;
    return nullptr;
}

}  // namespace

const SavedReplyVariant* PickVariant(const SavedReply& r, std::string_view language,
                                     const std::vector<std::string>& fallbacks) {
    auto in = [&](std::string_view l) -> const SavedReplyVariant* {
        auto it = std::find_if(r.variants.begin(), r.variants.end(),
                               [&](const SavedReplyVariant& v) { return v.language == l; });
        return it == r.variants.end() ? nullptr : &*it;
    };
    if (const auto* v = in(language)) return v;
    for (const auto& l : fallbacks) {
        if (const auto* v = in(l)) return v;
    }
    return r.variants.empty() ? nullptr : &r.variants.front();
}

core::Result<std::string> RenderReply(std::string_view text, const ReplyVariables& vars) {
    std::string out;
    out.reserve(text.size() + 64);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '}') {
            out += '}';
            if (i + 1 < text.size() && text[i + 1] == '}') ++i;  // "}}" is one literal brace
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const std::size_t close = text.find_first_of("{}", i + 1);
        if (close == std::string_view::npos || text[close] != '}') {
            return core::Error::Invalid("text", "the brace at character " +
                                                    std::to_string(CodePoints(text.substr(0, i)) + 1) +
                                                    " is not closed: write a variable as {link} (" +
                                                    std::string(kKnown) + ") or a literal brace as {{");
        }
        const std::string_view name = text.substr(i + 1, close - i - 1);
        const std::string* value = ValueOf(name, vars);
        if (value == nullptr) {
            return core::Error::Invalid("text", "unknown variable {" + std::string(name) + "}: " + std::string(kKnown) +
                                                    " (a literal brace is written {{ or }})");
        }
        out += *value;
        i = close;
    }
    return out;
}

core::Status ValidateSavedReply(const SavedReply& r) {
    using core::Error;
    if (core::Trim(r.name).empty()) return Error::Invalid("name", "give the saved reply a name");
    if (CodePoints(r.name) > kSavedReplyNameMax) {
        return Error::Invalid("name", "a saved reply's name is at most 120 characters");
    }
    if (!r.category.empty() && !IsCategoryKey(r.category)) {
        return Error::Invalid("category", "a category is 1 to 40 characters among a-z, 0-9, '_' and '-'");
    }
    if (!r.link.empty() &&
        (r.link.size() > 2000 || !(core::StartsWith(r.link, "https://") || core::StartsWith(r.link, "http://")))) {
        return Error::Invalid("link", "the link is a web address starting with https:// (at most 2000 characters)");
    }
    if (r.variants.empty()) return Error::Invalid("variants", "write the reply in at least one language");
    if (r.variants.size() > kSavedReplyVariantsMax) {
        return Error::Invalid("variants", "one variant per language: fr, nl, de and en at most");
    }
    const ReplyVariables probe{"name", "handle", "link", "channel"};
    for (std::size_t i = 0; i < r.variants.size(); ++i) {
        const auto& v = r.variants[i];
        const std::string at = "variants[" + std::to_string(i) + "]";
        if (!core::IsLanguage(v.language)) {
            return Error::Invalid(at + ".language", "unknown language '" + v.language + "': use fr, nl, de or en");
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (r.variants[j].language == v.language) {
                return Error::Invalid(at + ".language",
                                      "there is already a variant in '" + v.language + "': one variant per language");
            }
        }
        if (core::Trim(v.text).empty()) return Error::Invalid(at + ".text", "write the reply's text in " + v.language);
        if (CodePoints(v.text) > kSavedReplyTextMax) {
            return Error::Invalid(at + ".text", "a reply is at most 5000 characters");
        }
        auto rendered = RenderReply(v.text, probe);
        if (!rendered.ok()) return Error::Invalid(at + ".text", rendered.error().message);
    }
    return core::Ok();
}

}  // namespace belfry::inbox
