#include "jobs/changes.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::jobs {

namespace json = boost::json;
using publishing::Rendition;
using publishing::RenditionRevision;

namespace {

networks::Credentials ParseCredentials(const std::string& plain) {
    networks::Credentials c;
    boost::system::error_code ec;
    auto v = json::parse(plain, ec);
    if (ec || !v.is_object()) return c;
    auto get = [&](const char* key) {
        auto* p = v.as_object().if_contains(key);
        return p && p->is_string() ? std::string(p->as_string()) : std::string();
    };
    c.access_token = get("access_token");
    c.identifier = get("identifier");
    c.password = get("password");
    c.did = get("did");
    c.refresh_token = get("refresh_token");
    return c;
}

core::Millis Backoff(long long attempts) { return core::kSecondMs << std::min<long long>(attempts, 6); }

}  // namespace

ChannelAccount LoadChannelAccount(store::Tx& tx, long long channel_id, const security::Vault& vault) {
    ChannelAccount a;
    auto channel = store::GetChannel(tx, channel_id);
    if (!channel) {
        a.error = "the channel no longer exists";
        return a;
    }
    a.channel = *channel;
    auto settings = store::GetChannelPublishing(tx, channel->id);
    auto sealed = store::GetCredentials(tx, channel->id);
    if (!sealed || !settings || !settings->api_base_url) {
        a.error = "the channel is not connected to " + std::string(core::NetworkName(channel->network)) +
                  ": connect the account (credentials and server address) and publish again";
        return a;
    }
    auto plain = vault.Open(*sealed);
    if (!plain.ok()) {
        a.error = plain.error().message;
        return a;
    }
    a.credentials = ParseCredentials(plain.value());
    a.credentials.base_url = *settings->api_base_url;
    return a;
}

bool IsChangeJob(const std::string& kind) { return kind == "delete" || kind == "edit"; }

std::optional<ChangeWork> PrepareChange(store::Tx& tx, const store::Job& job, const security::Vault& vault,
                                        core::Millis now) {
    auto r = store::GetRendition(tx, job.ref_id);
    const char* expected = job.kind == "delete" ? "deleting" : "editing";
    if (!r || r->status != expected) {
        store::CompleteJob(tx, job.id, now);
        return std::nullopt;
    }
    ChangeWork w;
    w.job = job;
    w.rendition = *r;
    if (job.kind == "edit") {
        for (auto& v : store::ListRevisions(tx, r->id)) {
            if (v.status == "pending") w.pending = v;
        }
        if (!w.pending) {
            // An edit without its text (should not happen): the rendition goes back as it was.
            w.rendition.status = "published";
            w.rendition.explanation = "the edit was lost before it reached the network: edit again";
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::CompleteJob(tx, job.id, now);
            return std::nullopt;
        }
    }
    w.account = LoadChannelAccount(tx, r->channel_id, vault);
    return w;
}

