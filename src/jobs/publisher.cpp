#include "jobs/publisher.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "core/log.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::jobs {

namespace json = boost::json;
using publishing::Rendition;

namespace {

// What one job needs, read in one transaction.
struct Work {
    Rendition rendition;
    registry::Channel channel;
    networks::Credentials credentials;
    std::string error;  // set when the rendition cannot be published at all
};

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

// When no rendition is still under way, the post takes its final state.
void SettlePost(store::Tx& tx, long long post_id, core::Millis now) {
    auto post = store::GetPost(tx, post_id);
    if (!post || post->status != "scheduled") return;
    int published = 0;
    int failed = 0;
    for (const auto& r : store::ListRenditions(tx, post_id)) {
        if (r.status == "scheduled" || r.status == "publishing" || r.status == "unconfirmed") return;
        if (r.status == "published") ++published;
        if (r.status == "failed") ++failed;
    }
    post->status = failed == 0 ? "published" : (published > 0 ? "partially_published" : "failed");
    post->updated_at = now;
    store::UpdatePost(tx, *post);
}

}  // namespace

Publisher::Publisher(store::Database& db, const core::Clock& clock, const security::Vault& vault,
                     std::function<networks::Network*(core::Network)> connector, PublisherOptions options)
    : db_(db), clock_(clock), vault_(vault), connector_(std::move(connector)), options_(std::move(options)) {}

Publisher::~Publisher() { Stop(); }

void Publisher::Start() {
    if (running_.exchange(true)) return;
    for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { Loop(); });
}

void Publisher::Stop() {
    running_ = false;
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

void Publisher::Loop() {
    while (running_) {
        if (RunOnce() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(options_.idle_poll_ms));
    }
}

int Publisher::RunOnce() {
    const auto now = clock_.NowMs();
    auto jobs = db_.Transact<std::vector<store::Job>>([&](store::Tx& tx) -> core::Result<std::vector<store::Job>> {
        return store::ClaimDueJobs(tx, options_.owner, now, now + options_.lease_ms, options_.batch);
    });
    if (!jobs.ok()) {
        core::LogEvent(spdlog::level::warn, "claiming jobs failed", {{"error", jobs.error().message}});
        return 0;
    }
    for (const auto& job : jobs.value()) {
        if (job.kind == "publish") {
            Process(job);
        } else {
            (void)db_.Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
                store::CompleteJob(tx, job.id, clock_.NowMs());
                return core::Unit{};
            });
        }
    }
    return static_cast<int>(jobs->size());
}

