// The connectors publishing for real, through CurlHttpClient, to netsim started as a child process
// (it speaks the Mastodon REST and Bluesky XRPC subset as the networks do). Counts what netsim
// stored: a repeat, a fault or a lost connection must never make a second post. Skipped when the
// netsim binary is not built.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "networks/bluesky/bluesky.hpp"
#include "networks/http_client.hpp"
#include "networks/network.hpp"
#include "support/netsim_process.hpp"

namespace belfry::networks {
namespace {

// A real 1×1 PNG.
const std::string kPng(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00"
    "\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9"
    "\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82",
    69);

class NetsimConnectors : public ::testing::Test {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<belfry::testing::NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        ConnectorOptions o;
        o.request_timeout_ms = 5000;
        o.media_poll_interval_ms = 50;
        mastodon_ = MakeNetwork(core::Network::kMastodon, http_, o);
        bluesky_ = MakeNetwork(core::Network::kBluesky, http_, o);
    }

    boost::json::value Control(const std::string& method, const std::string& path, const std::string& body = "") {
        HttpRequest r;
        r.method = method;
        r.url = netsim_->url() + path;
        r.body = body;
        if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        auto resp = http_.Send(r);
        EXPECT_TRUE(resp.ok()) << method << " " << path;
        if (!resp.ok()) return {};
        EXPECT_LT(resp->status, 300) << method << " " << path << ": " << resp->body;
        return boost::json::parse(resp->body);
    }

    Credentials Account(const std::string& network, const std::string& handle) {
        const auto o =
            Control("POST", "/_netsim/accounts", R"({"network":")" + network + R"(","handle":")" + handle + R"("})")
                .as_object();
        Credentials c;
        auto str = [&o](const char* k) {
            const auto* v = o.if_contains(k);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        c.base_url = str("base_url");
        c.access_token = str("access_token");
        c.identifier = str("identifier");
        c.password = str("password");
        c.did = str("did");
        if (network == "bluesky") c.access_token.clear();  // log in with the app password
        return c;
    }

    // Live (not deleted) posts netsim stored for the account.
    size_t Posts(const std::string& network, const std::string& handle) {
        const auto v = Control("GET", "/_netsim/posts?network=" + network + "&account=" + handle);
        size_t live = 0;
        for (const auto& item : v.as_object().at("items").as_array()) {
            const auto* deleted = item.as_object().if_contains("deleted");
            if (deleted == nullptr || !deleted->is_bool() || !deleted->as_bool()) ++live;
        }
        return live;
    }

    void Fault(const std::string& network, const std::string& endpoint, const std::string& kind, int retry_after = 60) {
        Control("POST", "/_netsim/faults",
                R"({"network":")" + network + R"(","endpoint":")" + endpoint + R"(","kind":")" + kind +
                    R"(","count":1,"retry_after":)" + std::to_string(retry_after) + "}");
    }

    // A citizen's message through POST /_netsim/citizen-posts; the created status or record.
    boost::json::object Citizen(const boost::json::object& body) {
        return Control("POST", "/_netsim/citizen-posts", boost::json::serialize(body)).as_object();
    }
    static std::string Str(const boost::json::object& o, const char* key) {
        const auto* v = o.if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    }
    // netsim's view of one post (by status id or at:// uri).
    boost::json::object Stored(const std::string& network, const std::string& id) {
        const auto v = Control("GET", "/_netsim/posts?network=" + network);
        for (const auto& item : v.as_object().at("items").as_array()) {
            const auto& o = item.as_object();
            if (Str(o, network == "mastodon" ? "id" : "uri") == id) return o;
        }
        ADD_FAILURE() << "netsim has no post " << id;
        return {};
    }
    // Every item from `cursor` on, page by page; checks that no item comes twice.
    std::vector<InboundItem> Drain(Network& network, const Credentials& c, std::string* cursor, int limit, int* calls) {
        std::vector<InboundItem> all;
        std::set<std::string> seen;
        for (int i = 0; i < 50; ++i) {
            auto page = network.FetchInbound(c, *cursor, limit);
            EXPECT_TRUE(page.ok()) << page.error().message;
            if (!page.ok()) break;
            ++*calls;
            EXPECT_LE(static_cast<int>(page->items.size()), limit);
            for (const auto& item : page->items) {
                EXPECT_TRUE(seen.insert(item.remote_id).second) << "delivered twice: " << item.remote_id;
                all.push_back(item);
            }
            *cursor = page->cursor;
            if (!page->more) break;
        }
        return all;
    }

