#include "jobs/publisher.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <set>

#include "core/log.hpp"
#include "jobs/changes.hpp"
#include "publishing/media.hpp"
#include "store/media_repo.hpp"
#include "store/publishing_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::jobs {

namespace json = boost::json;
using publishing::Rendition;

namespace {

// When no rendition is still under way, the post takes its final state.
void SettlePost(store::Tx& tx, long long post_id, core::Millis now) {
    const auto counts = store::CountRenditionsByStatus(tx, post_id);
    auto count = [&](const char* status) {
        auto it = counts.find(status);
        return it == counts.end() ? 0LL : it->second;
    };
    if (count("scheduled") + count("publishing") + count("unconfirmed") > 0) return;
    auto post = store::GetPost(tx, post_id);
    if (!post || post->status != "scheduled") return;
    // A rendition deleted or edited since counts as published: it went out.
    const long long published = count("published") + count("deleting") + count("deleted") + count("editing");
    const long long failed = count("failed");
    post->status = failed == 0 ? "published" : (published > 0 ? "partially_published" : "failed");
    post->updated_at = now;
    store::UpdatePost(tx, *post);
}

}  // namespace

// What one job needs, read in the claiming transaction.
struct Publisher::Work {
    Rendition rendition;
    registry::Channel channel;
    networks::Credentials credentials;
    std::string error;  // set when the rendition cannot be published at all
};

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
    {
        std::lock_guard<std::mutex> lock(idle_mu_);
        idle_cv_.notify_all();
    }
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

// While the queue is idle the workers wait until idle_until_ (the next job's run_at or the poll
// interval); then the first one to wake moves the gate on by a poll interval and looks, so the others
// keep waiting for its claim's verdict (AfterClaim) instead of all querying the database at once.
void Publisher::Loop() {
    using Steady = std::chrono::steady_clock;
    while (running_) {
        {
            std::unique_lock<std::mutex> lock(idle_mu_);
            const auto now = Steady::now();
            if (now < idle_until_) {
                idle_cv_.wait_until(lock, idle_until_);
                continue;
            }
            if (idle_) idle_until_ = now + std::chrono::milliseconds(options_.idle_poll_ms);
        }
        RunOnce();
    }
}

void Publisher::AfterClaim(int claimed, std::optional<core::Millis> next_run_at) {
    using Steady = std::chrono::steady_clock;
    std::lock_guard<std::mutex> lock(idle_mu_);
    if (claimed >= options_.batch) {
        idle_ = false;
        idle_until_ = Steady::time_point{};
    } else {
        core::Millis wait = options_.idle_poll_ms;
        if (next_run_at) wait = std::clamp<core::Millis>(*next_run_at - clock_.NowMs(), 0, wait);
        idle_ = true;
        idle_until_ = Steady::now() + std::chrono::milliseconds(wait);
    }
    // Waiters re-read the gate: it may open sooner than the deadline they wait for.
    idle_cv_.notify_all();
}

