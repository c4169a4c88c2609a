// Mastodon: what an account reads about reactions to it — notifications, a status's context — and
// reports to the instance's moderators (see mastodon.hpp).
#include <algorithm>
#include <functional>

#include "core/text.hpp"
#include "netsim/mastodon/internal.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using mastodon::Error;

namespace {

constexpr long kNotificationsDefault = 40;  // since Mastodon 4.1 (15 before)
constexpr long kNotificationsMax = 80;
constexpr std::size_t kAncestorsLimit = 40;
constexpr std::size_t kDescendantsLimit = 60;  // for an anonymous caller
constexpr std::size_t kDescendantsLimitAuthed = 4096;
constexpr std::size_t kReportCommentMax = 1000;

// Rails' to_i: the leading digits, 0 when none.
unsigned long long ToI(const std::string& v) {
    unsigned long long n = 0;
    std::size_t i = 0;
    while (i < v.size() && (v[i] == ' ' || v[i] == '-' || v[i] == '+')) ++i;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) n = n * 10 + static_cast<unsigned long long>(v[i] - '0');
    return n;
}

std::string QueryOf(const std::string& key, const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out.append("&").append(key).append("%5B%5D=").append(v);
    return out;
}

}  // namespace

http::Response Mastodon::Notifications(Call& call) {
    const auto limit_param = call.params.Get("limit");
    const unsigned long long limit =
        limit_param ? std::min<unsigned long long>(ToI(*limit_param), kNotificationsMax) : kNotificationsDefault;
    auto id_param = [&](const char* key) -> unsigned long long {
        const auto v = call.params.Get(key);
        return v && !v->empty() ? ToI(*v) : 0;
    };
    const unsigned long long max_id = id_param("max_id");
    const unsigned long long since_id = id_param("since_id");
    const unsigned long long min_id = id_param("min_id");
    const bool by_min = call.params.Get("min_id").has_value() && !call.params.Get("min_id")->empty();
    const auto types = call.params.All("types");
    const auto exclude = call.params.All("exclude_types");
    const std::string from = call.params.Get("account_id").value_or("");
    return ctx_.state.Locked([&](Data& d) {
        auto wanted = [&](const Notification& n) {
            if (n.account_id != call.account_id) return false;
            if (!types.empty() && std::find(types.begin(), types.end(), n.type) == types.end()) return false;
            if (std::find(exclude.begin(), exclude.end(), n.type) != exclude.end()) return false;
            if (!from.empty() && n.from_account_id != from) return false;
            auto s = d.statuses.find(n.status_id);
            return s != d.statuses.end() && s->second.deleted_at == 0;  // gone with its status
        };
        std::vector<const Notification*> page;
        if (by_min) {
            // The page immediately newer than min_id (oldest first), answered newest first.
            for (auto it = d.notifications.begin(); it != d.notifications.end(); ++it) {
                const unsigned long long id = std::stoull(it->first);
                if (id <= min_id || (max_id != 0 && id >= max_id) || !wanted(it->second)) continue;
                if (page.size() >= limit) break;
                page.push_back(&it->second);
            }
            std::reverse(page.begin(), page.end());
        } else {
            for (auto it = d.notifications.rbegin(); it != d.notifications.rend() && page.size() < limit; ++it) {
                const unsigned long long id = std::stoull(it->first);
                if ((max_id != 0 && id >= max_id) || id <= since_id || !wanted(it->second)) continue;
                page.push_back(&it->second);
            }
        }
        json::array out;
        for (const Notification* n : page) out.push_back(mastodon::NotificationJson(d, *n));
        http::Response res = JsonAnswer(200, out);
        if (!page.empty()) {
            const std::string base = d.base_url + "/api/v1/notifications?limit=" + std::to_string(limit) +
                                     QueryOf("types", types) + QueryOf("exclude_types", exclude) +
                                     (from.empty() ? "" : "&account_id=" + from);
            std::string link;
            if (page.size() == limit) link = "<" + base + "&max_id=" + page.back()->id + ">; rel=\"next\", ";
            link += "<" + base + "&min_id=" + page.front()->id + ">; rel=\"prev\"";
            res.headers.emplace_back("Link", link);
        }
        return res;
    });
}