    PublishRequest Request(const std::string& key) {
        PublishRequest r;
        r.text = "Avis aux voyageurs : https://diplomatie.belgium.be #Voyage — état des routes mis à jour.";
        r.language = "fr";
        r.idempotency_key = key;
        r.first_attempt_ms = core::SystemClock().NowMs();
        return r;
    }

    std::unique_ptr<belfry::testing::NetsimProcess> netsim_;
    CurlHttpClient http_;
    std::unique_ptr<Network> mastodon_;
    std::unique_ptr<Network> bluesky_;
};

TEST_F(NetsimConnectors, MastodonARepeatWithTheSameKeyStoresOnePost) {
    const Credentials c = Account("mastodon", "affaires_etrangeres");
    const auto req = Request("rendition-1-fr");
    const PublishResult first = mastodon_->Publish(c, req);
    ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
    EXPECT_FALSE(first.post.url.empty());
    ASSERT_TRUE(first.rate_limit.has_value());
    EXPECT_GT(first.rate_limit->limit, 0);
    const PublishResult again = mastodon_->Publish(c, req);
    ASSERT_EQ(again.outcome, Outcome::kPublished);
    EXPECT_EQ(again.post.remote_id, first.post.remote_id);
    EXPECT_EQ(Posts("mastodon", "affaires_etrangeres"), 1u);

    auto profile = mastodon_->FetchProfile(c);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    EXPECT_EQ(profile->handle.substr(0, profile->handle.find('@')), "affaires_etrangeres");

    ASSERT_TRUE(mastodon_->Delete(c, first.post.remote_id).ok());
    EXPECT_EQ(Posts("mastodon", "affaires_etrangeres"), 0u);
}

TEST_F(NetsimConnectors, MastodonImageWithDescription) {
    const Credentials c = Account("mastodon", "sante");
    auto req = Request("rendition-2-fr");
    req.media.push_back({kPng, "image/png", "Carte des zones touchées par les inondations"});
    const PublishResult r = mastodon_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    const auto posts = Control("GET", "/_netsim/posts?network=mastodon&account=sante");
    EXPECT_NE(boost::json::serialize(posts).find("Carte des zones touch"), std::string::npos)
        << boost::json::serialize(posts);
}

TEST_F(NetsimConnectors, MastodonEditReplacesTheTextKeepsTheImageAndCanBeRepeated) {
    const Credentials c = Account("mastodon", "corrections");
    auto req = Request("rendition-edit-fr");
    req.media.push_back({kPng, "image/png", "Le pont fermé"});
    const PublishResult published = mastodon_->Publish(c, req);
    ASSERT_EQ(published.outcome, Outcome::kPublished) << published.explanation << " / " << published.network_message;
    EXPECT_TRUE(mastodon_->SupportsEdit());
    auto edit = req;
    edit.text = "Avis aux voyageurs : le pont est rouvert.";
    const PublishResult edited = mastodon_->Edit(c, published.post.remote_id, edit);
    ASSERT_EQ(edited.outcome, Outcome::kPublished) << edited.explanation << " / " << edited.network_message;
    EXPECT_EQ(edited.post.remote_id, published.post.remote_id);
    // The same edit again (a retry after a lost answer) changes nothing and makes no second post.
    const PublishResult repeated = mastodon_->Edit(c, published.post.remote_id, edit);
    ASSERT_EQ(repeated.outcome, Outcome::kPublished) << repeated.explanation;
    const auto items = Control("GET", "/_netsim/posts?network=mastodon&account=corrections").at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    const auto& post = items[0].as_object();
    EXPECT_EQ(post.at("text").as_string(), edit.text);
    EXPECT_FALSE(post.at("edited_at").is_null());
    ASSERT_EQ(post.at("media_attachments").as_array().size(), 1u) << "the edit keeps the image";
    EXPECT_EQ(post.at("media_attachments").as_array()[0].as_object().at("description").as_string(), "Le pont fermé");
}

TEST_F(NetsimConnectors, MastodonEditAfterA500IsRetryLaterAndOfAGonePostIsRejected) {
    const Credentials c = Account("mastodon", "retries");
    const PublishResult published = mastodon_->Publish(c, Request("rendition-edit-500"));
    ASSERT_EQ(published.outcome, Outcome::kPublished);
    auto edit = Request("rendition-edit-500");
    edit.text = "Texte corrigé";
    Fault("mastodon", "PUT /api/v1/statuses/:id", "500");
    EXPECT_EQ(mastodon_->Edit(c, published.post.remote_id, edit).outcome, Outcome::kRetryLater);
    EXPECT_EQ(mastodon_->Edit(c, published.post.remote_id, edit).outcome, Outcome::kPublished);

    // Deleting twice: the second finds it gone, which counts as deleted.
    ASSERT_TRUE(mastodon_->Delete(c, published.post.remote_id).ok());
    EXPECT_TRUE(mastodon_->Delete(c, published.post.remote_id).ok());
    const PublishResult gone = mastodon_->Edit(c, published.post.remote_id, edit);
    EXPECT_EQ(gone.outcome, Outcome::kRejected);
    EXPECT_EQ(gone.http_status, 404);
}

