// Mastodon statuses: create (with Idempotency-Key), view, edit, delete (see mastodon.hpp).
#include <set>

#include "core/text.hpp"
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

// Stores a validated status: mentions resolved, its media attached, the idempotency key kept, and a
// "mention" notification for every mentioned local account but the author (Mastodon notifies no
// one of a self-mention).
const Status& Store(Data& d, Ids& ids, Status s) {
    s.mention_ids = mastodon::ResolveMentions(d, s.text);
    for (const auto& m : s.media_ids) d.media[m].status_id = s.id;
    if (!s.idempotency_key.empty()) d.idempotency[{s.account_id, s.idempotency_key}] = {s.id, s.created_at};
    for (const auto& who : s.mention_ids) {
        if (who == s.account_id) continue;
        Notification n;
        n.id = ids.Snowflake(s.created_at);
        n.account_id = who;
        n.from_account_id = s.account_id;
        n.status_id = s.id;
        n.created_at = s.created_at;
        d.notifications[n.id] = n;
    }
    const std::string id = s.id;
    return d.statuses[id] = std::move(s);
}

// The status a reply answers, when `viewer` may see it; nullptr otherwise (upstream: 404).
const Status* VisibleParent(const Data& d, const std::string& id, const std::string& viewer) {
    auto parent = d.statuses.find(id);
    if (parent == d.statuses.end() || parent->second.deleted_at != 0) return nullptr;
    if (!mastodon::CanSee(parent->second, viewer)) return nullptr;
    return &parent->second;
}

constexpr const char* kNoParent = "The post you are trying to reply to does not appear to exist.";

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
            const Status* parent = VisibleParent(d, draft.in_reply_to_id, call.account_id);
            if (!parent) return JsonAnswer(404, Error(kNoParent));
            s.in_reply_to_id = parent->id;
            s.in_reply_to_account_id = parent->account_id;
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
        return JsonAnswer(200, mastodon::StatusJson(d, Store(d, ctx_.ids, std::move(s)), false));
    });
}

namespace {

bool ValidUsername(const std::string& handle) {
    if (handle.empty() || handle.size() > 30) return false;
    for (char c : handle) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

// Whether `text` already mentions `handle` ("@handle", any case, not followed by a word character).
bool Mentions(const std::string& text, const std::string& handle) {
    for (const auto& m : FindMentions(text)) {
        if (core::IEquals(m.user, handle)) return true;
    }
    return false;
}

}  // namespace

core::Result<json::object> Mastodon::PostAsCitizen(const CitizenPost& post) {
    if (!ValidUsername(post.author_handle)) {
        return core::Error::Invalid("author_handle",
                                    "a Mastodon username has 1 to 30 characters: letters, digits and _");
    }
    if (Graphemes(post.author_name) > 30) {
        return core::Error::Invalid("author_name",
                                    "Validation failed: Display name is too long (maximum is 30 characters)");
    }
    const core::Millis now = ctx_.clock.NowMs();
    const std::string account_id = ctx_.ids.Snowflake(now);
    const std::string status_id = ctx_.ids.Snowflake(now);
    const std::string token = ctx_.ids.Token(32);
    return ctx_.state.Locked([&](Data& d) -> core::Result<json::object> {
        Account* author = d.FindAccount(kMastodon, post.author_handle);
        if (author && !author->citizen) {
            return core::Error::Conflict("@" + post.author_handle + " is a channel's account on netsim, not a citizen");
        }
        if (!author) {
            Account a{kMastodon, account_id, post.author_handle, token, "", now};
            a.display_name = post.author_name;
            a.citizen = true;
            d.accounts.push_back(a);
            author = &d.accounts.back();
        } else if (!post.author_name.empty()) {
            author->display_name = post.author_name;
        }
        const std::string author_id = author->id;
        const std::string author_handle = author->handle;
        Status s;
        s.visibility = "public";
        std::string prefix;
        auto mention = [&](const std::string& handle) {
            if (!handle.empty() && !core::IEquals(handle, author_handle) && !Mentions(post.text, handle) &&
                !Mentions(prefix, handle)) {
                prefix += "@" + handle + " ";
            }
        };
        if (!post.in_reply_to.empty()) {
            const Status* parent = VisibleParent(d, post.in_reply_to, author_id);
            if (!parent) return core::Error::NotFound(kNoParent);
            s.in_reply_to_id = parent->id;
            s.in_reply_to_account_id = parent->account_id;
            if (parent->visibility == "direct") s.visibility = "direct";  // clients keep a conversation private
            // Clients prefill the mentions of the author answered and of everyone it mentioned.
            if (const Account* to = mastodon::AccountById(d, parent->account_id)) mention(to->handle);
            for (const auto& id : parent->mention_ids) {
                if (const Account* m = mastodon::AccountById(d, id)) mention(m->handle);
            }
        }
        if (!post.direct_to.empty()) {
            const Account* to = d.FindAccount(kMastodon, post.direct_to);
            if (!to) return core::Error::NotFound("no Mastodon account @" + post.direct_to + " on netsim");
            s.visibility = "direct";
            mention(to->handle);
        }
        if (!post.mention.empty()) {
            if (!d.FindAccount(kMastodon, post.mention)) {
                return core::Error::NotFound("no Mastodon account @" + post.mention + " on netsim");
            }
            mention(post.mention);
        }
        Draft draft;
        draft.text = prefix + post.text;
        draft.visibility = s.visibility;
        if (auto refused = Validate(d, draft, author_id, "")) {
            const auto body = json::parse(refused->body);
            return core::Error::Invalid("text", std::string(body.at("error").as_string()));
        }
        s.id = status_id;
        s.account_id = author_id;
        s.text = draft.text;
        s.language = post.language;
        s.created_at = now;
        s.citizen_kind = post.citizen_kind;
        const Status& stored = Store(d, ctx_.ids, std::move(s));
        return json::object{{"network", kMastodon},
                            {"id", stored.id},
                            {"url", d.base_url + "/@" + author_handle + "/" + stored.id},
                            {"account_id", author_id},
                            {"author_handle", author_handle},
                            {"visibility", stored.visibility},
                            {"text", stored.text}};
    });
}

http::Response Mastodon::GetStatus(Call& call) {
    return ctx_.state.Locked([&](Data& d) {
        auto it = d.statuses.find(call.ids.at(0));
        if (it == d.statuses.end() || it->second.deleted_at != 0) return JsonAnswer(404, Error("Record not found"));
        const Status& s = it->second;
        if (!mastodon::CanSee(s, call.account_id)) return JsonAnswer(404, Error("Record not found"));
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
