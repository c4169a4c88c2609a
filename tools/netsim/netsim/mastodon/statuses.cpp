// Mastodon statuses: create (with Idempotency-Key), view, edit, delete (see mastodon.hpp).
#include <set>

#include "netsim/mastodon/internal.hpp"
#include "netsim/text.hpp"

namespace belfry::netsim {

namespace json = boost::json;
using mastodon::Error;

namespace {

constexpr core::Millis kIdempotencyWindow = core::kHourMs;

struct Draft {
    std::string text;
    std::string spoiler_text;
    std::string visibility = "public";
    std::string language;
    std::string in_reply_to_id;
    bool sensitive = false;
    std::vector<std::string> media_ids;
};

// Fills `draft` from the parameters that are present (an edit keeps the others).
void ReadDraft(const Params& p, Draft& draft) {
    if (auto v = p.Get("status")) draft.text = *v;
    if (auto v = p.Get("spoiler_text")) draft.spoiler_text = *v;
    if (auto v = p.Get("visibility")) draft.visibility = *v;
    if (auto v = p.Get("language")) draft.language = *v;
    if (auto v = p.Get("in_reply_to_id")) draft.in_reply_to_id = *v;
    if (auto v = p.Get("sensitive")) draft.sensitive = mastodon::Truthy(*v);
    if (p.Has("media_ids")) draft.media_ids = p.All("media_ids");
}

// Upstream's checks, in upstream's order; `status_id` is the status being edited (its media may stay).
std::optional<http::Response> Validate(const Data& d, const Draft& draft, const std::string& account_id,
                                       const std::string& status_id) {
    if (draft.media_ids.size() > static_cast<std::size_t>(mastodon::kMaxMedia)) {
        return JsonAnswer(422, Error("Cannot attach more than 4 files"));
    }
    std::string missing;
    for (const auto& id : draft.media_ids) {
        auto it = d.media.find(id);
        const bool usable = it != d.media.end() && it->second.account_id == account_id &&
                            (it->second.status_id.empty() || it->second.status_id == status_id);
        if (!usable) missing += (missing.empty() ? "" : ", ") + id;
    }
    if (!missing.empty())
        return JsonAnswer(422, Error("Media " + missing + " not found or already attached to another post"));
    static const std::set<std::string> kVisibilities{"public", "unlisted", "private", "direct"};
    if (!kVisibilities.count(draft.visibility)) {
        return JsonAnswer(422, Error("Validation failed: Visibility is not included in the list"));
    }
    if (IsBlank(draft.text) && draft.media_ids.empty()) {
        return JsonAnswer(422, Error("Validation failed: Text can't be blank"));
    }
    const int limit = d.settings.mastodon_char_limit;
    if (MastodonLength(draft.text, draft.spoiler_text) > limit) {
        return JsonAnswer(422,
                          Error("Validation failed: Text character limit of " + std::to_string(limit) + " exceeded"));
    }
    return std::nullopt;
}

}  // namespace

http::Response Mastodon::CreateStatus(Call& call) {
    if (call.params.Get("scheduled_at")) return JsonAnswer(422, Error("netsim does not simulate scheduled_at"));
    Draft draft;
    ReadDraft(call.params, draft);
    const std::string key = call.req.Header("idempotency-key");
    const core::Millis now = ctx_.clock.NowMs();
    const std::string new_id = ctx_.ids.Snowflake(now);
    return ctx_.state.Locked([&](Data& d) {
        if (!key.empty()) {
            auto it = d.idempotency.find({call.account_id, key});
            if (it != d.idempotency.end() && now - it->second.at < kIdempotencyWindow) {
                auto s = d.statuses.find(it->second.status_id);
                if (s != d.statuses.end() && s->second.deleted_at == 0) {
                    return JsonAnswer(200, mastodon::StatusJson(d, s->second, false));
                }
            }
        }
        if (auto refused = Validate(d, draft, call.account_id, "")) return *refused;
        Status s;
        if (!draft.in_reply_to_id.empty()) {
            auto parent = d.statuses.find(draft.in_reply_to_id);
            if (parent == d.statuses.end() || parent->second.deleted_at != 0) {
                return JsonAnswer(404, Error("The post you are trying to reply to does not appear to exist."));
            }
            s.in_reply_to_id = parent->second.id;
            s.in_reply_to_account_id = parent->second.account_id;
        }
        s.id = new_id;
        s.account_id = call.account_id;
        s.text = draft.text;
        s.spoiler_text = draft.spoiler_text;
        s.visibility = draft.visibility;
        s.language = draft.language;
        s.sensitive = draft.sensitive;
        s.media_ids = draft.media_ids;
        s.idempotency_key = key;
        s.created_at = now;
        for (const auto& m : s.media_ids) d.media[m].status_id = s.id;
        if (!key.empty()) d.idempotency[{call.account_id, key}] = {s.id, now};
        const auto& stored = d.statuses[s.id] = s;
        return JsonAnswer(200, mastodon::StatusJson(d, stored, false));
    });
}

http::Response Mastodon::GetStatus(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.statuses.find(call.ids.at(0));
        if (it == d.statuses.end() || it->second.deleted_at != 0) return JsonAnswer(404, Error("Record not found"));
        const Status& s = it->second;
        if ((s.visibility == "private" || s.visibility == "direct") && s.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        return JsonAnswer(200, mastodon::StatusJson(d, s, false));
    });
}

http::Response Mastodon::EditStatus(Call& call) {
    const core::Millis now = ctx_.clock.NowMs();
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.statuses.find(call.ids.at(0));
        if (it == d.statuses.end() || it->second.deleted_at != 0 || it->second.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        Status& s = it->second;
        // An edit replaces the status (Mastodon's UpdateStatusService): media_ids[] and spoiler_text
        // left out mean none; sensitive and language left out keep their values.
        Draft draft{s.text, "", s.visibility, s.language, s.in_reply_to_id, s.sensitive, {}};
        ReadDraft(call.params, draft);
        draft.visibility = s.visibility;  // an edit cannot change visibility
        if (auto refused = Validate(d, draft, call.account_id, s.id)) return *refused;
        const bool changed = draft.text != s.text || draft.spoiler_text != s.spoiler_text ||
                             draft.language != s.language || draft.sensitive != s.sensitive ||
                             draft.media_ids != s.media_ids;
        if (changed) {
            for (const auto& m : s.media_ids) d.media[m].status_id.clear();
            for (const auto& m : draft.media_ids) d.media[m].status_id = s.id;
            s.text = draft.text;
            s.spoiler_text = draft.spoiler_text;
            s.language = draft.language;
            s.sensitive = draft.sensitive;
            s.media_ids = draft.media_ids;
            s.edited_at = now;
        }
        return JsonAnswer(200, mastodon::StatusJson(d, s, false));
    });
}

http::Response Mastodon::DeleteStatus(Call& call) {
    const core::Millis now = ctx_.clock.NowMs();
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.statuses.find(call.ids.at(0));
        if (it == d.statuses.end() || it->second.deleted_at != 0 || it->second.account_id != call.account_id) {
            return JsonAnswer(404, Error("Record not found"));
        }
        it->second.deleted_at = now;
        return JsonAnswer(200, mastodon::StatusJson(d, it->second, true));
    });
}

}  // namespace belfry::netsim