TEST_F(NetsimConnectors, BlueskyRefusesAnEditWithoutAnyCall) {
    const Credentials c = Account("bluesky", "noedit.bsky.social");
    const PublishResult published = bluesky_->Publish(c, Request("rendition-bsky-edit"));
    ASSERT_EQ(published.outcome, Outcome::kPublished) << published.explanation;
    EXPECT_FALSE(bluesky_->SupportsEdit());
    auto edit = Request("rendition-bsky-edit");
    edit.text = "Autre texte";
    const PublishResult refused = bluesky_->Edit(c, published.post.remote_id, edit);
    EXPECT_EQ(refused.outcome, Outcome::kRejected);
    EXPECT_EQ(refused.http_status, 0);
    EXPECT_EQ(refused.explanation, "Bluesky does not allow editing a published post: delete it and publish again.");
    const auto items =
        Control("GET", "/_netsim/posts?network=bluesky&account=noedit.bsky.social").at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].as_object().at("text").as_string(), Request("x").text);
    // deleteRecord, then again: already gone is deleted.
    ASSERT_TRUE(bluesky_->Delete(c, published.post.remote_id).ok());
    EXPECT_TRUE(bluesky_->Delete(c, published.post.remote_id).ok());
    EXPECT_EQ(Posts("bluesky", "noedit.bsky.social"), 0u);
}

TEST_F(NetsimConnectors, MastodonRateLimitedIsRetryLaterWithTheNetworksDelay) {
    const Credentials c = Account("mastodon", "finances");
    Fault("mastodon", "POST /api/v1/statuses", "429", 42);
    const auto req = Request("rendition-3-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_EQ(r.retry_after_seconds, 42);
    EXPECT_EQ(Posts("mastodon", "finances"), 0u);
    EXPECT_EQ(mastodon_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "finances"), 1u);
}

TEST_F(NetsimConnectors, MastodonServerErrorIsRetriedSafelyWithTheKey) {
    const Credentials c = Account("mastodon", "justice");
    Fault("mastodon", "POST /api/v1/statuses", "500");
    const auto req = Request("rendition-4-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater);
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(mastodon_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "justice"), 1u);
}

TEST_F(NetsimConnectors, MastodonDropAfterStoreIsUnknownThenFoundByReconciliation) {
    const Credentials c = Account("mastodon", "interieur");
    Fault("mastodon", "POST /api/v1/statuses", "drop_after_store");
    const auto req = Request("rendition-5-fr");
    const PublishResult r = mastodon_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kUnknown) << r.explanation;
    EXPECT_EQ(Posts("mastodon", "interieur"), 1u) << "netsim did store it";
    auto found = mastodon_->FindExisting(c, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value());
    // A retry with the same key returns the same status instead of a second one.
    const PublishResult again = mastodon_->Publish(c, req);
    ASSERT_EQ(again.outcome, Outcome::kPublished);
    EXPECT_EQ(again.post.remote_id, (*found)->remote_id);
    EXPECT_EQ(Posts("mastodon", "interieur"), 1u);
}

TEST_F(NetsimConnectors, MastodonTimeoutIsUnknownAndReconciliationFindsNothing) {
    const Credentials c = Account("mastodon", "mobilite");
    Control("POST", "/_netsim/config", R"({"timeout_ms":2500})");
    ConnectorOptions o;
    o.request_timeout_ms = 700;
    auto impatient = MakeNetwork(core::Network::kMastodon, http_, o);
    Fault("mastodon", "POST /api/v1/statuses", "timeout");
    const auto req = Request("rendition-6-fr");
    const PublishResult r = impatient->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kUnknown) << r.explanation;
    auto found = impatient->FindExisting(c, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_FALSE(found->has_value());
    EXPECT_EQ(impatient->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("mastodon", "mobilite"), 1u);
}

