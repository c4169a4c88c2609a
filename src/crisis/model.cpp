#include "crisis/model.hpp"

#include <algorithm>
#include <initializer_list>

#include "core/languages.hpp"
#include "core/text.hpp"

namespace belfry::crisis {

using core::Error;
using core::FieldError;

namespace {

// Joins the parts into one string (one allocation).
std::string Cat(std::initializer_list<std::string_view> parts) {
    std::size_t n = 0;
    for (auto p : parts) n += p.size();
    std::string out;
    out.reserve(n);
    for (auto p : parts) out.append(p);
    return out;
}

std::string PlaceholderList() {
    std::string out;
    for (std::size_t i = 0; i < std::size(kFieldNames); ++i) {
        if (i > 0) out += i + 1 == std::size(kFieldNames) ? " or " : ", ";
        out += "{" + std::string(kFieldNames[i]) + "}";
    }
    return out;
}

// The languages of a map of variants: canonical ones first (fr, nl, de, en), then any other.
std::vector<std::string> OrderedLanguages(const std::map<std::string, std::string>& variants) {
    std::vector<std::string> out;
    for (auto lang : core::kLanguages) {
        if (variants.count(std::string(lang)) > 0) out.emplace_back(lang);
    }
    for (const auto& [lang, text] : variants) {
        if (!core::IsLanguage(lang)) out.push_back(lang);
    }
    return out;
}

// One error that lists every problem; `field` of the first is the error's field.
Error Problems(core::ErrorCode code, const std::string& lead, std::vector<FieldError> problems) {
    Error e;
    e.code = code;
    e.field = problems.front().field;
    e.message = lead;
    for (std::size_t i = 0; i < problems.size(); ++i) e.message += (i == 0 ? " " : "; ") + problems[i].message;
    e.details = std::move(problems);
    return e;
}

bool IsHttpUrl(std::string_view v) {
    return (core::StartsWith(v, "https://") || core::StartsWith(v, "http://")) && v.size() > 8 && v.size() <= 2048 &&
           v.find_first_of(" \t\r\n") == std::string_view::npos;
}

std::string Quote(std::string_view s, std::size_t max = 40) {
    std::string out(s.substr(0, max));
    if (s.size() > max) out += "…";
    return out;
}

}  // namespace

bool IsFieldName(std::string_view name) {
    return std::find(std::begin(kFieldNames), std::end(kFieldNames), name) != std::end(kFieldNames);
}

std::vector<std::string> Placeholders(std::string_view text, std::vector<std::string>* problems) {
    std::vector<std::string> out;
    auto problem = [&](std::string message) {
        if (problems != nullptr) problems->push_back(std::move(message));
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '}') {
            problem("a '}' has no opening '{': write placeholders as {event}");
            ++i;
            continue;
        }
        if (c != '{') {
            ++i;
            continue;
        }
        const auto close = text.find('}', i + 1);
        const auto next_open = text.find('{', i + 1);
        if (close == std::string_view::npos || (next_open != std::string_view::npos && next_open < close)) {
            problem("a '{' is not closed: write placeholders as {event}");
            ++i;
            continue;
        }
        const std::string_view name = text.substr(i + 1, close - i - 1);
        if (!IsFieldName(name)) {
            problem("unknown placeholder {" + Quote(name) + "}: use " + PlaceholderList());
        } else if (std::find(out.begin(), out.end(), name) == out.end()) {
            out.emplace_back(name);
        }
        i = close + 1;
    }
    return out;
}