void Publisher::Process(const store::Job& job) {
    // 1. Read what is needed, decide, and mark the rendition as being published (committed first).
    auto prepared = db_.Transact<std::optional<Work>>([&](store::Tx& tx) -> core::Result<std::optional<Work>> {
        const auto now = clock_.NowMs();
        auto r = store::GetRendition(tx, job.ref_id);
        if (!r || r->status == "published" || r->status == "failed" || r->status == "cancelled") {
            store::CompleteJob(tx, job.id, now);
            return std::optional<Work>();
        }
        auto channel = store::GetChannel(tx, r->channel_id);
        Work w;
        w.rendition = *r;
        if (!channel) {
            w.error = "the channel no longer exists";
            return std::optional<Work>(w);
        }
        w.channel = *channel;
        auto settings = store::GetChannelPublishing(tx, channel->id);
        auto sealed = store::GetCredentials(tx, channel->id);
        if (!sealed || !settings || !settings->api_base_url) {
            w.error = "the channel is not connected to " + std::string(core::NetworkName(channel->network)) +
                      ": connect the account (credentials and server address) and publish again";
            return std::optional<Work>(w);
        }
        auto plain = vault_.Open(*sealed);
        if (!plain.ok()) {
            w.error = plain.error().message;
            return std::optional<Work>(w);
        }
        w.credentials = ParseCredentials(plain.value());
        w.credentials.base_url = *settings->api_base_url;
        // A rendition found mid-publication was interrupted: reconcile it before anything else.
        const bool reconcile = r->status == "publishing" || r->status == "unconfirmed";
        if (!reconcile) {
            const auto wait = limits_.Acquire(channel->network, std::to_string(channel->id), now);
            if (wait > 0) {
                store::RescheduleJob(tx, job.id, now + wait, "waiting for the rate limit");
                return std::optional<Work>();
            }
            w.rendition.status = "publishing";
            w.rendition.attempts += 1;
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
        }
        return std::optional<Work>(w);
    });
    if (!prepared.ok()) {
        core::LogEvent(spdlog::level::warn, "preparing a publication failed",
                       {{"rendition", job.ref_id}, {"error", prepared.error().message}});
        return;  // the lease expires and the job is claimed again
    }
    if (!*prepared) return;
    Work w = std::move(**prepared);
    auto finish = [&](const std::function<void(store::Tx&, core::Millis)>& apply) {
        auto done = db_.Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
            const auto now = clock_.NowMs();
            apply(tx, now);
            SettlePost(tx, w.rendition.post_id, now);
            return core::Unit{};
        });
        if (!done.ok()) {
            core::LogEvent(spdlog::level::err, "recording a publication outcome failed",
                           {{"rendition", w.rendition.id}, {"error", done.error().message}});
        }
    };
    if (!w.error.empty()) {
        finish([&](store::Tx& tx, core::Millis now) {
            w.rendition.status = "failed";
            w.rendition.explanation = w.error;
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::CompleteJob(tx, job.id, now);
        });
        return;
    }
    networks::Network* net = connector_(w.channel.network);
    if (net == nullptr) {
        finish([&](store::Tx& tx, core::Millis now) {
            w.rendition.status = "failed";
            w.rendition.explanation =
                "belfry cannot publish to " + std::string(core::NetworkName(w.channel.network)) + " yet";
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::CompleteJob(tx, job.id, now);
        });
        return;
    }
    networks::PublishRequest req;
    req.text = w.rendition.text;
    req.language = w.rendition.languages.empty() ? "" : w.rendition.languages.front();
    req.idempotency_key = w.rendition.idempotency_key;
    req.first_attempt_ms = w.rendition.created_at;
    const std::string account = std::to_string(w.channel.id);

    // 2. Reconcile an interrupted attempt: look before publishing again.
    if (w.rendition.status == "publishing" || w.rendition.status == "unconfirmed") {
        auto found = net->FindExisting(w.credentials, req);
        if (found.ok() && found.value()) {
            finish([&](store::Tx& tx, core::Millis now) {
                w.rendition.status = "published";
                w.rendition.remote_id = (*found.value()).remote_id;
                w.rendition.remote_url = (*found.value()).url;
                w.rendition.published_at = now;
                w.rendition.explanation = "confirmed by reconciliation after an interrupted attempt";
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::CompleteJob(tx, job.id, now);
            });
            return;
        }
        if (!found.ok()) {
            finish([&](store::Tx& tx, core::Millis now) {
                w.rendition.status = "unconfirmed";
                w.rendition.explanation = "could not check whether the post exists: " + found.error().message;
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::RescheduleJob(tx, job.id, now + 10 * core::kSecondMs, found.error().message);
            });
            return;
        }
        // Not there: the earlier attempt created nothing, so publishing now cannot double it.
        w.rendition.status = "publishing";
        w.rendition.attempts += 1;
    }

    // 3. The one call that creates the post.
    const auto result = net->Publish(w.credentials, req);
    if (result.rate_limit) limits_.Observe(w.channel.network, account, *result.rate_limit, clock_.NowMs());
    finish([&](store::Tx& tx, core::Millis now) {
        auto& r = w.rendition;
        r.network_message = result.network_message.empty() ? std::nullopt : std::optional(result.network_message);
        r.explanation = result.explanation.empty() ? std::nullopt : std::optional(result.explanation);
        r.updated_at = now;
        switch (result.outcome) {
            case networks::Outcome::kPublished:
                r.status = "published";
                r.remote_id = result.post.remote_id;
                r.remote_url = result.post.url;
                r.published_at = now;
                store::CompleteJob(tx, job.id, now);
                break;
            case networks::Outcome::kRejected:
                r.status = "failed";
                store::CompleteJob(tx, job.id, now);
                break;
            case networks::Outcome::kRetryLater: {
                if (r.attempts >= options_.max_attempts) {
                    r.status = "failed";
                    r.explanation = "gave up after " + std::to_string(r.attempts) +
                                    " attempts: " + r.explanation.value_or(result.network_message);
                    store::CompleteJob(tx, job.id, now);
                    break;
                }
                const core::Millis backoff = core::kSecondMs << std::min<long long>(r.attempts, 6);
                const core::Millis wait =
                    std::max<core::Millis>(static_cast<core::Millis>(result.retry_after_seconds) * 1000, backoff);
                if (result.retry_after_seconds > 0) limits_.PauseUntil(w.channel.network, account, now + wait);
                r.status = "scheduled";
                store::RescheduleJob(tx, job.id, now + wait, result.network_message);
                break;
            }
            case networks::Outcome::kUnknown:
                r.status = "unconfirmed";
                store::RescheduleJob(tx, job.id, now + 5 * core::kSecondMs, "outcome unknown: will reconcile");
                break;
        }
        store::UpdateRendition(tx, r);
    });
}

}  // namespace belfry::jobs