TEST_F(NetsimConnectors, BlueskyARepeatTargetsTheSameRecord) {
    for (const char* duplicate : {"400", "500"}) {  // netsim can answer an existing key as today's PDS does (500)
        Control("POST", "/_netsim/config", R"({"bluesky_duplicate_rkey":")" + std::string(duplicate) + R"("})");
        const std::string handle = std::string("belgium-") + duplicate + ".bsky.social";
        const Credentials c = Account("bluesky", handle);
        const auto req = Request(std::string("rendition-7-fr-") + duplicate);
        const PublishResult first = bluesky_->Publish(c, req);
        ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
        EXPECT_EQ(first.post.url, "https://bsky.app/profile/" + handle + "/post/" +
                                      first.post.remote_id.substr(first.post.remote_id.rfind('/') + 1));
        const PublishResult again = bluesky_->Publish(c, req);
        ASSERT_EQ(again.outcome, Outcome::kPublished) << again.explanation << " / " << again.network_message;
        EXPECT_EQ(again.post.remote_id, first.post.remote_id);
        EXPECT_EQ(Posts("bluesky", handle), 1u);
        // The record carries the facets, in UTF-8 byte offsets.
        const auto posts = boost::json::serialize(Control("GET", "/_netsim/posts?network=bluesky&account=" + handle));
        EXPECT_NE(posts.find("app.bsky.richtext.facet#link"), std::string::npos) << posts;
    }
}

TEST_F(NetsimConnectors, BlueskyImageWithAltText) {
    const Credentials c = Account("bluesky", "sante.bsky.social");
    auto req = Request("rendition-8-fr");
    req.media.push_back({kPng, "image/png", "Carte des zones touchées"});
    const PublishResult r = bluesky_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    const auto posts =
        boost::json::serialize(Control("GET", "/_netsim/posts?network=bluesky&account=sante.bsky.social"));
    EXPECT_NE(posts.find("app.bsky.embed.images"), std::string::npos) << posts;
}

TEST_F(NetsimConnectors, BlueskyRateLimitedIsRetryLater) {
    const Credentials c = Account("bluesky", "finances.bsky.social");
    Fault("bluesky", "com.atproto.repo.createRecord", "429", 30);
    const auto req = Request("rendition-9-fr");
    const PublishResult r = bluesky_->Publish(c, req);
    EXPECT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_EQ(r.retry_after_seconds, 30);
    EXPECT_EQ(bluesky_->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("bluesky", "finances.bsky.social"), 1u);
}

TEST_F(NetsimConnectors, BlueskyDropAfterStoreIsConfirmedByReadingTheRecordBack) {
    const Credentials c = Account("bluesky", "interieur.bsky.social");
    Fault("bluesky", "com.atproto.repo.createRecord", "drop_after_store");
    const auto req = Request("rendition-10-fr");
    const PublishResult r = bluesky_->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kPublished) << r.explanation << " / " << r.network_message;
    auto found = bluesky_->FindExisting(c, req);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->remote_id, r.post.remote_id);
    EXPECT_EQ(Posts("bluesky", "interieur.bsky.social"), 1u);
    ASSERT_TRUE(bluesky_->Delete(c, r.post.remote_id).ok());
    EXPECT_EQ(Posts("bluesky", "interieur.bsky.social"), 0u);
    found = bluesky_->FindExisting(c, req);
    ASSERT_TRUE(found.ok());
    EXPECT_FALSE(found->has_value());
}

TEST_F(NetsimConnectors, BlueskyTimeoutIsSafeToRetry) {
    const Credentials c = Account("bluesky", "mobilite.bsky.social");
    Control("POST", "/_netsim/config", R"({"timeout_ms":2500})");
    ConnectorOptions o;
    o.request_timeout_ms = 700;
    auto impatient = MakeNetwork(core::Network::kBluesky, http_, o);
    Fault("bluesky", "com.atproto.repo.createRecord", "timeout");
    const auto req = Request("rendition-11-fr");
    const PublishResult r = impatient->Publish(c, req);
    ASSERT_EQ(r.outcome, Outcome::kRetryLater) << r.explanation;
    EXPECT_TRUE(r.may_exist);
    EXPECT_EQ(impatient->Publish(c, req).outcome, Outcome::kPublished);
    EXPECT_EQ(Posts("bluesky", "mobilite.bsky.social"), 1u);
}

TEST_F(NetsimConnectors, BlueskyProfileAndARefusedPassword) {
    Credentials c = Account("bluesky", "premier.bsky.social");
    auto profile = bluesky_->FetchProfile(c);
    ASSERT_TRUE(profile.ok()) << profile.error().message;
    EXPECT_EQ(profile->id, c.did);
    EXPECT_EQ(profile->handle, "premier.bsky.social");
    Credentials wrong = Account("bluesky", "autre.bsky.social");
    wrong.password = "not-the-password";
    const PublishResult r = bluesky_->Publish(wrong, Request("rendition-12-fr"));
    EXPECT_EQ(r.outcome, Outcome::kRejected) << r.explanation;
}

// ------------------------------------------------------------------ citizens' reactions