http::Response Mastodon::GetNotification(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.notifications.find(call.ids.at(0));
        if (it == d.notifications.end() || it->second.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        return JsonAnswer(200, mastodon::NotificationJson(d, it->second));
    });
}

http::Response Mastodon::StatusContext(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.statuses.find(call.ids.at(0));
        if (it == d.statuses.end() || it->second.deleted_at != 0 || !mastodon::CanSee(it->second, call.account_id)) {
            return JsonAnswer(404, Error("Record not found"));
        }
        // Ancestors: up the reply chain while the parents exist and are visible, oldest first.
        json::array ancestors;
        std::vector<const Status*> up;
        for (std::string parent = it->second.in_reply_to_id; !parent.empty() && up.size() < kAncestorsLimit;) {
            auto p = d.statuses.find(parent);
            if (p == d.statuses.end() || p->second.deleted_at != 0 || !mastodon::CanSee(p->second, call.account_id)) {
                break;
            }
            up.push_back(&p->second);
            parent = p->second.in_reply_to_id;
        }
        for (auto p = up.rbegin(); p != up.rend(); ++p) ancestors.push_back(mastodon::StatusJson(d, **p, false));
        // Descendants: depth first, replies in the order they were made.
        std::map<std::string, std::vector<const Status*>> children;
        for (const auto& [id, s] : d.statuses) {
            if (!s.in_reply_to_id.empty() && s.deleted_at == 0 && mastodon::CanSee(s, call.account_id)) {
                children[s.in_reply_to_id].push_back(&s);
            }
        }
        const std::size_t max = call.account_id.empty() ? kDescendantsLimit : kDescendantsLimitAuthed;
        json::array descendants;
        std::function<void(const std::string&)> walk = [&](const std::string& id) {
            auto c = children.find(id);
            if (c == children.end()) return;
            for (const Status* s : c->second) {
                if (descendants.size() >= max) return;
                descendants.push_back(mastodon::StatusJson(d, *s, false));
                walk(s->id);
            }
        };
        walk(it->second.id);
        return JsonAnswer(200, json::object{{"ancestors", ancestors}, {"descendants", descendants}});
    });
}

http::Response Mastodon::CreateReport(Call& call) {
    const std::string target = call.params.Get("account_id").value_or("");
    const auto status_ids = call.params.All("status_ids");
    const std::string comment = call.params.Get("comment").value_or("");
    const std::string category = call.params.Get("category").value_or("other");
    const bool forward = mastodon::Truthy(call.params.Get("forward").value_or("false"));
    const auto rule_ids = call.params.All("rule_ids");
    const core::Millis now = ctx_.clock.NowMs();
    const std::string id = ctx_.ids.Snowflake(now);
    return ctx_.state.Locked([&](Data& d) {
        const Account* reported = mastodon::AccountById(d, target);
        if (!reported) return JsonAnswer(404, Error("Record not found"));
        for (const auto& sid : status_ids) {
            auto s = d.statuses.find(sid);
            if (s == d.statuses.end() || s->second.account_id != target) {
                return JsonAnswer(404, Error("Record not found"));
            }
        }
        if (category != "spam" && category != "legal" && category != "violation" && category != "other") {
            return JsonAnswer(422, Error("Validation failed: Category is not included in the list"));
        }
        if (category == "violation" || !rule_ids.empty()) {
            // netsim's instance has no rules (GET /api/v1/instance/rules would be empty).
            return JsonAnswer(422, Error("Validation failed: Rule ids does not reference valid rules"));
        }
        if (mastodon::CodePoints(comment) > static_cast<long>(kReportCommentMax)) {
            return JsonAnswer(422, Error("Validation failed: Comment is too long (maximum is 1000 characters)"));
        }
        Report r{id, call.account_id, target, status_ids, comment, category, forward, now};
        d.reports.push_back(r);
        return JsonAnswer(200, mastodon::ReportJson(d, r));
    });
}

}  // namespace belfry::netsim