core::Status CheckTemplate(const std::string& name, const std::map<std::string, std::string>& variants) {
    std::vector<FieldError> problems;
    if (core::Trim(name).empty()) {
        problems.push_back({"name", "the name is required: say what the template is for, e.g. 'Consular alert'"});
    } else if (name.size() > kMaxTemplateName) {
        problems.push_back({"name", "the name is too long: at most " + std::to_string(kMaxTemplateName) + " bytes"});
    } else if (!core::IsValidUtf8(name)) {
        problems.push_back({"name", "the name is not valid UTF-8"});
    }
    if (variants.empty()) {
        problems.push_back({"variants", "write the text in at least one language: fr, nl, de or en"});
    }
    const auto languages = OrderedLanguages(variants);
    std::map<std::string, std::vector<std::string>> used;  // language → placeholders
    for (const auto& lang : languages) {
        const std::string field = "variants." + lang;
        const std::string& text = variants.at(lang);
        if (!core::IsLanguage(lang)) {
            problems.push_back({field, "unknown language '" + Quote(lang) + "': use fr, nl, de or en"});
            continue;
        }
        if (core::Trim(text).empty()) {
            problems.push_back({field, "the " + lang + " text is empty: write it, or leave the language out"});
            continue;
        }
        if (text.size() > kMaxTemplateText) {
            problems.push_back(
                {field, "the " + lang + " text is too long: at most " + std::to_string(kMaxTemplateText) + " bytes"});
            continue;
        }
        if (!core::IsValidUtf8(text)) {
            problems.push_back({field, "the " + lang + " text is not valid UTF-8"});
            continue;
        }
        std::vector<std::string> found;
        used[lang] = Placeholders(text, &found);
        for (const auto& p : found) problems.push_back({field, Cat({"the ", lang, " text: ", p})});
    }
    // Every language carries the same information: the same placeholders.
    for (const auto& lang : languages) {
        if (used.count(lang) == 0) continue;
        for (const auto& [other, names] : used) {
            for (const auto& n : names) {
                const auto& mine = used[lang];
                if (std::find(mine.begin(), mine.end(), n) != mine.end()) continue;
                const std::string message = Cat({"the ", lang, " text does not use {", n, "}, which the ", other,
                                                 " text uses: every language must carry the same information"});
                const bool already = std::any_of(problems.begin(), problems.end(),
                                                 [&](const FieldError& p) { return p.message == message; });
                if (!already) problems.push_back({"variants." + lang, message});
            }
        }
    }
    if (problems.empty()) return core::Ok();
    return Problems(core::ErrorCode::kInvalidArgument, "the template cannot be saved:", std::move(problems));
}

core::Result<std::map<std::string, std::string>> FillTemplate(const std::map<std::string, std::string>& variants,
                                                              const Fields& fields) {
    std::vector<FieldError> problems;
    std::set<std::string> reported;
    auto add = [&](const std::string& field, const std::string& message) {
        if (reported.insert(field + "\n" + message).second) problems.push_back({field, message});
    };
    // The values given: known names, languages, sizes, and the link's form.
    auto check_value = [&](const std::string& field, const std::string& name, const std::string& value) {
        const auto v = core::Trim(value);
        if (value.size() > kMaxFieldValue) {
            add(field, field + " is too long: at most " + std::to_string(kMaxFieldValue) + " bytes");
        } else if (!core::IsValidUtf8(value)) {
            add(field, field + " is not valid UTF-8");
        } else if (name == "link" && !v.empty() && !IsHttpUrl(v)) {
            add(field, field + " must be an http(s) URL without spaces, e.g. https://diplomatie.belgium.be/fr");
        }
    };
    for (const auto& [name, value] : fields) {
        if (!IsFieldName(name)) {
            add("fields." + name, "unknown field '" + Quote(name) +
                                      "': the fields are sender, event, area, instructions, until and link");
            continue;
        }
        if (value.all) check_value("fields." + name, name, *value.all);
        for (const auto& [lang, text] : value.per_language) {
            const std::string field = Cat({"fields.", name, ".", lang});
            if (!core::IsLanguage(lang)) {
                add(field, "unknown language '" + Quote(lang) + "' in fields." + name + ": use fr, nl, de or en");
                continue;
            }
            check_value(field, name, text);
        }
    }
    // Every placeholder of every language needs its value.
    std::map<std::string, std::string> out;
    for (const auto& lang : OrderedLanguages(variants)) {
        const std::string& text = variants.at(lang);
        std::string filled;
        std::size_t i = 0;
        while (i < text.size()) {
            const auto open = text.find('{', i);
            if (open == std::string::npos) {
                filled.append(text, i, std::string::npos);
                break;
            }
            const auto close = text.find('}', open + 1);
            if (close == std::string::npos) {
                filled.append(text, i, std::string::npos);
                break;
            }
            const std::string name = text.substr(open + 1, close - open - 1);
            filled.append(text, i, open - i);
            i = close + 1;
            if (!IsFieldName(name)) {
                filled.append(text, open, close - open + 1);
                continue;
            }
            auto it = fields.find(name);
            std::optional<std::string> value;
            bool per_language_only = false;
            if (it != fields.end()) {
                if (auto own = it->second.per_language.find(lang); own != it->second.per_language.end()) {
                    value = own->second;
                } else if (it->second.all) {
                    value = it->second.all;
                } else {
                    per_language_only = !it->second.per_language.empty();
                }
            }
            const auto trimmed = value ? std::string(core::Trim(*value)) : std::string();
            if (trimmed.empty()) {
                if (per_language_only) {
                    add(Cat({"fields.", name, ".", lang}),
                        Cat({name, " is missing in ", lang, ": the ", lang, " text uses {", name, "}; give it in ",
                             lang, " or one text for every language"}));
                } else {
                    add("fields." + name, Cat({name, " is missing: the template uses {", name, "}"}));
                }
                continue;
            }
            filled += trimmed;
        }
        out[lang] = std::move(filled);
    }
    if (!problems.empty()) {
        return Problems(core::ErrorCode::kInvalidArgument,
                        "fill in every field the template uses:", std::move(problems));
    }
    return out;
}