int Publisher::RunOnce() {
    // 1. One transaction claims a batch and prepares each job: reads what the call needs, takes a
    //    rate-limit token, and marks the rendition `publishing` — committed before any network call.
    struct Item {
        store::Job job;
        Work work;
        bool reconcile = false;
        std::function<void(store::Tx&, core::Millis)> apply;
    };
    std::vector<Item> items;
    // Deletions and edits of published renditions (jobs/changes.hpp).
    struct Change {
        ChangeWork work;
        RecordOutcome apply;
    };
    std::vector<Change> changes;
    std::optional<core::Millis> next_run_at;
    auto claimed = db_.Transact<int>([&](store::Tx& tx) -> core::Result<int> {
        items.clear();
        changes.clear();
        const auto now = clock_.NowMs();
        const auto jobs = store::ClaimDueJobs(tx, options_.owner, now, now + options_.lease_ms, options_.batch);
        // No due job left behind: note when the next one is due, so the workers wake up then.
        next_run_at = static_cast<int>(jobs.size()) < options_.batch ? store::NextRunAt(tx, now) : std::nullopt;
        for (const auto& job : jobs) {
            if (IsChangeJob(job.kind)) {
                auto change = PrepareChange(tx, job, vault_, now);
                if (!change) continue;
                if (change->account.error.empty()) {
                    const auto wait =
                        limits_.Acquire(change->account.channel.network, std::to_string(change->account.channel.id),
                                        now, job.kind == "delete" ? CallKind::kDelete : CallKind::kUpdate);
                    if (wait > 0) {
                        store::RescheduleJob(tx, job.id, now + wait, "waiting for the rate limit");
                        continue;
                    }
                }
                changes.push_back(Change{std::move(*change), {}});
                continue;
            }
            if (job.kind != "publish") {
                store::CompleteJob(tx, job.id, now);
                continue;
            }
            auto r = store::GetRendition(tx, job.ref_id);
            // Only a rendition still on its way is published (not one published, failed, cancelled,
            // or later deleted or edited).
            if (!r || (r->status != "scheduled" && r->status != "publishing" && r->status != "unconfirmed")) {
                store::CompleteJob(tx, job.id, now);
                continue;
            }
            Item item;
            item.job = job;
            Work& w = item.work;
            w.rendition = *r;
            ChannelAccount account = LoadChannelAccount(tx, r->channel_id, vault_);
            w.channel = account.channel;
            w.credentials = account.credentials;
            w.error = account.error;
            if (!w.error.empty()) {
                items.push_back(std::move(item));
                continue;
            }
            // A rendition found mid-publication was interrupted: reconcile it before anything else.
            item.reconcile = r->status == "publishing" || r->status == "unconfirmed";
            if (!item.reconcile) {
                const auto wait = limits_.Acquire(w.channel.network, std::to_string(w.channel.id), now);
                if (wait > 0) {
                    store::RescheduleJob(tx, job.id, now + wait, "waiting for the rate limit");
                    continue;
                }
                w.rendition.status = "publishing";
                w.rendition.attempts += 1;
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
            }
            items.push_back(std::move(item));
        }
        return static_cast<int>(jobs.size());
    });
    if (!claimed.ok()) {
        core::LogEvent(spdlog::level::warn, "claiming jobs failed", {{"error", claimed.error().message}});
        AfterClaim(0, std::nullopt);
        return 0;
    }
    AfterClaim(claimed.value(), next_run_at);

    // 2. The network calls, outside any transaction.
    for (auto& item : items) item.apply = Call(item.job, item.work, item.reconcile);
    for (auto& change : changes) {
        change.apply = CallChange(change.work, connector_(change.work.account.channel.network), limits_, clock_,
                                  options_.max_attempts);
    }

    // 3. One transaction records every outcome and settles the posts.
    if (!items.empty() || !changes.empty()) {
        auto done = db_.Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
            const auto now = clock_.NowMs();
            std::set<long long> posts;
            for (auto& item : items) {
                item.apply(tx, now);
                posts.insert(item.work.rendition.post_id);
            }
            for (long long post : posts) SettlePost(tx, post, now);
            for (auto& change : changes) change.apply(tx, now);
            return core::Unit{};
        });
        if (!done.ok()) {
            // The leases expire and the renditions, left `publishing`, are reconciled on the next claim.
            core::LogEvent(spdlog::level::err, "recording publication outcomes failed",
                           {{"error", done.error().message}});
        }
    }
    return claimed.value();
}

