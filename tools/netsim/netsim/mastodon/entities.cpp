// Mastodon entities as JSON (see internal.hpp).
#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "netsim/ids.hpp"
#include "netsim/mastodon/internal.hpp"
#include "netsim/text.hpp"

namespace belfry::netsim::mastodon {

namespace json = boost::json;

namespace {

json::value OrNull(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

}  // namespace

json::value Error(const std::string& message) { return json::object{{"error", message}}; }

const Account* AccountById(const Data& d, const std::string& id) {
    for (const auto& a : d.accounts) {
        if (a.network == kMastodon && a.id == id) return &a;
    }
    return nullptr;
}

json::object AccountJson(const Data& d, const Account& a, bool credentials) {
    long count = 0;
    core::Millis last = 0;
    for (const auto& [id, s] : d.statuses) {
        if (s.account_id != a.id || s.deleted_at != 0) continue;
        ++count;
        last = std::max(last, s.created_at);
    }
    const std::string profile = d.base_url + "/@" + a.handle;
    json::object o{
        {"id", a.id},
        {"username", a.handle},
        {"acct", a.handle},
        {"display_name", a.display_name.empty() ? a.handle : a.display_name},
        {"locked", false},
        {"bot", false},
        {"discoverable", true},
        {"group", false},
        {"created_at", IsoMillis(a.created_at - a.created_at % core::kDayMs)},  // upstream keeps the day
        {"note", ""},
        {"url", profile},
        {"uri", d.base_url + "/users/" + a.handle},
        {"avatar", d.base_url + "/avatars/original/missing.png"},
        {"avatar_static", d.base_url + "/avatars/original/missing.png"},
        {"header", d.base_url + "/headers/original/missing.png"},
        {"header_static", d.base_url + "/headers/original/missing.png"},
        {"followers_count", 0},
        {"following_count", 0},
        {"statuses_count", count},
        {"last_status_at", last == 0 ? json::value(nullptr) : json::value(IsoMillis(last).substr(0, 10))},
        {"emojis", json::array{}},
        {"fields", json::array{}},
    };
    if (credentials) {
        o["source"] = json::object{{"privacy", "public"}, {"sensitive", false},      {"language", ""},
                                   {"note", ""},          {"fields", json::array{}}, {"follow_requests_count", 0}};
    }
    return o;
}

json::object MediaJson(const Data& d, const Media& m, bool processing) {
    const std::string url = d.base_url + "/system/media_attachments/files/" + m.id + "/original/" + m.file_name;
    json::object meta;
    if (!m.focus.empty()) {
        const auto comma = m.focus.find(',');
        try {
            meta["focus"] =
                json::object{{"x", std::stod(m.focus.substr(0, comma))},
                             {"y", comma == std::string::npos ? 0.0 : std::stod(m.focus.substr(comma + 1))}};
        } catch (const std::exception&) {
        }
    }
    return json::object{
        {"id", m.id},          {"type", m.type},        {"url", processing ? json::value(nullptr) : json::value(url)},
        {"preview_url", url},  {"remote_url", nullptr}, {"preview_remote_url", nullptr},
        {"text_url", nullptr}, {"meta", meta},          {"description", OrNull(m.description)},
        {"blurhash", nullptr},
    };
}

json::object StatusJson(const Data& d, const Status& s, bool with_source) {
    const Account* account = AccountById(d, s.account_id);
    const std::string username = account ? account->handle : "";
    json::array media;
    for (const auto& id : s.media_ids) {
        auto it = d.media.find(id);
        if (it != d.media.end()) media.push_back(MediaJson(d, it->second, false));
    }
    json::array mentions;
    for (const auto& id : s.mention_ids) {
        if (const Account* m = AccountById(d, id)) {
            mentions.push_back(json::object{
                {"id", m->id}, {"username", m->handle}, {"url", d.base_url + "/@" + m->handle}, {"acct", m->handle}});
        }
    }
    const std::string host = LocalHost(d);
    auto mention_url = [&](const MentionSpan& m) -> std::string {
        if (!m.domain.empty() && !core::IEquals(m.domain, host)) return "";
        for (const auto& id : s.mention_ids) {
            const Account* a = AccountById(d, id);
            if (a && core::IEquals(a->handle, m.user)) return d.base_url + "/@" + a->handle;
        }
        return "";
    };
    json::object o{
        {"id", s.id},
        {"created_at", IsoMillis(s.created_at)},
        {"in_reply_to_id", OrNull(s.in_reply_to_id)},
        {"in_reply_to_account_id", OrNull(s.in_reply_to_account_id)},
        {"sensitive", s.sensitive},
        {"spoiler_text", s.spoiler_text},
        {"visibility", s.visibility},
        {"language", OrNull(s.language)},
        {"uri", d.base_url + "/users/" + username + "/statuses/" + s.id},
        {"url", d.base_url + "/@" + username + "/" + s.id},
        {"replies_count", 0},
        {"reblogs_count", 0},
        {"favourites_count", 0},
        {"edited_at", s.edited_at == 0 ? json::value(nullptr) : json::value(IsoMillis(s.edited_at))},
        {"favourited", false},
        {"reblogged", false},
        {"muted", false},
        {"bookmarked", false},
        {"pinned", false},
        {"content", MastodonHtml(s.text, mention_url)},
        {"filtered", json::array{}},
        {"reblog", nullptr},
        {"application", json::object{{"name", "netsim"}, {"website", nullptr}}},
        {"account", account ? json::value(AccountJson(d, *account, false)) : json::value(nullptr)},
        {"media_attachments", media},
        {"mentions", mentions},
        {"tags", json::array{}},
        {"emojis", json::array{}},
        {"card", nullptr},
        {"poll", nullptr},
    };
    if (with_source) o["text"] = s.text;
    return o;
}

json::object NotificationJson(const Data& d, const Notification& n) {
    json::object o{
        {"id", n.id}, {"type", n.type}, {"created_at", IsoMillis(n.created_at)}, {"group_key", "ungrouped-" + n.id}};
    const Account* from = AccountById(d, n.from_account_id);
    o["account"] = from ? json::value(AccountJson(d, *from, false)) : json::value(nullptr);
    auto it = d.statuses.find(n.status_id);
    o["status"] = it == d.statuses.end() ? json::value(nullptr) : json::value(StatusJson(d, it->second, false));
    return o;
}

json::object ReportJson(const Data& d, const Report& r) {
    json::array ids;
    for (const auto& id : r.status_ids) ids.emplace_back(id);
    const Account* target = AccountById(d, r.target_account_id);
    return json::object{
        {"id", r.id},
        {"action_taken", false},
        {"action_taken_at", nullptr},
        {"category", r.category},
        {"comment", r.comment},
        {"forwarded", r.forward},
        {"created_at", IsoMillis(r.created_at)},
        {"status_ids", ids.empty() ? json::value(nullptr) : json::value(ids)},
        {"rule_ids", nullptr},
        {"target_account", target ? json::value(AccountJson(d, *target, false)) : json::value(nullptr)},
    };
}

std::string LocalHost(const Data& d) {
    std::string host = d.base_url;
    if (const auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
    host = host.substr(0, host.find_first_of(":/"));
    return host;
}

std::vector<std::string> ResolveMentions(const Data& d, std::string_view text) {
    const std::string host = LocalHost(d);
    std::vector<std::string> out;
    for (const auto& m : FindMentions(text)) {
        if (!m.domain.empty() && !core::IEquals(m.domain, host)) continue;  // remote: not simulated
        const Account* a = nullptr;
        for (const auto& acc : d.accounts) {
            if (acc.network == kMastodon && core::IEquals(acc.handle, m.user)) a = &acc;
        }
        if (a && std::find(out.begin(), out.end(), a->id) == out.end()) out.push_back(a->id);
    }
    return out;
}

bool CanSee(const Status& s, const std::string& viewer) {
    if (s.visibility == "public" || s.visibility == "unlisted") return true;
    if (viewer.empty()) return false;
    return s.account_id == viewer ||
           std::find(s.mention_ids.begin(), s.mention_ids.end(), viewer) != s.mention_ids.end();
}

std::string MediaType(const std::string& mime) {
    static const std::set<std::string> kImages{"image/jpeg", "image/png",  "image/gif", "image/heic",
                                               "image/heif", "image/webp", "image/avif"};
    static const std::set<std::string> kVideos{"video/webm", "video/mp4", "video/quicktime", "video/ogg"};
    static const std::set<std::string> kAudio{"audio/wave",  "audio/wav",    "audio/x-wav", "audio/x-pn-wave",
                                              "audio/ogg",   "audio/vorbis", "audio/mpeg",  "audio/mp3",
                                              "audio/webm",  "audio/flac",   "audio/aac",   "audio/m4a",
                                              "audio/x-m4a", "audio/mp4",    "audio/3gpp"};
    if (kImages.count(mime)) return "image";
    if (kVideos.count(mime)) return "video";
    if (kAudio.count(mime)) return "audio";
    return "";
}

std::string Extension(const std::string& mime) {
    const auto slash = mime.find('/');
    std::string sub = slash == std::string::npos ? "bin" : mime.substr(slash + 1);
    if (sub == "jpeg") return "jpg";
    if (sub == "quicktime") return "mov";
    if (sub == "mpeg") return "mp3";
    if (sub.rfind("x-", 0) == 0) sub = sub.substr(2);
    return sub;
}

bool Truthy(const std::string& v) { return v == "true" || v == "1" || v == "on" || v == "True" || v == "TRUE"; }

long CodePoints(const std::string& utf8) {
    long n = 0;
    for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace belfry::netsim::mastodon
