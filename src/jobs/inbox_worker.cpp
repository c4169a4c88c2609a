#include "jobs/inbox_worker.hpp"

#include "core/log.hpp"
#include "jobs/changes.hpp"
#include "store/inbox_repo.hpp"
#include "store/inbox_source_repo.hpp"

namespace belfry::jobs {

namespace {

inbox::Incoming ToIncoming(const networks::InboundItem& in) {
    inbox::Incoming out;
    out.remote_id = in.remote_id;
    out.kind = in.kind;
    out.parent_remote_id = in.parent_remote_id;
    out.root_remote_id = in.root_remote_id;
    out.author_id = in.author_id;
    out.author_handle = in.author_handle;
    out.author_name = in.author_name;
    out.text = in.text;
    out.language = in.language;
    out.url = in.url;
    out.created_at = in.created_at_ms;
    return out;
}

}  // namespace

InboxWorker::InboxWorker(store::Database& db, const core::Clock& clock, const security::Vault& vault,
                         std::function<networks::Network*(core::Network)> connector, inbox::InboxService& inbox,
                         moderation::ModerationService& moderation, InboxWorkerOptions options)
    : db_(db),
      clock_(clock),
      vault_(vault),
      connector_(std::move(connector)),
      inbox_(inbox),
      moderation_(moderation),
      options_(options) {}

InboxWorker::~InboxWorker() { Stop(); }

void InboxWorker::Start() {
    if (running_.exchange(true)) return;
    thread_ = std::thread([this] { Loop(); });
}

void InboxWorker::Stop() {
    if (!running_.exchange(false)) return;
    Wake();
    if (thread_.joinable()) thread_.join();
}

void InboxWorker::Wake() {
    {
        std::lock_guard lock(mu_);
        woken_ = true;
    }
    cv_.notify_all();
}

void InboxWorker::Loop() {
    while (running_) {
        try {
            RunOnce();
        } catch (const std::exception& e) {
            core::LogEvent(spdlog::level::err, "inbox worker round failed", {{"error", e.what()}});
        }
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return woken_ || !running_; });
        woken_ = false;
    }
}

InboxRound InboxWorker::RunOnce() {
    std::lock_guard round_lock(round_mu_);
    InboxRound round;
    SendAnswers(round);
    SendDecisions(round);
    // The networks belfry has a connector for.
    std::vector<std::string> networks;
    for (auto n : core::AllNetworks()) {
        if (connector_ && connector_(n) != nullptr) networks.emplace_back(core::NetworkName(n));
    }
    std::vector<long long> channels;
    auto listed = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
        channels = store::ConnectedChannelIds(tx, networks);
        return true;
    });
    if (!listed) {
        ++round.errors;
        return round;
    }
    for (long long id : channels) FetchChannel(id, round);
    round.channels = static_cast<int>(channels.size());
    quiet_rounds_ = round.stored > 0 ? 0 : quiet_rounds_ + 1;
    if (quiet_rounds_ == 30) {
        auto merged = db_.Transact<bool>([](store::Tx& tx) -> core::Result<bool> {
            store::MergeSearchIndex(tx, 500);
            return true;
        });
        if (!merged) ++round.errors;
    }
    return round;
}

void InboxWorker::FetchChannel(long long channel_id, InboxRound& round) {
    ChannelAccount account;
    std::string cursor;
    auto loaded = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
        account = LoadChannelAccount(tx, channel_id, vault_);
        if (auto c = store::GetCursor(tx, channel_id)) cursor = c->value;
        return true;
    });
    if (!loaded || !account.error.empty()) return;
    auto* net = connector_ ? connector_(account.channel.network) : nullptr;
    if (net == nullptr) return;
    for (int page = 0; page < options_.max_pages_per_round; ++page) {
        auto fetched = net->FetchInbound(account.credentials, cursor, options_.page_limit);
        if (!fetched) {
            ++round.errors;
            core::LogEvent(spdlog::level::warn, "inbox fetch failed",
                           {{"channel", channel_id}, {"error", fetched.error().message}});
            return;
        }
        std::vector<inbox::Incoming> items;
        items.reserve(fetched->items.size());
        for (const auto& in : fetched->items) items.push_back(ToIncoming(in));
        round.fetched += static_cast<int>(items.size());
        auto stored = inbox_.Ingest(channel_id, items, fetched->cursor);
        if (!stored) {
            ++round.errors;
            core::LogEvent(spdlog::level::err, "inbox ingest failed",
                           {{"channel", channel_id}, {"error", stored.error().message}});
            return;
        }
        round.stored += stored->stored;
        if (stored->hidden > 0) Wake();  // hide at once, not a poll later
        cursor = fetched->cursor;
        if (!fetched->more) break;
    }
}

