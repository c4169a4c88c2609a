// InboxWorker: the inbox's link with the networks (issue 5). One thread that, in turn:
//   1. sends the answers people wrote (outbound items `pending`) as threaded replies;
//   2. carries out the moderation decisions waiting for the network (hide, unhide);
//   3. fetches each connected channel's new reactions (FetchInbound from its stored cursor) and
//      hands them to InboxService::Ingest (one transaction per page, the cursor with it).
//
// Contract
// - Answers: the idempotency key is the item's send_key, so a retry after a timeout cannot post
//   twice (FindExisting first when the previous attempt's outcome was unknown). Rejected → failed
//   with the network's words; retry-later and unknown → retried on later rounds, at most
//   max_attempts, then failed.
// - Decisions: hide/unhide are idempotent on the networks; a failure is retried on later rounds
//   (max_attempts), then recorded failed (the item shows `hide_failed`).
// - A channel whose fetch fails keeps its cursor; the error is logged (with the channel) and the channel
//   is tried again next round. Rounds are `poll_ms` apart; Wake() starts one at once (an answer or
//   a decision was just recorded).
// - After 30 quiet rounds in a row (nothing stored), the full-text index is tidied a little
//   (store::MergeSearchIndex), so searches stay fast without slowing ingestion down.
// - RunOnce() does one round on the calling thread (tests, the demo's first fill).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "inbox/inbox_service.hpp"
#include "moderation/moderation_service.hpp"
#include "networks/network.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"

namespace belfry::jobs {

struct InboxWorkerOptions {
    core::Millis poll_ms = 1000;
    int page_limit = 40;  // items per FetchInbound call
    int max_pages_per_round = 5;
    int max_attempts = 8;
};

struct InboxRound {
    int channels = 0;
    int fetched = 0;
    int stored = 0;
    int answers_sent = 0;
    int decisions_sent = 0;
    int errors = 0;
};

class InboxWorker {
  public:
    InboxWorker(store::Database& db, const core::Clock& clock, const security::Vault& vault,
                std::function<networks::Network*(core::Network)> connector, inbox::InboxService& inbox,
                moderation::ModerationService& moderation, InboxWorkerOptions options = {});
    ~InboxWorker();

    void Start();
    void Stop();
    void Wake();
    InboxRound RunOnce();

  private:
    void Loop();
    int SendAnswers(InboxRound& round);
    int SendDecisions(InboxRound& round);
    void FetchChannel(long long channel_id, InboxRound& round);

    store::Database& db_;
    const core::Clock& clock_;
    const security::Vault& vault_;
    std::function<networks::Network*(core::Network)> connector_;
    inbox::InboxService& inbox_;
    moderation::ModerationService& moderation_;
    InboxWorkerOptions options_;
    std::atomic<bool> running_{false};
    std::mutex mu_;
    std::condition_variable cv_;
    bool woken_ = false;
    std::thread thread_;
    std::mutex round_mu_;                       // one round at a time (the thread, RunOnce)
    std::map<long long, int> answer_attempts_;  // item id → attempts so far (in memory)
    int quiet_rounds_ = 0;                      // rounds in a row that stored nothing
};

}  // namespace belfry::jobs