TEST_F(NetsimConnectors, MastodonInboundPagesThroughCursorsWithThreadingDirectMessagesAndPlainText) {
    const Credentials c = Account("mastodon", "affaires_etrangeres");
    const PublishResult post = mastodon_->Publish(c, Request("inbound-m-1"));
    ASSERT_EQ(post.outcome, Outcome::kPublished) << post.explanation;
    const std::string channel_post = post.post.remote_id;
    // The first call starts "now": one reaction already there.
    Citizen({{"network", "mastodon"},
             {"author_handle", "lea_dupont"},
             {"author_name", "Léa Dupont"},
             {"text", "Première !"},
             {"in_reply_to", channel_post},
             {"language", "fr"}});
    auto first = mastodon_->FetchInbound(c, "", 20);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first->items.size(), 1u);
    std::string cursor = first->cursor;
    EXPECT_FALSE(cursor.empty());

    // Seven more: five replies, a mention, a direct message with markup and lines.
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(Str(Citizen({{"network", "mastodon"},
                                   {"author_handle", "wout_janssens"},
                                   {"author_name", "<script>alert(1)</script>"},
                                   {"text", "Vraag " + std::to_string(i) + " over itsme?"},
                                   {"in_reply_to", channel_post},
                                   {"language", "nl"}}),
                          "id"));
    }
    ids.push_back(Str(Citizen({{"network", "mastodon"},
                               {"author_handle", "lena_schmitz"},
                               {"author_name", "Lena"},
                               {"text", "Wo finde ich das Formular?"},
                               {"mention", "affaires_etrangeres"},
                               {"language", "de"}}),
                      "id"));
    ids.push_back(Str(Citizen({{"network", "mastodon"},
                               {"author_handle", "lea_dupont"},
                               {"author_name", "Léa Dupont"},
                               {"text", "Mon numéro <b>national</b> & mon GSM :\n85.07.30-033.61\n\nMerci"},
                               {"direct_to", "affaires_etrangeres"},
                               {"language", "fr"}}),
                      "id"));
    int calls = 0;
    const auto items = Drain(*mastodon_, c, &cursor, 3, &calls);
    ASSERT_EQ(items.size(), ids.size());
    EXPECT_GE(calls, 3) << "three pages of at most 3";
    for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(items[i].remote_id, ids[i]) << "oldest first, none skipped";
    EXPECT_EQ(items[0].kind, "reply");
    EXPECT_EQ(items[0].parent_remote_id, channel_post);
    EXPECT_EQ(items[0].root_remote_id, channel_post);
    EXPECT_EQ(items[0].author_handle, "wout_janssens");
    EXPECT_EQ(items[0].author_name, "<script>alert(1)</script>") << "verbatim";
    EXPECT_EQ(items[0].text, "@affaires_etrangeres Vraag 0 over itsme?") << "the client's mention is part of it";
    EXPECT_EQ(items[0].language, "nl");
    EXPECT_NE(items[0].url.find("/@wout_janssens/" + ids[0]), std::string::npos) << items[0].url;
    EXPECT_GT(items[0].created_at_ms, 0);
    EXPECT_EQ(items[5].kind, "mention");
    EXPECT_EQ(items[5].parent_remote_id, "");
    EXPECT_EQ(items[6].kind, "direct");
    EXPECT_EQ(items[6].text, "@affaires_etrangeres Mon numéro <b>national</b> & mon GSM :\n85.07.30-033.61\n\nMerci");

    // Nothing new: nothing delivered, the cursor stays.
    const std::string before = cursor;
    EXPECT_TRUE(Drain(*mastodon_, c, &cursor, 3, &calls).empty());
    EXPECT_EQ(cursor, before);
}