core::Result<std::vector<CloseStep>> PlanClose(const std::vector<PausedRendition>& paused,
                                               const std::vector<Decision>& decisions, core::Millis now) {
    std::set<long long> paused_posts;
    for (const auto& p : paused) paused_posts.insert(p.post_id);
    std::map<long long, const Decision*> by_post;
    std::vector<FieldError> invalid;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const auto& d = decisions[i];
        const std::string at = "decisions[" + std::to_string(i) + "]";
        if (paused_posts.count(d.post_id) == 0) {
            invalid.push_back({at + ".post_id", "post " + std::to_string(d.post_id) +
                                                    " is not waiting in this crisis: leave it out of the decisions"});
            continue;
        }
        if (!by_post.emplace(d.post_id, &d).second) {
            invalid.push_back({at + ".post_id", "post " + std::to_string(d.post_id) + " is listed twice"});
            continue;
        }
        if (d.action != "publish_now" && d.action != "reschedule" && d.action != "cancel") {
            invalid.push_back({at + ".action", at + ".action must be publish_now, reschedule or cancel (got '" +
                                                   Quote(d.action) + "')"});
            continue;
        }
        if (d.action == "reschedule") {
            if (!d.publish_at) {
                invalid.push_back({at + ".publish_at", at + ".publish_at is required with reschedule: a time in the "
                                                            "future (UTC), e.g. 2026-11-23T09:00:00Z"});
            } else if (*d.publish_at <= now) {
                invalid.push_back({at + ".publish_at", at + ".publish_at (" + core::FormatRfc3339(*d.publish_at) +
                                                           ") is not in the future: pick a later time"});
            }
        } else if (d.publish_at) {
            invalid.push_back({at + ".publish_at", at + ".publish_at goes only with the action reschedule"});
        }
    }
    if (!invalid.empty()) {
        return Problems(core::ErrorCode::kInvalidArgument, "the decisions cannot be applied:", std::move(invalid));
    }
    std::vector<FieldError> undecided;
    for (const auto& p : paused) {
        if (p.original_publish_at > now || by_post.count(p.post_id) > 0) continue;
        undecided.push_back({"decisions",
                             "post " + std::to_string(p.post_id) + " on '" + p.channel_name + "' (channel " +
                                 std::to_string(p.channel_id) + ") was due at " +
                                 core::FormatRfc3339(p.original_publish_at) +
                                 ", during the crisis: choose publish_now, reschedule (with a publish_at in the "
                                 "future) or cancel",
                             p.channel_id});
    }
    if (!undecided.empty()) {
        const auto n = undecided.size();
        return Problems(core::ErrorCode::kConflict,
                        std::to_string(n) + (n == 1 ? " rendition was" : " renditions were") +
                            " due while the crisis was open and need a decision for their post before the crisis "
                            "can close:",
                        std::move(undecided));
    }
    std::vector<CloseStep> steps;
    for (const auto& p : paused) {
        CloseStep s;
        s.rendition_id = p.rendition_id;
        s.post_id = p.post_id;
        auto it = by_post.find(p.post_id);
        if (it == by_post.end()) {
            s.state = "restored";
            s.publish_at = p.original_publish_at;
        } else if (it->second->action == "publish_now") {
            s.state = "published_now";
            s.publish_at = now;
        } else if (it->second->action == "reschedule") {
            s.state = "rescheduled";
            s.publish_at = *it->second->publish_at;
        } else {
            s.state = "cancelled";
        }
        steps.push_back(s);
    }
    return steps;
}

