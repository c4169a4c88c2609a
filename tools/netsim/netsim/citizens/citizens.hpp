// Citizens: netsim accounts of their own that react to the channels (every account a test or the
// demo made) at a configurable rate — replies under the channels' posts, mentions, direct messages
// (Mastodon), quotes (Bluesky) — in French, Dutch, German and English (citizens/corpus.hpp).
//
// Contract
// - Settings: enabled, per_minute (0–6000, fractions allowed), seed. Set at start-up
//   (--citizens-per-minute, --citizens-seed: enabled when the rate is above 0) and by
//   POST /_netsim/citizens. Giving a seed restarts the sequence from it (the same seed on the same
//   channels and posts gives the same messages, in the same order, whatever the clock); enabling, or
//   a new rate, starts the schedule at the current time.
// - Step() posts what is due by the clock: message n (from 1) is due once
//   now ≥ start + n × 60 000 / per_minute ms; at most 1,000 per step (a clock jump skips the rest).
//   NetsimServer calls it every 200 ms; tests move a FakeClock and call POST /_netsim/citizens/tick.
//   Burst(n) posts n messages at once, whatever the settings.
// - Each message, drawn from one std::mt19937_64 seeded with the seed and used in a fixed order:
//   · 30 % of the time, when a channel has answered a citizen and that citizen has not written
//     again yet, the citizen follows up under the answer (thanks, or a further question), in the
//     language of their first message;
//   · otherwise a network among those with channels; a persona (citizens/corpus.hpp); a language
//     (the persona's own 80 % of the time); a kind (question 30, complaint 13, praise 9, insult 9,
//     spam 7, personal data 7, racism 5, discrimination 5, hostile 5, threat 4, long 3 — weights);
//     45 % of the offensive and spam messages have their marked words disguised (leetspeak,
//     repeated letters, separated letters, Cyrillic look-alikes, zero-width characters, mixed case);
//   · where: Mastodon — a reply under a channel's post 55 %, a mention of a channel 27 %, a direct
//     message to a channel 18 %; Bluesky — a reply 60 %, a mention 30 %, a quote 10 % (a reply or a
//     quote becomes a mention when the channels have no post yet); the client's language tag is
//     left out 10 % of the time.
//   Nothing happens while no account but citizens exists (the message is counted as skipped).
// - Citizens post through Network::PostAsCitizen (no rate limit, no fault, no latency). Status()
//   counts what was posted by network, kind, language and place; the last error, if any.
// - Thread-safe; Reset() goes back to the start-up settings.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "netsim/citizens/corpus.hpp"
#include "netsim/network.hpp"

namespace belfry::netsim {

struct CitizenSettings {
    bool enabled = false;
    double per_minute = 0;
    std::uint64_t seed = 1;
};

class Citizens {
  public:
    Citizens(Context ctx, std::vector<std::unique_ptr<Network>>& networks, CitizenSettings start);

    CitizenSettings settings() const;
    // Changes what is given (nullopt: unchanged); see the contract for what restarts.
    void Configure(std::optional<bool> enabled, std::optional<double> per_minute, std::optional<std::uint64_t> seed);
    int Step();
    int Burst(int count);
    boost::json::object Status() const;
    void Reset();

  private:
    void RestartLocked(std::uint64_t seed);
    void PostOneLocked();
    void Count(const std::string& network, const std::string& kind, const std::string& language,
               const std::string& where);
    Network* Find(const std::string& name);

    Context ctx_;
    std::vector<std::unique_ptr<Network>>& networks_;
    const CitizenSettings start_;
    mutable std::mutex mu_;
    CitizenSettings settings_;
    citizens::Rng rng_;
    core::Millis schedule_start_ = 0;
    long long scheduled_ = 0;  // messages of the schedule already handled
    long long posted_ = 0;
    long long skipped_ = 0;
    long long failed_ = 0;
    std::string last_error_;
    std::set<std::string> followed_up_;                               // answers a citizen already followed up
    std::map<std::string, std::map<std::string, long long>> counts_;  // dimension → value → count
};

}  // namespace belfry::netsim