TEST_F(NetsimConnectors, MastodonReplyIsThreadedDirectWhenAnsweringADirectMessageAndIdempotent) {
    const Credentials c = Account("mastodon", "finances_be");
    const std::string dm = Str(Citizen({{"network", "mastodon"},
                                        {"author_handle", "marc_dewaele"},
                                        {"author_name", "Marc"},
                                        {"text", "Tax-on-web est en panne ?"},
                                        {"direct_to", "finances_be"},
                                        {"language", "fr"}}),
                               "id");
    auto req = Request("reply-dm-1");
    req.text = "Bonjour Marc, le service est rétabli.";
    const PublishResult first = mastodon_->Reply(c, dm, "", req);
    ASSERT_EQ(first.outcome, Outcome::kPublished) << first.explanation << " / " << first.network_message;
    const PublishResult again = mastodon_->Reply(c, dm, "", req);
    ASSERT_EQ(again.outcome, Outcome::kPublished);
    EXPECT_EQ(again.post.remote_id, first.post.remote_id) << "the idempotency key protects a repeat";
    const auto replies = Control("GET", "/_netsim/posts?network=mastodon&in_reply_to=" + dm).at("items").as_array();
    ASSERT_EQ(replies.size(), 1u);
    const auto& stored = replies[0].as_object();
    EXPECT_EQ(Str(stored, "visibility"), "direct") << "a direct message is answered directly";
    EXPECT_EQ(Str(stored, "text"), "@marc_dewaele Bonjour Marc, le service est rétabli.");
    EXPECT_EQ(Str(stored, "author"), "finances_be");
    auto found = mastodon_->FindExisting(c, req);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value()) << "FindExisting finds a reply despite the mention in front";
    EXPECT_EQ((*found)->remote_id, first.post.remote_id);

    // The citizen sees the answer: it is in their notifications.
    const auto accounts = Control("GET", "/_netsim/accounts?network=mastodon").at("items").as_array();
    Credentials citizen;
    for (const auto& a : accounts) {
        if (Str(a.as_object(), "handle") == "marc_dewaele") {
            citizen.base_url = Str(a.as_object(), "base_url");
            citizen.access_token = Str(a.as_object(), "access_token");
        }
    }
    auto seen = mastodon_->FetchInbound(citizen, "", 5);
    ASSERT_TRUE(seen.ok()) << seen.error().message;
    ASSERT_EQ(seen->items.size(), 1u);
    EXPECT_EQ(seen->items[0].kind, "direct");
    EXPECT_EQ(seen->items[0].parent_remote_id, dm);
}

TEST_F(NetsimConnectors, MastodonCannotHideButReportsToTheModerators) {
    const Credentials c = Account("mastodon", "emploi");
    const PublishResult post = mastodon_->Publish(c, Request("report-1"));
    ASSERT_EQ(post.outcome, Outcome::kPublished);
    const std::string insult = Str(Citizen({{"network", "mastodon"},
                                            {"author_handle", "troll_42"},
                                            {"text", "Bande d'incompétents"},
                                            {"in_reply_to", post.post.remote_id}}),
                                   "id");
    EXPECT_FALSE(mastodon_->SupportsHide());
    const auto hidden = mastodon_->Hide(c, insult, post.post.remote_id);
    ASSERT_FALSE(hidden.ok());
    EXPECT_TRUE(IsUnsupported(hidden.error())) << hidden.error().message;
    EXPECT_FALSE(Stored("mastodon", insult).at("hidden").as_bool());
    ASSERT_TRUE(mastodon_->Report(c, insult, "Insulte envers le personnel").ok());
    const auto reports = Control("GET", "/_netsim/reports").at("items").as_array();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(Str(reports[0].as_object(), "target_account"), "troll_42");
    EXPECT_EQ(reports[0].as_object().at("status_ids").as_array()[0].as_string(), insult);
}

TEST_F(NetsimConnectors, MastodonInboundFaultsAreRetryableErrors) {
    const Credentials c = Account("mastodon", "mobilite_be");
    ASSERT_TRUE(mastodon_->FetchInbound(c, "", 5).ok());  // caches the account id
    Fault("mastodon", "GET /api/v1/notifications", "429", 42);
    auto limited = mastodon_->FetchInbound(c, "", 5);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.error().code, core::ErrorCode::kTooManyRequests);
    EXPECT_EQ(limited.error().retry_after_seconds, 42);
    Fault("mastodon", "GET /api/v1/notifications", "500");
    auto failed = mastodon_->FetchInbound(c, "", 5);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, core::ErrorCode::kUnavailable);
    EXPECT_TRUE(IsRetryable(failed.error()));
    EXPECT_TRUE(mastodon_->FetchInbound(c, "", 5).ok());
}