std::function<void(store::Tx&, core::Millis)> Publisher::Call(const store::Job& job, Work& w, bool reconcile) {
    auto fail = [&w, job](const std::string& why) {
        return [&w, job, why](store::Tx& tx, core::Millis now) {
            w.rendition.status = "failed";
            w.rendition.explanation = why;
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::CompleteJob(tx, job.id, now);
        };
    };
    if (!w.error.empty()) return fail(w.error);
    networks::Network* net = connector_(w.channel.network);
    if (net == nullptr)
        return fail("belfry cannot publish to " + std::string(core::NetworkName(w.channel.network)) + " yet");

    networks::PublishRequest req;
    req.text = w.rendition.text;
    req.language = w.rendition.languages.empty() ? "" : w.rendition.languages.front();
    req.idempotency_key = w.rendition.idempotency_key;
    // No attempt happens before the rendition is due: its due time bounds the first attempt from below.
    req.first_attempt_ms = w.rendition.publish_at.value_or(w.rendition.created_at);
    const std::string account = std::to_string(w.channel.id);

    // Reconcile an interrupted attempt: look before publishing again.
    if (reconcile) {
        auto found = net->FindExisting(w.credentials, req);
        if (found.ok() && found.value()) {
            const auto post = *found.value();
            return [&w, job, post](store::Tx& tx, core::Millis now) {
                w.rendition.status = "published";
                w.rendition.remote_id = post.remote_id;
                w.rendition.remote_url = post.url;
                w.rendition.published_at = now;
                w.rendition.explanation = "confirmed by reconciliation after an interrupted attempt";
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::CompleteJob(tx, job.id, now);
            };
        }
        if (!found.ok()) {
            const std::string why = found.error().message;
            return [&w, job, why](store::Tx& tx, core::Millis now) {
                w.rendition.status = "unconfirmed";
                w.rendition.explanation = "could not check whether the post exists: " + why;
                w.rendition.updated_at = now;
                store::UpdateRendition(tx, w.rendition);
                store::RescheduleJob(tx, job.id, now + 10 * core::kSecondMs, why);
            };
        }
        // Not there: the earlier attempt created nothing, so publishing now cannot double it.
        w.rendition.status = "publishing";
        w.rendition.attempts += 1;
    }

    // The images, read now (outside the claiming transaction: they can be large), each with the alt
    // texts of the rendition's languages joined ("fr / nl").
    auto media = db_.Read<std::vector<networks::Media>>([&](store::Tx& tx)
                                                            -> core::Result<std::vector<networks::Media>> {
        std::vector<networks::Media> out;
        for (const auto& m : store::LoadPostMedia(tx, w.rendition.post_id)) {
            auto bytes = store::GetMediaContent(tx, m.media_id);
            if (!bytes) return core::Error::Internal("image " + std::to_string(m.media_id) + " cannot be read");
            out.push_back({std::move(*bytes), m.mime_type, publishing::RenditionAltText(m.alt, w.rendition.languages)});
        }
        return out;
    });
    if (!media.ok()) {
        const std::string why = media.error().message;
        return [&w, job, why](store::Tx& tx, core::Millis now) {
            w.rendition.status = "scheduled";
            w.rendition.updated_at = now;
            store::UpdateRendition(tx, w.rendition);
            store::RescheduleJob(tx, job.id, now + 10 * core::kSecondMs, why);
        };
    }
    req.media = std::move(media).value();

    // The one call that creates the post.
    const auto result = net->Publish(w.credentials, req);
    if (result.rate_limit) limits_.Observe(w.channel.network, account, *result.rate_limit, clock_.NowMs());
    if (result.outcome == networks::Outcome::kRetryLater && result.retry_after_seconds > 0) {
        limits_.PauseUntil(w.channel.network, account,
                           clock_.NowMs() + static_cast<core::Millis>(result.retry_after_seconds) * 1000);
    }
    const int max_attempts = options_.max_attempts;
    return [&w, job, result, max_attempts](store::Tx& tx, core::Millis now) {
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
                if (r.attempts >= max_attempts) {
                    r.status = "failed";
                    r.explanation = "gave up after " + std::to_string(r.attempts) +
                                    " attempts: " + r.explanation.value_or(result.network_message);
                    store::CompleteJob(tx, job.id, now);
                    break;
                }
                const core::Millis backoff = core::kSecondMs << std::min<long long>(r.attempts, 6);
                const core::Millis wait =
                    std::max<core::Millis>(static_cast<core::Millis>(result.retry_after_seconds) * 1000, backoff);
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
    };
}

}  // namespace belfry::jobs