RecordOutcome CallChange(ChangeWork& w, networks::Network* net, RateLimits& limits, const core::Clock& clock,
                         int max_attempts) {
    const store::Job job = w.job;
    const bool edit = job.kind == "edit";
    const std::string name(core::NetworkDisplayName(w.account.channel.network));
    const std::string account = std::to_string(w.account.channel.id);

    // The change cannot happen: the rendition goes back to published, saying why.
    auto give_up = [&w, job, edit](const std::string& why, const std::string& network_message) -> RecordOutcome {
        return [&w, job, edit, why, network_message](store::Tx& tx, core::Millis now) {
            if (edit && w.pending) {
                w.pending->status = "failed";
                w.pending->explanation = why;
                if (!network_message.empty()) w.pending->network_message = network_message;
                store::UpdateRevision(tx, *w.pending);
            }
            w.rendition.status = "published";
            w.rendition.explanation = why;
            if (!network_message.empty()) w.rendition.network_message = network_message;
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::CompleteJob(tx, job.id, now);
        };
    };
    // Try again later; after max_attempts, give up.
    auto retry = [&w, job, edit, max_attempts, give_up](const std::string& why, const std::string& network_message,
                                                        int retry_after_seconds) -> RecordOutcome {
        if (job.attempts >= max_attempts) {
            return give_up(std::string(edit ? "the edit" : "the deletion") + " did not go through after " +
                               std::to_string(job.attempts) + " attempts: " + why,
                           network_message);
        }
        const core::Millis wait =
            std::max<core::Millis>(static_cast<core::Millis>(retry_after_seconds) * 1000, Backoff(job.attempts));
        return [&w, job, why, network_message, wait](store::Tx& tx, core::Millis now) {
            w.rendition.explanation = why + " (trying again)";
            if (!network_message.empty()) w.rendition.network_message = network_message;
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::RescheduleJob(tx, job.id, now + wait, why);
        };
    };

    if (!w.account.error.empty()) return give_up(w.account.error, "");
    if (net == nullptr) return give_up("belfry cannot change posts on " + name + " yet", "");
    if (!w.rendition.remote_id) return give_up("the post's id on " + name + " was never recorded", "");

    if (!edit) {
        const core::Status st = net->Delete(w.account.credentials, *w.rendition.remote_id);
        if (st.ok()) {
            return [&w, job, name](store::Tx& tx, core::Millis now) {
                w.rendition.status = "deleted";
                w.rendition.explanation = "removed from " + name + "; the record of what was published stays";
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::CompleteJob(tx, job.id, now);
            };
        }
        const core::Error& e = st.error();
        if (e.code == core::ErrorCode::kTooManyRequests) {
            limits.PauseUntil(w.account.channel.network, account,
                              clock.NowMs() + static_cast<core::Millis>(e.retry_after_seconds) * 1000);
        }
        if (e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kTooManyRequests) {
            return retry(name + " could not delete the post now", e.message, e.retry_after_seconds);
        }
        return give_up(name + " refused the deletion: the post is still online", e.message);
    }

    networks::PublishRequest req;
    req.text = w.pending->text;
    req.language = w.rendition.languages.size() == 1 ? w.rendition.languages.front() : "";
    const auto result = net->Edit(w.account.credentials, *w.rendition.remote_id, req);
    if (result.rate_limit) limits.Observe(w.account.channel.network, account, *result.rate_limit, clock.NowMs());
    if (result.outcome == networks::Outcome::kRetryLater && result.retry_after_seconds > 0) {
        limits.PauseUntil(w.account.channel.network, account,
                          clock.NowMs() + static_cast<core::Millis>(result.retry_after_seconds) * 1000);
    }
    switch (result.outcome) {
        case networks::Outcome::kPublished:
            return [&w, job, name](store::Tx& tx, core::Millis now) {
                for (auto& v : store::ListRevisions(tx, w.rendition.id)) {
                    if (v.status == "live") {
                        v.status = "replaced";
                        v.replaced_at = now;
                        store::UpdateRevision(tx, v);
                    }
                }
                w.pending->status = "live";
                w.pending->live_at = now;
                store::UpdateRevision(tx, *w.pending);
                w.rendition.text = w.pending->text;
                w.rendition.status = "published";
                w.rendition.network_message.reset();
                w.rendition.explanation = "edited on " + name + "; the earlier texts are kept";
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::CompleteJob(tx, job.id, now);
            };
        case networks::Outcome::kRejected:
            return give_up(result.explanation.empty() ? name + " refused the edit" : result.explanation,
                           result.network_message);
        case networks::Outcome::kRetryLater:
        case networks::Outcome::kUnknown:
            // An edit is idempotent on content: sending it again is safe.
            return retry(result.explanation.empty() ? name + " could not take the edit now" : result.explanation,
                         result.network_message, result.retry_after_seconds);
    }
    return give_up("unexpected outcome of the edit", result.network_message);
}

}  // namespace belfry::jobs