int InboxWorker::SendAnswers(InboxRound& round) {
    std::vector<inbox::Item> pending;
    auto listed = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
        pending = store::PendingAnswers(tx, 20);
        return true;
    });
    if (!listed) return 0;
    int sent = 0;
    for (const auto& item : pending) {
        ChannelAccount account;
        std::string root;
        auto loaded = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
            account = LoadChannelAccount(tx, item.channel_id, vault_);
            if (auto c = store::GetConversation(tx, item.conversation_id); c && c->post_id) {
                root = store::RemoteIdOfPost(tx, *c->post_id, item.channel_id);
            }
            return true;
        });
        if (!loaded) continue;  // the database: next round
        if (!account.error.empty()) {
            inbox_.RecordAnswerFailed(item.id, account.error, true);
            continue;
        }
        auto* net = connector_ ? connector_(account.channel.network) : nullptr;
        if (net == nullptr) {
            inbox_.RecordAnswerFailed(item.id, "belfry cannot answer on this network yet", true);
            continue;
        }
        networks::PublishRequest req;
        req.text = item.text;
        req.language = item.language;
        req.idempotency_key = item.send_key;
        req.first_attempt_ms = item.received_at;
        const int attempt = ++answer_attempts_[item.id];
        if (attempt > 1) {  // an earlier attempt may have posted it
            auto found = net->FindExisting(account.credentials, req);
            if (found && *found) {
                inbox_.RecordAnswerSent(item.id, (*found)->remote_id, (*found)->url);
                answer_attempts_.erase(item.id);
                ++sent;
                continue;
            }
        }
        const auto result = net->Reply(account.credentials, item.parent_remote_id, root, req);
        switch (result.outcome) {
            case networks::Outcome::kPublished:
                inbox_.RecordAnswerSent(item.id, result.post.remote_id, result.post.url);
                answer_attempts_.erase(item.id);
                ++sent;
                break;
            case networks::Outcome::kRejected:
                inbox_.RecordAnswerFailed(
                    item.id, result.explanation.empty() ? result.network_message : result.explanation, true);
                answer_attempts_.erase(item.id);
                ++round.errors;
                break;
            case networks::Outcome::kRetryLater:
            case networks::Outcome::kUnknown: {
                const bool final = attempt >= options_.max_attempts;
                inbox_.RecordAnswerFailed(item.id,
                                          (result.network_message.empty() ? std::string("the network did not answer")
                                                                          : result.network_message) +
                                              (final ? "" : "; trying again"),
                                          final);
                if (final) answer_attempts_.erase(item.id);
                ++round.errors;
                break;
            }
        }
    }
    round.answers_sent += sent;
    return sent;
}

int InboxWorker::SendDecisions(InboxRound& round) {
    std::vector<moderation::Decision> pending;
    auto listed = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
        pending = store::DecisionsToSend(tx, options_.max_attempts, 50);
        return true;
    });
    if (!listed) return 0;
    int done = 0;
    for (const auto& d : pending) {
        ChannelAccount account;
        std::optional<inbox::Item> item;
        std::string root;
        auto loaded = db_.Transact<bool>([&](store::Tx& tx) -> core::Result<bool> {
            item = store::GetItem(tx, d.item_id);
            if (!item) return true;
            account = LoadChannelAccount(tx, item->channel_id, vault_);
            if (auto c = store::GetConversation(tx, item->conversation_id); c && c->post_id) {
                root = store::RemoteIdOfPost(tx, *c->post_id, item->channel_id);
            }
            return true;
        });
        if (!loaded || !item) continue;
        if (!account.error.empty()) {
            moderation_.RecordNetworkResult(d.id, "failed", account.error, true);
            continue;
        }
        auto* net = connector_ ? connector_(account.channel.network) : nullptr;
        if (net == nullptr || !net->SupportsHide()) {
            moderation_.RecordNetworkResult(d.id, "not_supported", "this network does not let an account hide replies",
                                            true);
            continue;
        }
        const bool hide = d.action == moderation::kActionHide;
        auto status = hide ? net->Hide(account.credentials, item->remote_id, root)
                           : net->Unhide(account.credentials, item->remote_id, root);
        if (status) {
            moderation_.RecordNetworkResult(d.id, hide ? "hidden" : "restored", "", true);
            ++done;
        } else {
            const bool final = d.attempts + 1 >= options_.max_attempts;
            moderation_.RecordNetworkResult(d.id, "failed", status.error().message, final);
            ++round.errors;
        }
    }
    round.decisions_sent += done;
    return done;
}

}  // namespace belfry::jobs