std::string PostStatusAfter(const std::map<std::string, long long>& counts) {
    auto count = [&](const char* status) {
        auto it = counts.find(status);
        return it == counts.end() ? 0LL : it->second;
    };
    if (count("paused") > 0) return "paused";
    if (count("scheduled") + count("publishing") + count("unconfirmed") > 0) return "scheduled";
    // A rendition deleted or edited since counts as published: it went out.
    const long long published = count("published") + count("deleting") + count("deleted") + count("editing");
    const long long failed = count("failed");
    if (published == 0 && failed == 0) return "approved";
    if (failed == 0) return "published";
    return published > 0 ? "partially_published" : "failed";
}

std::vector<TimelineEntry> BuildTimeline(const CrisisView& view) {
    const auto& c = view.crisis;
    std::vector<TimelineEntry> out;
    out.push_back({c.opened_at, "opened",
                   "crisis opened for " + view.organisation_name + ": " + c.title + " — " + c.reason,
                   c.opened_by_name});
    for (const auto& p : view.paused) {
        out.push_back({c.opened_at, "paused",
                       "post " + std::to_string(p.post_id) + " paused on '" + p.channel_name + "': it was due at " +
                           core::FormatRfc3339(p.original_publish_at),
                       c.opened_by_name, p.post_id, p.channel_id});
    }
    for (const auto& n : view.not_paused) {
        out.push_back({c.opened_at, "not_paused",
                       "post " + std::to_string(n.post_id) + " was already going out on '" + n.channel_name + "' (" +
                           n.status + "): it could not be stopped",
                       c.opened_by_name, n.post_id, n.channel_id});
    }
    for (const auto& m : view.messages) {
        const auto n = m.renditions.size();
        out.push_back({m.message.sent_at, "message_sent",
                       "'" + m.message.template_name + "' (version " + std::to_string(m.message.template_version) +
                           ") sent to " + std::to_string(n) + (n == 1 ? " channel" : " channels"),
                       m.message.sent_by_name, m.message.post_id});
        for (const auto& r : m.renditions) {
            if (r.published_at) {
                out.push_back({*r.published_at, "rendition_published",
                               "published on '" + r.channel_name + "' (" + r.network + ")" +
                                   (r.remote_url ? ": " + *r.remote_url : std::string()),
                               "", r.post_id, r.channel_id});
            } else if (r.status == "failed") {
                const std::string why = r.explanation.value_or(r.network_message.value_or("no reason given"));
                out.push_back({r.updated_at, "rendition_failed",
                               "failed on '" + r.channel_name + "' (" + r.network + "): " + why, "", r.post_id,
                               r.channel_id});
            }
        }
    }
    if (c.closed_at) {
        std::map<std::string, int> states;
        for (const auto& p : view.paused) ++states[p.state];
        std::string text = "crisis closed";
        std::string sep = ": ";
        for (const auto& [state, n] : states) {
            if (state == "paused") continue;
            text += Cat({sep, std::to_string(n), " ", state});
            sep = ", ";
        }
        out.push_back({*c.closed_at, "closed", text, c.closed_by_name});
    }
    for (const auto& p : view.paused) {
        if (!p.decided_at || p.state == "paused") continue;
        const std::string which = "post " + std::to_string(p.post_id) + " on '" + p.channel_name + "'";
        std::string text;
        if (p.state == "restored") {
            text = which + " is back in its schedule at " + core::FormatRfc3339(p.new_publish_at.value_or(0));
        } else if (p.state == "published_now") {
            text = which + " published at once";
        } else if (p.state == "rescheduled") {
            text = which + " rescheduled to " + core::FormatRfc3339(p.new_publish_at.value_or(0));
        } else {
            text = which + " cancelled: the post keeps its approval and can be scheduled again";
        }
        out.push_back({*p.decided_at, p.state, text, p.decided_by_name, p.post_id, p.channel_id});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
    return out;
}

}  // namespace belfry::crisis