TEST_F(NetsimConnectors, BlueskyInboundPagesThroughCursorsWithThreadingQuotesAndFallsBackWithoutAnAppView) {
    const Credentials c = Account("bluesky", "diplomatie.bsky.social");
    const PublishResult post = bluesky_->Publish(c, Request("inbound-b-1"));
    ASSERT_EQ(post.outcome, Outcome::kPublished) << post.explanation;
    const std::string root = post.post.remote_id;
    Citizen({{"network", "bluesky"},
             {"author_handle", "lea-dupont.bsky.social"},
             {"author_name", "Léa Dupont"},
             {"text", "Première !"},
             {"in_reply_to", root},
             {"language", "fr"}});
    auto first = bluesky_->FetchInbound(c, "", 20);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first->items.size(), 1u);
    std::string cursor = first->cursor;

    for (const bool appview : {true, false}) {
        Control("POST", "/_netsim/config", std::string(R"({"bluesky_appview":)") + (appview ? "true" : "false") + "}");
        std::vector<std::string> uris;
        for (int i = 0; i < 4; ++i) {
            uris.push_back(Str(Citizen({{"network", "bluesky"},
                                        {"author_handle", "wout-janssens.bsky.social"},
                                        {"author_name", "Wout \u202Egnp.exe\u202C"},
                                        {"text", "Vraag " + std::to_string(i)},
                                        {"in_reply_to", root},
                                        {"language", "nl"}}),
                               "uri"));
        }
        // A reply to a reply stays in the account's thread.
        uris.push_back(Str(Citizen({{"network", "bluesky"},
                                    {"author_handle", "lena-schmitz.bsky.social"},
                                    {"text", "Ich auch!"},
                                    {"in_reply_to", uris[0]},
                                    {"language", "de"}}),
                           "uri"));
        uris.push_back(Str(Citizen({{"network", "bluesky"},
                                    {"author_handle", "olivia-smith.bsky.social"},
                                    {"text", "Who can help?"},
                                    {"mention", "diplomatie.bsky.social"}}),
                           "uri"));
        uris.push_back(Str(Citizen({{"network", "bluesky"},
                                    {"author_handle", "olivia-smith.bsky.social"},
                                    {"text", "Look at this"},
                                    {"quote", root}}),
                           "uri"));
        int calls = 0;
        const auto items = Drain(*bluesky_, c, &cursor, 2, &calls);
        ASSERT_EQ(items.size(), uris.size()) << (appview ? "AppView" : "repositories");
        EXPECT_GE(calls, 4);
        std::set<std::string> got;
        for (const auto& item : items) got.insert(item.remote_id);
        EXPECT_EQ(got, std::set<std::string>(uris.begin(), uris.end()));
        for (size_t i = 1; i < items.size(); ++i) {
            EXPECT_LE(items[i - 1].created_at_ms, items[i].created_at_ms) << "oldest first";
        }
        for (const auto& item : items) {
            if (item.remote_id == uris[4]) {
                EXPECT_EQ(item.kind, "reply");
                EXPECT_EQ(item.parent_remote_id, uris[0]);
                EXPECT_EQ(item.root_remote_id, root);
            } else if (item.remote_id == uris[0]) {
                EXPECT_EQ(item.kind, "reply");
                EXPECT_EQ(item.author_handle, "wout-janssens.bsky.social");
                EXPECT_EQ(item.author_name, "Wout \u202Egnp.exe\u202C");
                EXPECT_EQ(item.text, "Vraag 0");
                EXPECT_EQ(item.language, "nl");
                EXPECT_EQ(item.url, "https://bsky.app/profile/wout-janssens.bsky.social/post/" +
                                        item.remote_id.substr(item.remote_id.rfind('/') + 1));
            } else if (item.remote_id == uris[5] || item.remote_id == uris[6]) {
                EXPECT_EQ(item.kind, "mention");
            }
        }
        const std::string before = cursor;
        EXPECT_TRUE(Drain(*bluesky_, c, &cursor, 2, &calls).empty());
        EXPECT_EQ(cursor, before);
    }
}

