// Everything netsim remembers: accounts, Mastodon statuses and media, Bluesky records, blobs and
// sessions, Mastodon idempotency keys, and the run-time settings. In memory only.
//
// Contract
// - All data lives in one Data value behind one mutex; Locked(fn) runs fn(Data&) under it. fn must not
//   call back into State (the mutex is not recursive) and must not block.
// - Nothing is ever removed by the networks' calls: deleting a status sets deleted_at, deleting a record
//   moves it to `tombstones` with deleted_at set, so the control API can show what really happened (and
//   a record key can be used again). Only Reset() forgets.
// - Accounts are unique per (network, handle). Ids: Mastodon accounts, statuses, notifications and
//   media use snowflake ids; Bluesky accounts are DIDs. Citizens (citizens/citizens.hpp) are ordinary
//   accounts with `citizen` set; what they post carries the generator's label in `citizen_kind`.
// - Mastodon notifications are stored when a status is created (a mention of a local account);
//   Bluesky's are derived from the records when listed, as an AppView indexes them.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace belfry::netsim {

inline constexpr const char* kMastodon = "mastodon";
inline constexpr const char* kBluesky = "bluesky";

// The settings /_netsim/config changes at run time (rate limits live in the RateLimiter).
struct Settings {
    int latency_ms = 0;
    int mastodon_char_limit = 500;
    int timeout_ms = 30000;                   // default delay of a "timeout" fault
    bool bluesky_duplicate_rkey_500 = false;  // true: answer an existing rkey as the real PDS does (500)
    bool bluesky_appview = true;  // false: app.bsky.* answers as a PDS without an AppView (400 "No service …")
};

struct Account {
    std::string network;
    std::string id;  // Mastodon: snowflake; Bluesky: did
    std::string handle;
    std::string access_token;  // Mastodon
    std::string password;      // Bluesky
    core::Millis created_at = 0;
    std::string display_name;  // empty: the handle
    bool citizen = false;      // made by the citizens (or POST /_netsim/citizen-posts), not by a test
};

struct Media {
    std::string id;
    std::string account_id;
    std::string type;  // image, video, gifv, audio, unknown
    std::string mime_type;
    std::string file_name;  // the last part of its URL
    std::string description;
    std::string focus;
    std::string status_id;  // empty while not attached
    std::string bytes;
    core::Millis created_at = 0;
};

struct Status {
    std::string id;
    std::string account_id;
    std::string text;
    std::string spoiler_text;
    std::string visibility = "public";
    std::string language;  // empty: null
    std::string in_reply_to_id;
    std::string in_reply_to_account_id;
    std::vector<std::string> mention_ids;  // local accounts the text mentions, in order
    bool sensitive = false;
    std::vector<std::string> media_ids;
    std::string idempotency_key;
    core::Millis created_at = 0;
    core::Millis edited_at = 0;   // 0: never
    core::Millis deleted_at = 0;  // 0: live
    std::string citizen_kind;     // the generator's label ("question", "insult", …) or "" (netsim only)
};

// A Mastodon notification (only "mention" is ever made: netsim has no favourites, boosts or follows).
struct Notification {
    std::string id;
    std::string account_id;  // who is notified
    std::string type = "mention";
    std::string from_account_id;  // who caused it
    std::string status_id;
    core::Millis created_at = 0;
};

// A Mastodon report (POST /api/v1/reports).
struct Report {
    std::string id;
    std::string account_id;         // who reported
    std::string target_account_id;  // who is reported
    std::vector<std::string> status_ids;
    std::string comment;
    std::string category = "other";
    bool forward = false;
    core::Millis created_at = 0;
};

struct Blob {
    std::string cid;
    std::string did;
    std::string mime_type;
    std::string bytes;
    core::Millis created_at = 0;
};

struct Record {
    std::string did;
    std::string collection;
    std::string rkey;
    std::string cid;
    boost::json::value value;
    core::Millis created_at = 0;
    core::Millis deleted_at = 0;
    std::string citizen_kind;  // as Status::citizen_kind
    std::string Uri() const { return "at://" + did + "/" + collection + "/" + rkey; }
};

struct Session {
    std::string did;
    bool refresh = false;
    bool revoked = false;
    core::Millis expires_at = 0;
};

struct Idempotency {
    std::string status_id;
    core::Millis at = 0;
};

struct Data {
    Settings settings;
    std::string base_url;  // "http://127.0.0.1:PORT", set once listening
    std::vector<Account> accounts;
    std::map<std::string, Media> media;       // by id
    std::map<std::string, Status> statuses;   // by id (snowflakes sort by time)
    std::map<std::string, Blob> blobs;        // by did + " " + cid
    std::map<std::string, Record> records;    // live records, by Uri()
    std::vector<Record> tombstones;           // deleted records, in the order of deletion
    std::map<std::string, Session> sessions;  // by token
    std::map<std::pair<std::string, std::string>, Idempotency> idempotency;  // (account id, key)
    std::map<std::string, Notification> notifications;  // Mastodon, by id (snowflakes sort by time)
    std::vector<Report> reports;                        // Mastodon, in the order filed

    Account* FindAccount(const std::string& network, const std::string& handle_or_id);
    const Account* FindAccount(const std::string& network, const std::string& handle_or_id) const;
    Account* FindMastodonByToken(const std::string& token);
};

class State {
  public:
    explicit State(Settings defaults) : defaults_(defaults) { data_.settings = defaults; }

    template <class F>
    auto Locked(F&& fn) {
        std::lock_guard lock(mu_);
        return fn(data_);
    }
    // Forgets everything but base_url; settings go back to the start-up values.
    void Reset();

  private:
    std::mutex mu_;
    Settings defaults_;
    Data data_;
};

}  // namespace belfry::netsim