TEST_F(NetsimConnectors, BlueskyReplyThreadsUnderTheCitizenAndHideUnhideShowInNetsim) {
    const Credentials c = Account("bluesky", "emploi.bsky.social");
    const PublishResult post = bluesky_->Publish(c, Request("hide-b-1"));
    ASSERT_EQ(post.outcome, Outcome::kPublished) << post.explanation;
    const std::string root = post.post.remote_id;
    const std::string question = Str(Citizen({{"network", "bluesky"},
                                              {"author_handle", "noor-mertens.bsky.social"},
                                              {"text", "Waar vind ik het formulier?"},
                                              {"in_reply_to", root}}),
                                     "uri");
    auto req = Request("hide-b-reply");
    req.text = "Hier: https://www.belgium.be";
    const PublishResult answer = bluesky_->Reply(c, question, root, req);
    ASSERT_EQ(answer.outcome, Outcome::kPublished) << answer.explanation << " / " << answer.network_message;
    EXPECT_EQ(bluesky_->Reply(c, question, root, req).post.remote_id, answer.post.remote_id) << "idempotent";
    const auto stored = Stored("bluesky", answer.post.remote_id);
    EXPECT_EQ(Str(stored, "parent"), question);
    EXPECT_EQ(Str(stored, "root"), root);
    const auto& reply = stored.at("value").as_object().at("reply").as_object();
    EXPECT_EQ(Str(reply.at("root").as_object(), "cid"), Str(Stored("bluesky", root), "cid"));
    EXPECT_EQ(Str(reply.at("parent").as_object(), "cid"), Str(Stored("bluesky", question), "cid"));
    auto found = bluesky_->FindExisting(c, req);
    ASSERT_TRUE(found.ok() && found->has_value());

    // An insult under the post: hidden, and no longer among the account's notifications.
    const std::string insult = Str(Citizen({{"network", "bluesky"},
                                            {"author_handle", "troll.bsky.social"},
                                            {"text", "Bande d'idiots"},
                                            {"in_reply_to", root}}),
                                   "uri");
    const std::string other = Str(
        Citizen(
            {{"network", "bluesky"}, {"author_handle", "troll.bsky.social"}, {"text", "Nuls"}, {"in_reply_to", root}}),
        "uri");
    ASSERT_TRUE(bluesky_->SupportsHide());
    auto hidden = bluesky_->Hide(c, insult, root);
    ASSERT_TRUE(hidden.ok()) << hidden.error().message;
    ASSERT_TRUE(bluesky_->Hide(c, insult, "").ok()) << "again, finding the root itself: nothing changes";
    ASSERT_TRUE(bluesky_->Hide(c, other, root).ok());
    EXPECT_TRUE(Stored("bluesky", insult).at("hidden").as_bool());
    EXPECT_TRUE(Stored("bluesky", other).at("hidden").as_bool());
    EXPECT_FALSE(Stored("bluesky", question).at("hidden").as_bool());
    const auto hidden_list = Control("GET", "/_netsim/posts?network=bluesky&hidden=true").at("items").as_array();
    EXPECT_EQ(hidden_list.size(), 2u);
    auto latest = bluesky_->FetchInbound(c, "", 50);
    ASSERT_TRUE(latest.ok());
    for (const auto& item : latest->items) EXPECT_NE(item.remote_id, insult) << "the AppView leaves hidden replies out";

    ASSERT_TRUE(bluesky_->Unhide(c, insult, root).ok());
    EXPECT_FALSE(Stored("bluesky", insult).at("hidden").as_bool());
    EXPECT_TRUE(Stored("bluesky", other).at("hidden").as_bool()) << "the other hidden reply stays hidden";
    ASSERT_TRUE(bluesky_->Unhide(c, other, root).ok());
    const std::string gate = "at://" + c.did + "/app.bsky.feed.threadgate/" + root.substr(root.rfind('/') + 1);
    EXPECT_TRUE(Stored("bluesky", gate).at("deleted").as_bool()) << "an empty threadgate is removed";
    ASSERT_TRUE(bluesky_->Unhide(c, other, root).ok()) << "unhiding what is not hidden is fine";

    // A reply under someone else's post cannot be hidden by this account.
    const std::string elsewhere = Str(Citizen({{"network", "bluesky"},
                                               {"author_handle", "troll.bsky.social"},
                                               {"text", "ailleurs"},
                                               {"in_reply_to", question}}),
                                      "uri");
    EXPECT_TRUE(bluesky_->Hide(c, elsewhere, "").ok()) << "its thread starts with the account's post";
    const auto refused = bluesky_->Hide(c, insult, question);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(NetsimConnectors, BlueskyInboundFaultsAreRetryableErrors) {
    const Credentials c = Account("bluesky", "faults.bsky.social");
    Fault("bluesky", "app.bsky.notification.listNotifications", "429", 30);
    auto limited = bluesky_->FetchInbound(c, "", 5);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.error().code, core::ErrorCode::kTooManyRequests);
    EXPECT_EQ(limited.error().retry_after_seconds, 30);
    Fault("bluesky", "app.bsky.notification.listNotifications", "500");
    auto failed = bluesky_->FetchInbound(c, "", 5);
    ASSERT_FALSE(failed.ok());
    EXPECT_TRUE(IsRetryable(failed.error()));
    Fault("bluesky", "com.atproto.repo.putRecord", "500");
    const PublishResult post = bluesky_->Publish(c, Request("faults-b"));
    ASSERT_EQ(post.outcome, Outcome::kPublished);
    const std::string reply = Str(Citizen({{"network", "bluesky"},
                                           {"author_handle", "x-y.bsky.social"},
                                           {"text", "spam"},
                                           {"in_reply_to", post.post.remote_id}}),
                                  "uri");
    const auto hide = bluesky_->Hide(c, reply, post.post.remote_id);
    ASSERT_FALSE(hide.ok());
    EXPECT_TRUE(IsRetryable(hide.error()));
    EXPECT_TRUE(bluesky_->Hide(c, reply, post.post.remote_id).ok());
}

}  // namespace
}  // namespace belfry::networks
