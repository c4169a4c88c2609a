// The inbox repository on both engines: batched ingestion, conversations and their filters, items,
// the full-text index (accents, word forms, hostile queries), notes, teams, settings, saved replies,
// rules, cursors, metrics rows and moderation records.
#include "store/inbox_repo.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "inbox/search_text.hpp"
#include "store/registry_repo.hpp"
#include "support/test_db.hpp"

namespace belfry::testing {
namespace {

using inbox::Conversation;
using inbox::Item;
using inbox::Status;
using ResponseMap = std::map<long long, inbox::ResponseSettings>;
using ModerationMap = std::map<long long, moderation::Settings>;

class InboxRepo : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        db_ = OpenFreshDatabase(GetParam());
        ASSERT_TRUE(db_);
        Do<int>([&](store::Tx& tx) {
            org_a_ = store::InsertOrganisation(tx, Org("a"));
            org_b_ = store::InsertOrganisation(tx, Org("b"));
            org_c_ = store::InsertOrganisation(tx, Org("c"));
            ch_a1_ = store::InsertChannel(tx, Channel(org_a_, core::Network::kMastodon, "a1"));
            ch_a2_ = store::InsertChannel(tx, Channel(org_a_, core::Network::kBluesky, "a2"));
            ch_b1_ = store::InsertChannel(tx, Channel(org_b_, core::Network::kMastodon, "b1"));
            ch_c1_ = store::InsertChannel(tx, Channel(org_c_, core::Network::kMastodon, "c1"));
            user_1_ = store::InsertUser(tx, User("alice"), "hash");
            user_2_ = store::InsertUser(tx, User("bob"), "hash");
            return 0;
        });
    }

    template <class T>
    T Do(const std::function<T(store::Tx&)>& fn) {
        auto r = db_->Transact<T>([&](store::Tx& tx) -> core::Result<T> { return fn(tx); });
        if (!r.ok()) {
            ADD_FAILURE() << r.error().message;
            return T{};
        }
        return std::move(r).value();
    }

    static registry::Organisation Org(const std::string& slug) {
        registry::Organisation o;
        o.kind = "government";
        o.slug = slug;
        o.names = {slug, slug, slug, slug};
        o.created_at = o.updated_at = 1000;
        return o;
    }
    static registry::Channel Channel(long long org, core::Network network, const std::string& handle) {
        registry::Channel c;
        c.organisation_id = org;
        c.network = network;
        c.handle = handle;
        c.url = "https://example.org/" + handle;
        c.display_name = "Channel " + handle;
        c.languages = {"fr", "nl"};
        return c;
    }
    static registry::User User(const std::string& name) {
        registry::User u;
        u.username = name;
        u.display_name = name;
        u.created_at = u.updated_at = 1000;
        return u;
    }

    std::string NetworkOf(long long channel) const {
        if (channel == ch_a2_) return "bluesky";
        return "mastodon";
    }
    long long OrgOf(long long channel) const {
        if (channel == ch_a1_ || channel == ch_a2_) return org_a_;
        if (channel == ch_b1_) return org_b_;
        return org_c_;
    }

    Conversation Conv(long long channel, const std::string& key, core::Millis at, const std::string& language = "fr") {
        Conversation c;
        c.organisation_id = OrgOf(channel);
        c.channel_id = channel;
        c.network = NetworkOf(channel);
        c.thread_key = key;
        c.kind = std::string(inbox::kKindReply);
        c.citizen_id = "cit-" + key;
        c.citizen_handle = "@" + key + "@example.org";
        c.citizen_name = "Citizen " + key;
        c.language = language;
        c.first_inbound_at = c.last_inbound_at = at;
        c.item_count = 1;
        c.last_text = "text of " + key;
        c.created_at = c.updated_at = at;
        return c;
    }

    static Item Itm(const Conversation& c, const std::string& remote_id, const std::string& text,
                    const std::string& language, core::Millis at) {
        Item i;
        i.conversation_id = c.id;
        i.organisation_id = c.organisation_id;
        i.channel_id = c.channel_id;
        i.remote_id = remote_id;
        i.direction = "in";
        i.kind = std::string(inbox::kKindReply);
        i.author_id = c.citizen_id;
        i.author_handle = c.citizen_handle;
        i.author_name = c.citizen_name;
        i.text = text;
        i.language = language;
        i.created_at = at;
        i.received_at = at + 5;
        i.search_text = inbox::SearchText(text, language);
        return i;
    }

    // Inserts one conversation per (channel, text, language) with one item each; returns them.
    struct Thread {
        Conversation conversation;
        Item item;
    };
    std::vector<Thread> AddThreads(const std::vector<std::tuple<long long, std::string, std::string>>& specs,
                                   core::Millis start = 10000) {
        return Do<std::vector<Thread>>([&](store::Tx& tx) {
            std::vector<Conversation> cs;
            for (std::size_t i = 0; i < specs.size(); ++i) {
                cs.push_back(Conv(std::get<0>(specs[i]), "t" + std::to_string(next_key_++),
                                  start + static_cast<core::Millis>(i) * 1000, std::get<2>(specs[i])));
            }
            store::InsertConversations(tx, cs);
            std::vector<Item> items;
            for (std::size_t i = 0; i < specs.size(); ++i) {
                items.push_back(
                    Itm(cs[i], cs[i].thread_key, std::get<1>(specs[i]), std::get<2>(specs[i]), cs[i].first_inbound_at));
            }
            store::InsertItems(tx, items);
            std::vector<Thread> out;
            for (std::size_t i = 0; i < specs.size(); ++i) out.push_back({cs[i], items[i]});
            return out;
        });
    }

    std::vector<std::string> Found(const store::ConversationQuery& q, long long* total = nullptr) {
        auto page = Do<registry::Page<Conversation>>([&](store::Tx& tx) { return store::ListConversations(tx, q); });
        if (total != nullptr) *total = page.total;
        std::vector<std::string> keys;
        for (const auto& c : page.items) keys.push_back(c.last_text);
        return keys;
    }
    std::vector<std::string> FoundItems(const store::ItemSearch& s, long long* total = nullptr) {
        auto page = Do<registry::Page<Item>>([&](store::Tx& tx) { return store::SearchItems(tx, s); });
        if (total != nullptr) *total = page.total;
        std::vector<std::string> texts;
        for (const auto& i : page.items) texts.push_back(i.text);
        return texts;
    }
    std::vector<std::string> Search(const std::string& q, std::optional<std::vector<long long>> orgs = std::nullopt) {
        store::ItemSearch s;
        s.q = q;
        s.organisation_ids = std::move(orgs);
        s.per_page = 100;
        auto texts = FoundItems(s);
        std::sort(texts.begin(), texts.end());
        return texts;
    }

    std::unique_ptr<store::Database> db_;
    long long org_a_ = 0, org_b_ = 0, org_c_ = 0;
    long long ch_a1_ = 0, ch_a2_ = 0, ch_b1_ = 0, ch_c1_ = 0;
    long long user_1_ = 0, user_2_ = 0;
    int next_key_ = 0;
};

TEST_P(InboxRepo, BatchedIngestionRoundTripsEveryColumn) {
    auto [conversations, items] = Do<std::pair<std::vector<Conversation>, std::vector<Item>>>([&](store::Tx& tx) {
        std::vector<Conversation> cs{Conv(ch_a1_, "k1", 1000), Conv(ch_b1_, "k2", 2000, "nl")};
        cs[1].post_id = std::nullopt;
        cs[1].status = Status::kWaiting;
        cs[1].assignee_user_id = user_1_;
        cs[1].category = "eid";
        cs[1].first_response_at = 2500;
        cs[1].first_response_by = user_2_;
        cs[1].last_response_at = 2600;
        cs[1].due_at = 9000;
        store::InsertConversations(tx, cs);
        std::vector<Item> is{Itm(cs[0], "r1", "Bonjour", "fr", 1000), Itm(cs[1], "r2", "Dag", "nl", 2000)};
        is[1].parent_remote_id = "p0";
        is[1].url = "https://example.org/r2";
        is[1].network_language = "nl";
        is[1].direction = "out";
        is[1].kind = std::string(inbox::kKindAnswer);
        is[1].sent_by = user_1_;
        is[1].sent_by_name = "alice";
        is[1].send_state = "sent";
        is[1].send_key = "key-1";
        is[1].send_message = "ok";
        is[1].saved_reply_id = 42;
        is[1].moderation = std::string(inbox::kModQueued);
        is[1].moderation_category = "insult";
        is[1].moderation_score = 0.625;
        store::InsertItems(tx, is);
        return std::make_pair(cs, is);
    });
    ASSERT_EQ(conversations.size(), 2u);
    EXPECT_GT(conversations[0].id, 0);
    EXPECT_GT(conversations[1].id, conversations[0].id);
    EXPECT_GT(items[1].id, items[0].id);

    auto stored = Do<std::vector<Conversation>>([&](store::Tx& tx) {
        return store::GetConversations(tx, {conversations[1].id, conversations[0].id, 999999});
    });
    ASSERT_EQ(stored.size(), 2u);
    const Conversation& c = stored[1];
    EXPECT_EQ(c.id, conversations[1].id);
    EXPECT_EQ(c.organisation_id, org_b_);
    EXPECT_EQ(c.channel_id, ch_b1_);
    EXPECT_EQ(c.network, "mastodon");
    EXPECT_EQ(c.thread_key, "k2");
    EXPECT_EQ(c.kind, "reply");
    EXPECT_EQ(c.post_id, std::nullopt);
    EXPECT_EQ(c.citizen_handle, "@k2@example.org");
    EXPECT_EQ(c.language, "nl");
    EXPECT_EQ(c.status, Status::kWaiting);
    EXPECT_EQ(c.assignee_user_id, user_1_);
    EXPECT_EQ(c.assignee_team_id, std::nullopt);
    EXPECT_EQ(c.category, "eid");
    EXPECT_EQ(c.first_response_at, 2500);
    EXPECT_EQ(c.first_response_by, user_2_);
    EXPECT_EQ(c.last_response_at, 2600);
    EXPECT_EQ(c.due_at, 9000);
    EXPECT_EQ(c.item_count, 1);
    EXPECT_EQ(c.last_text, "text of k2");
    EXPECT_EQ(stored[0].category, "");
    EXPECT_EQ(stored[0].due_at, std::nullopt);

    auto item = Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, items[1].id); });
    ASSERT_TRUE(item);
    EXPECT_EQ(item->conversation_id, conversations[1].id);
    EXPECT_EQ(item->remote_id, "r2");
    EXPECT_EQ(item->parent_remote_id, "p0");
    EXPECT_EQ(item->direction, "out");
    EXPECT_EQ(item->kind, "answer");
    EXPECT_EQ(item->url, "https://example.org/r2");
    EXPECT_EQ(item->network_language, "nl");
    EXPECT_EQ(item->created_at, 2000);
    EXPECT_EQ(item->received_at, 2005);
    EXPECT_EQ(item->sent_by, user_1_);
    EXPECT_EQ(item->sent_by_name, "alice");
    EXPECT_EQ(item->send_state, "sent");
    EXPECT_EQ(item->send_key, "key-1");
    EXPECT_EQ(item->send_message, "ok");
    EXPECT_EQ(item->saved_reply_id, 42);
    EXPECT_EQ(item->moderation, "queued");
    EXPECT_EQ(item->moderation_category, "insult");
    ASSERT_TRUE(item->moderation_score);
    EXPECT_DOUBLE_EQ(*item->moderation_score, 0.625);
    EXPECT_EQ(item->search_text, "dag");
    auto first = Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, items[0].id); });
    ASSERT_TRUE(first);
    EXPECT_EQ(first->moderation_score, std::nullopt);
    EXPECT_EQ(first->sent_by, std::nullopt);
    EXPECT_EQ(first->url, "");
    EXPECT_FALSE(Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, 999999); }));
}

TEST_P(InboxRepo, LargeBatchesKeepIdsInRowOrderAndLookupsFindThem) {
    // 250 items: two full chunks of the multi-row INSERT and a shorter one.
    auto threads = Do<std::vector<Item>>([&](store::Tx& tx) {
        std::vector<Conversation> cs;
        for (int i = 0; i < 250; ++i) cs.push_back(Conv(i % 2 == 0 ? ch_a1_ : ch_b1_, "th" + std::to_string(i), i));
        store::InsertConversations(tx, cs);
        std::vector<Item> items;
        for (int i = 0; i < 250; ++i) {
            items.push_back(Itm(cs[i], "rem" + std::to_string(i), "message " + std::to_string(i), "fr", i));
        }
        store::InsertItems(tx, items);
        for (int i = 0; i < 250; ++i) EXPECT_EQ(items[i].conversation_id, cs[i].id);
        return items;
    });
    ASSERT_EQ(threads.size(), 250u);
    for (std::size_t i = 0; i < threads.size(); i += 37) {
        auto stored = Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, threads[i].id); });
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->remote_id, threads[i].remote_id);
        EXPECT_EQ(stored->text, threads[i].text);
    }
    std::vector<std::string> asked{"rem0", "rem1", "rem2", "rem249", "unknown"};
    auto existing =
        Do<std::set<std::string>>([&](store::Tx& tx) { return store::ExistingRemoteIds(tx, ch_a1_, asked); });
    EXPECT_EQ(existing, (std::set<std::string>{"rem0", "rem2"}));  // the odd ones are on channel b1
    auto of = Do<std::map<std::string, long long>>(
        [&](store::Tx& tx) { return store::ConversationsOfRemoteIds(tx, ch_b1_, asked); });
    ASSERT_EQ(of.size(), 2u);
    EXPECT_EQ(of.at("rem1"), threads[1].conversation_id);
    EXPECT_EQ(of.at("rem249"), threads[249].conversation_id);
    auto keys = Do<std::map<std::string, long long>>([&](store::Tx& tx) {
        return store::ConversationsByThreadKey(tx, ch_a1_, {"th0", "th1", "th248", "nope"});
    });
    EXPECT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys.at("th248"), threads[248].conversation_id);
    // More values than one IN list holds.
    std::vector<std::string> many;
    for (int i = 0; i < 1200; ++i) many.push_back("rem" + std::to_string(i));
    EXPECT_EQ(
        Do<std::set<std::string>>([&](store::Tx& tx) { return store::ExistingRemoteIds(tx, ch_a1_, many); }).size(),
        125u);
    EXPECT_TRUE(
        Do<std::set<std::string>>([&](store::Tx& tx) { return store::ExistingRemoteIds(tx, ch_a1_, {}); }).empty());
}

TEST_P(InboxRepo, ARemoteIdIsUniquePerChannelAndUnsentAnswersHaveNone) {
    auto threads = AddThreads({{ch_a1_, "un", "fr"}});
    auto dup = db_->Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
        std::vector<Item> again{Itm(threads[0].conversation, threads[0].item.remote_id, "deux", "fr", 1)};
        store::InsertItems(tx, again);
        return core::Unit{};
    });
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
    // Outbound answers not sent yet: no remote id, several per channel; pending ones are listed oldest first.
    auto ids = Do<std::vector<long long>>([&](store::Tx& tx) {
        std::vector<Item> answers;
        for (int i = 0; i < 3; ++i) {
            Item a = Itm(threads[0].conversation, "", "réponse " + std::to_string(i), "fr", 100 + i);
            a.direction = "out";
            a.kind = std::string(inbox::kKindAnswer);
            a.send_state = i == 1 ? "sent" : "pending";
            a.send_key = "k" + std::to_string(i);
            answers.push_back(a);
        }
        store::InsertItems(tx, answers);
        return std::vector<long long>{answers[0].id, answers[1].id, answers[2].id};
    });
    auto pending = Do<std::vector<Item>>([&](store::Tx& tx) { return store::PendingAnswers(tx, 10); });
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].id, ids[0]);
    EXPECT_EQ(pending[1].id, ids[2]);
    EXPECT_EQ(pending[0].remote_id, "");
    EXPECT_EQ(Do<std::vector<Item>>([&](store::Tx& tx) { return store::PendingAnswers(tx, 1); }).size(), 1u);
    // Sent: it gets its remote id and leaves the pending list.
    Item sent = pending[0];
    sent.send_state = "sent";
    sent.remote_id = "remote-answer";
    Do<int>([&](store::Tx& tx) {
        store::UpdateItem(tx, sent);
        return 0;
    });
    EXPECT_EQ(Do<std::vector<Item>>([&](store::Tx& tx) { return store::PendingAnswers(tx, 10); }).size(), 1u);
    auto items = Do<std::vector<Item>>([&](store::Tx& tx) { return store::ListItems(tx, threads[0].conversation.id); });
    ASSERT_EQ(items.size(), 4u);  // by created_at: the answers (100..102) before the citizen's item (10000)
    EXPECT_EQ(items[0].remote_id, "remote-answer");
    EXPECT_EQ(items[3].text, "un");
}

TEST_P(InboxRepo, UpdateConversationWritesEveryColumn) {
    auto threads = AddThreads({{ch_a1_, "x", "fr"}});
    Conversation c = threads[0].conversation;
    c.status = Status::kAssigned;
    c.assignee_user_id = user_2_;
    c.assignee_team_id = std::nullopt;
    c.category = "travel";
    c.due_at = 777;
    c.item_count = 3;
    c.last_inbound_at = 20000;
    c.last_text = "latest";
    c.updated_at = 20001;
    Do<int>([&](store::Tx& tx) {
        store::UpdateConversation(tx, c);
        return 0;
    });
    auto stored =
        Do<std::optional<Conversation>>([&](store::Tx& tx) { return store::GetConversation(tx, c.id, true); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->status, Status::kAssigned);
    EXPECT_EQ(stored->assignee_user_id, user_2_);
    EXPECT_EQ(stored->category, "travel");
    EXPECT_EQ(stored->due_at, 777);
    EXPECT_EQ(stored->item_count, 3);
    EXPECT_EQ(stored->last_inbound_at, 20000);
    EXPECT_EQ(stored->last_text, "latest");
    EXPECT_EQ(stored->updated_at, 20001);
    c.category = "";
    c.due_at = std::nullopt;
    Do<int>([&](store::Tx& tx) {
        store::UpdateConversation(tx, c);
        return 0;
    });
    stored = Do<std::optional<Conversation>>([&](store::Tx& tx) { return store::GetConversation(tx, c.id); });
    EXPECT_EQ(stored->category, "");
    EXPECT_EQ(stored->due_at, std::nullopt);
    EXPECT_FALSE(Do<std::optional<Conversation>>([&](store::Tx& tx) { return store::GetConversation(tx, 99999); }));
}

TEST_P(InboxRepo, ConversationFiltersCombineAndPage) {
    // Six conversations with different statuses, assignees, categories, channels and due times.
    std::vector<Conversation> cs = Do<std::vector<Conversation>>([&](store::Tx& tx) {
        std::vector<Conversation> v{Conv(ch_a1_, "c0", 100, "fr"), Conv(ch_a1_, "c1", 200, "nl"),
                                    Conv(ch_a2_, "c2", 300, "fr"), Conv(ch_b1_, "c3", 400, "de"),
                                    Conv(ch_b1_, "c4", 500, "fr"), Conv(ch_c1_, "c5", 600, "en")};
        for (std::size_t i = 0; i < v.size(); ++i) v[i].last_text = "c" + std::to_string(i);
        v[0].status = Status::kAnswered;
        v[1].status = Status::kAssigned;
        v[1].assignee_user_id = user_1_;
        v[1].due_at = 50;
        v[2].category = "eid";
        v[2].due_at = 150;
        v[3].category = "travel";
        v[3].status = Status::kWaiting;
        v[3].due_at = 10;
        v[4].assignee_user_id = user_2_;
        v[4].status = Status::kAssigned;
        v[5].status = Status::kClosed;
        v[5].due_at = 5;
        store::InsertConversations(tx, v);
        return v;
    });
    store::ConversationQuery all;
    long long total = 0;
    EXPECT_EQ(Found(all, &total), (std::vector<std::string>{"c5", "c4", "c3", "c2", "c1", "c0"}));
    EXPECT_EQ(total, 6);

    store::ConversationQuery scoped;
    scoped.organisation_ids = std::vector<long long>{org_a_, org_b_};
    EXPECT_EQ(Found(scoped), (std::vector<std::string>{"c4", "c3", "c2", "c1", "c0"}));
    scoped.organisation_ids = std::vector<long long>{};
    EXPECT_TRUE(Found(scoped, &total).empty());
    EXPECT_EQ(total, 0);

    store::ConversationQuery combined;
    combined.organisation_ids = std::vector<long long>{org_a_, org_b_};
    combined.networks = {"mastodon"};
    combined.statuses = {"new", "assigned", "waiting"};
    EXPECT_EQ(Found(combined), (std::vector<std::string>{"c4", "c3", "c1"}));
    combined.languages = {"fr", "de"};
    EXPECT_EQ(Found(combined), (std::vector<std::string>{"c4", "c3"}));
    combined.channel_ids = {ch_b1_};
    combined.categories = {"travel"};
    EXPECT_EQ(Found(combined), (std::vector<std::string>{"c3"}));

    store::ConversationQuery uncategorised;
    uncategorised.categories = {"eid", ""};
    EXPECT_EQ(Found(uncategorised), (std::vector<std::string>{"c5", "c4", "c2", "c1", "c0"}));

    store::ConversationQuery assigned;
    assigned.assignee_user_id = user_1_;
    EXPECT_EQ(Found(assigned), (std::vector<std::string>{"c1"}));
    store::ConversationQuery unassigned;
    unassigned.unassigned = true;
    EXPECT_EQ(Found(unassigned), (std::vector<std::string>{"c5", "c3", "c2", "c0"}));

    store::ConversationQuery overdue;
    overdue.overdue_at = 100;  // due before 100 and not answered/closed: c1 (50), c3 (10); c5 is closed
    EXPECT_EQ(Found(overdue), (std::vector<std::string>{"c3", "c1"}));

    store::ConversationQuery by_due;
    by_due.sort = "due";
    EXPECT_EQ(Found(by_due), (std::vector<std::string>{"c5", "c3", "c1", "c2", "c0", "c4"}));
    store::ConversationQuery oldest;
    oldest.sort = "oldest";
    oldest.per_page = 4;
    oldest.page = 2;
    EXPECT_EQ(Found(oldest, &total), (std::vector<std::string>{"c4", "c5"}));
    EXPECT_EQ(total, 6);
    oldest.page = 3;
    EXPECT_TRUE(Found(oldest, &total).empty());
    EXPECT_EQ(total, 6);

    store::ConversationQuery counted;
    counted.organisation_ids = std::vector<long long>{org_a_, org_b_};
    counted.statuses = {"new"};  // ignored by the count
    auto counts = Do<std::map<std::string, long long>>(
        [&](store::Tx& tx) { return store::CountConversationsByStatus(tx, counted); });
    EXPECT_EQ(counts, (std::map<std::string, long long>{{"answered", 1}, {"assigned", 2}, {"new", 1}, {"waiting", 1}}));
}

TEST_P(InboxRepo, SearchIgnoresAccentsAndFindsWordForms) {
    AddThreads({{ch_a1_, "La Société nationale répond aux demandes", "fr"},
                {ch_a1_, "Où trouver les formulaires de demande ?", "fr"},
                {ch_b1_, "Waar kan ik de aanvragen voor een paspoort indienen?", "nl"},
                {ch_b1_, "Mijn eID token werkt niet meer", "nl"},
                {ch_c1_, "Wo finde ich die Anträge für den Reisepass?", "de"},
                {ch_c1_, "How do I renew my passport applications?", "en"}});
    EXPECT_EQ(Search("societe"), (std::vector<std::string>{"La Société nationale répond aux demandes"}));
    EXPECT_EQ(Search("SOCIÉTÉ réponds"), (std::vector<std::string>{"La Société nationale répond aux demandes"}));
    EXPECT_EQ(Search("formulaire"), (std::vector<std::string>{"Où trouver les formulaires de demande ?"}));
    EXPECT_EQ(Search("demande"), (std::vector<std::string>{"La Société nationale répond aux demandes",
                                                           "Où trouver les formulaires de demande ?"}));
    EXPECT_EQ(Search("aanvraag paspoorten"),
              (std::vector<std::string>{"Waar kan ik de aanvragen voor een paspoort indienen?"}));
    EXPECT_EQ(Search("antrag"), (std::vector<std::string>{"Wo finde ich die Anträge für den Reisepass?"}));
    EXPECT_EQ(Search("application renewed"), (std::vector<std::string>{"How do I renew my passport applications?"}));
    EXPECT_EQ(Search("eid"), (std::vector<std::string>{"Mijn eID token werkt niet meer"}));
    EXPECT_TRUE(Search("eid paspoort").empty());  // every word, in the same item
    EXPECT_TRUE(Search("soci").empty());          // whole words
    Do<int>([&](store::Tx& tx) {
        store::MergeSearchIndex(tx, 100);
        return 0;
    });
    EXPECT_EQ(Search("formulaire"), (std::vector<std::string>{"Où trouver les formulaires de demande ?"}));
    // Scope: organisations the person may see.
    EXPECT_EQ(Search("demande", std::vector<long long>{org_b_, org_c_}), std::vector<std::string>{});
    EXPECT_EQ(Search("reisepass", std::vector<long long>{org_a_, org_b_}), std::vector<std::string>{});
    EXPECT_EQ(Search("reisepass", std::vector<long long>{org_c_}).size(), 1u);
    EXPECT_EQ(Search("token", std::vector<long long>{}), std::vector<std::string>{});

    store::ConversationQuery q;
    q.q = "Formulaires";
    EXPECT_EQ(Found(q), (std::vector<std::string>{"text of t1"}));
    q.q = "demande";
    q.organisation_ids = std::vector<long long>{org_a_};
    long long total = 0;
    EXPECT_EQ(Found(q, &total), (std::vector<std::string>{"text of t1", "text of t0"}));
    EXPECT_EQ(total, 2);
    q.channel_ids = {ch_a2_};
    EXPECT_TRUE(Found(q).empty());
    q.channel_ids = {ch_a1_};
    q.statuses = {"new"};
    EXPECT_EQ(Found(q).size(), 2u);
    auto counts =
        Do<std::map<std::string, long long>>([&](store::Tx& tx) { return store::CountConversationsByStatus(tx, q); });
    EXPECT_EQ(counts, (std::map<std::string, long long>{{"new", 2}}));
}

TEST_P(InboxRepo, SearchItemsFiltersAndPages) {
    auto threads = AddThreads({{ch_a1_, "permis de conduire perdu", "fr"},
                               {ch_a1_, "permis de conduire volé", "fr"},
                               {ch_a2_, "rijbewijs permis kwijt", "nl"},
                               {ch_b1_, "permis international", "fr"}});
    Do<int>([&](store::Tx& tx) {
        Item hidden = threads[1].item;
        hidden.moderation = std::string(inbox::kModHidden);
        store::UpdateItem(tx, hidden);
        return 0;
    });
    store::ItemSearch s;
    s.q = "permis";
    long long total = 0;
    EXPECT_EQ(FoundItems(s, &total), (std::vector<std::string>{"permis international", "rijbewijs permis kwijt",
                                                               "permis de conduire volé", "permis de conduire perdu"}));
    EXPECT_EQ(total, 4);
    s.per_page = 3;
    s.page = 2;
    EXPECT_EQ(FoundItems(s, &total), (std::vector<std::string>{"permis de conduire perdu"}));
    EXPECT_EQ(total, 4);
    s.page = 5;
    EXPECT_TRUE(FoundItems(s, &total).empty());
    EXPECT_EQ(total, 4);
    s.page = 1;
    s.per_page = 50;
    s.organisation_ids = std::vector<long long>{org_a_};
    s.languages = {"fr"};
    EXPECT_EQ(FoundItems(s), (std::vector<std::string>{"permis de conduire volé", "permis de conduire perdu"}));
    s.moderation = "hidden";
    EXPECT_EQ(FoundItems(s), (std::vector<std::string>{"permis de conduire volé"}));
    s.moderation = "";
    s.direction = "out";
    EXPECT_TRUE(FoundItems(s).empty());
    s.direction = "in";
    s.channel_ids = {ch_a2_};
    s.languages = {};
    EXPECT_EQ(FoundItems(s), (std::vector<std::string>{"rijbewijs permis kwijt"}));
    // Without words: every item in scope, newest first.
    store::ItemSearch plain;
    plain.organisation_ids = std::vector<long long>{org_a_};
    plain.per_page = 2;
    EXPECT_EQ(FoundItems(plain, &total),
              (std::vector<std::string>{"rijbewijs permis kwijt", "permis de conduire volé"}));
    EXPECT_EQ(total, 3);
}

TEST_P(InboxRepo, TheIndexFollowsTextChanges) {
    auto threads = AddThreads({{ch_a1_, "ancien message", "fr"}});
    Item item = threads[0].item;
    item.text = "nouveau contenu";
    item.search_text = inbox::SearchText(item.text, item.language);
    Do<int>([&](store::Tx& tx) {
        store::UpdateItem(tx, item);
        return 0;
    });
    EXPECT_TRUE(Search("ancien").empty());
    EXPECT_EQ(Search("nouveau"), (std::vector<std::string>{"nouveau contenu"}));
    // A change of anything else leaves the index as it was.
    item.moderation = std::string(inbox::kModAllowed);
    Do<int>([&](store::Tx& tx) {
        store::UpdateItem(tx, item);
        return 0;
    });
    EXPECT_EQ(Search("contenu"), (std::vector<std::string>{"nouveau contenu"}));
}

TEST_P(InboxRepo, HostileQueriesGiveResultsOrNoneButNeverAnError) {
    AddThreads({{ch_a1_, "drop table near the exit", "en"}, {ch_a1_, "le formulaire", "fr"}});
    const std::vector<std::string> queries{"'; DROP TABLE inbox_items; --",
                                           "NEAR(formulaire le)",
                                           "formul*",
                                           "*",
                                           "\"le",
                                           "-le",
                                           "le -formulaire",
                                           "\"\"\"",
                                           "' OR 1=1 --",
                                           "formulaire)",
                                           "(",
                                           "AND",
                                           "OR NOT",
                                           "le:formulaire",
                                           "search_text:le",
                                           "scope:o1",
                                           "{search_text}:le",
                                           "^le",
                                           "le & formulaire | !x",
                                           "'le' <-> 'x'",
                                           "\\",
                                           "%",
                                           "_",
                                           ":v0",
                                           "$1",
                                           "le\x01",
                                           std::string(5000, 'x'),
                                           "a b c d e f g h i j k l m n o p q r s t u v w x y z"};
    for (const auto& q : queries) {
        store::ItemSearch s;
        s.q = q;
        auto items = db_->Read<registry::Page<Item>>(
            [&](store::Tx& tx) -> core::Result<registry::Page<Item>> { return store::SearchItems(tx, s); });
        EXPECT_TRUE(items.ok()) << q << ": " << items.error().message;
        store::ConversationQuery cq;
        cq.q = q;
        cq.organisation_ids = std::vector<long long>{org_a_};
        auto conversations =
            db_->Read<registry::Page<Conversation>>([&](store::Tx& tx) -> core::Result<registry::Page<Conversation>> {
                return store::ListConversations(tx, cq);
            });
        EXPECT_TRUE(conversations.ok()) << q << ": " << conversations.error().message;
    }
    EXPECT_EQ(Search("'; DROP TABLE"), (std::vector<std::string>{"drop table near the exit"}));
    EXPECT_EQ(Search("NEAR(exit"), (std::vector<std::string>{"drop table near the exit"}));
    EXPECT_EQ(Search("scope:o1"), std::vector<std::string>{});  // the scope column is not searched
    EXPECT_EQ(Search("*").size(), 2u);                          // no word: no text filter
    // The table is still there.
    EXPECT_EQ(Search("formulaire"), (std::vector<std::string>{"le formulaire"}));
}

TEST_P(InboxRepo, HostileTextIsStoredVerbatimAndHugeTextsStayFindable) {
    const std::string script = "<script>alert('x')</script><img src=x onerror=alert(1)> \u202Eevil \"quoted\"";
    std::string huge = "début ";
    for (int i = 0; i < 100000; ++i) huge += "mot" + std::to_string(i % 1000) + " ";
    huge += "fin";
    auto threads = AddThreads({{ch_a1_, script, "en"}, {ch_a1_, huge, "fr"}});
    auto stored = Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, threads[0].item.id); });
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->text, script);
    EXPECT_EQ(Search("script alert"), (std::vector<std::string>{script}));
    auto big = Do<std::optional<Item>>([&](store::Tx& tx) { return store::GetItem(tx, threads[1].item.id); });
    ASSERT_TRUE(big);
    EXPECT_EQ(big->text.size(), huge.size());
    EXPECT_EQ(big->text, huge);
    EXPECT_LE(big->search_text.size(), inbox::kMaxSearchText);
    EXPECT_EQ(Search("debut mot999").size(), 1u);
    EXPECT_TRUE(Search("fin").empty());  // past the indexed part
}

TEST_P(InboxRepo, ASearchReadsAWindowOfTheNewestMatchesAndSaysSo) {
    // More matching items than the window: one conversation each; the oldest one alone is closed.
    const int n = store::kSearchWindow + 30;
    Do<int>([&](store::Tx& tx) {
        std::vector<Conversation> cs;
        for (int i = 0; i < n; ++i) {
            cs.push_back(Conv(ch_a1_, "w" + std::to_string(i), 1000 + i));
            cs.back().last_text = "w" + std::to_string(i);
        }
        cs[0].status = Status::kClosed;
        store::InsertConversations(tx, cs);
        std::vector<Item> items;
        for (int i = 0; i < n; ++i) items.push_back(Itm(cs[i], cs[i].thread_key, "bonjour commun", "fr", 1000 + i));
        store::InsertItems(tx, items);
        return 0;
    });
    store::ConversationQuery q;
    q.q = "commun";
    q.organisation_ids = std::vector<long long>{org_a_};
    store::SearchInfo info;
    auto page = Do<registry::Page<Conversation>>([&](store::Tx& tx) { return store::ListConversations(tx, q, info); });
    EXPECT_TRUE(info.capped);
    EXPECT_EQ(page.total, store::kSearchWindow);
    ASSERT_EQ(page.items.size(), 50u);
    EXPECT_EQ(page.items[0].last_text, "w" + std::to_string(n - 1));
    // The page would be empty within the window: the wider one finds the oldest conversation.
    q.statuses = {"closed"};
    page = Do<registry::Page<Conversation>>([&](store::Tx& tx) { return store::ListConversations(tx, q, info); });
    EXPECT_FALSE(info.capped);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].last_text, "w0");
    EXPECT_EQ(page.total, 1);

    store::ItemSearch s;
    s.q = "bonjour";
    auto items = Do<registry::Page<Item>>([&](store::Tx& tx) { return store::SearchItems(tx, s, info); });
    EXPECT_TRUE(info.capped);
    EXPECT_EQ(items.total, store::kSearchWindow);
    s.per_page = 1000;
    s.page = 3;  // past the first window: the wide one is read
    items = Do<registry::Page<Item>>([&](store::Tx& tx) { return store::SearchItems(tx, s, info); });
    EXPECT_FALSE(info.capped);
    EXPECT_EQ(items.total, n);
    EXPECT_EQ(items.items.size(), 30u);
}

TEST_P(InboxRepo, NotesAndDrafting) {
    auto threads = AddThreads({{ch_a1_, "x", "fr"}});
    const long long conv = threads[0].conversation.id;
    Do<int>([&](store::Tx& tx) {
        store::InsertNote(tx, inbox::Note{0, conv, user_1_, "alice", "second", 20});
        store::InsertNote(tx, inbox::Note{0, conv, std::nullopt, "system", "first <b>", 10});
        store::UpsertDrafting(tx, conv, user_1_, "alice", 100);
        store::UpsertDrafting(tx, conv, user_2_, "bob", 50);
        store::UpsertDrafting(tx, conv, user_1_, "Alice B.", 200);
        return 0;
    });
    auto notes = Do<std::vector<inbox::Note>>([&](store::Tx& tx) { return store::ListNotes(tx, conv); });
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0].text, "first <b>");
    EXPECT_EQ(notes[0].author_id, std::nullopt);
    EXPECT_EQ(notes[1].author_id, user_1_);
    auto drafters = Do<std::vector<store::Drafter>>([&](store::Tx& tx) { return store::ListDrafting(tx, conv, 0); });
    ASSERT_EQ(drafters.size(), 2u);
    EXPECT_EQ(drafters[1].user_name, "Alice B.");
    EXPECT_EQ(drafters[1].at, 200);
    drafters = Do<std::vector<store::Drafter>>([&](store::Tx& tx) { return store::ListDrafting(tx, conv, 60); });
    ASSERT_EQ(drafters.size(), 1u);
    EXPECT_EQ(drafters[0].user_id, user_1_);
    Do<int>([&](store::Tx& tx) {
        store::DeleteDrafting(tx, conv, user_1_);
        return 0;
    });
    EXPECT_TRUE(
        Do<std::vector<store::Drafter>>([&](store::Tx& tx) { return store::ListDrafting(tx, conv, 60); }).empty());
}

TEST_P(InboxRepo, TeamsWithMembers) {
    const long long team = Do<long long>([&](store::Tx& tx) {
        store::InsertTeam(tx, inbox::Team{0, org_b_, "Pers", {user_2_}}, 5);
        return store::InsertTeam(tx, inbox::Team{0, org_a_, "Front office", {user_2_, user_1_, user_1_}}, 5);
    });
    auto got = Do<std::optional<inbox::Team>>([&](store::Tx& tx) { return store::GetTeam(tx, team); });
    ASSERT_TRUE(got);
    EXPECT_EQ(got->name, "Front office");
    EXPECT_EQ(got->member_ids, (std::vector<long long>{std::min(user_1_, user_2_), std::max(user_1_, user_2_)}));
    Do<int>([&](store::Tx& tx) {
        store::SetTeamMembers(tx, team, {user_2_});
        return 0;
    });
    got = Do<std::optional<inbox::Team>>([&](store::Tx& tx) { return store::GetTeam(tx, team); });
    EXPECT_EQ(got->member_ids, (std::vector<long long>{user_2_}));
    EXPECT_EQ(Do<std::vector<inbox::Team>>([&](store::Tx& tx) { return store::ListTeams(tx, std::nullopt); }).size(),
              2u);
    auto of_a =
        Do<std::vector<inbox::Team>>([&](store::Tx& tx) { return store::ListTeams(tx, std::set<long long>{org_a_}); });
    ASSERT_EQ(of_a.size(), 1u);
    EXPECT_EQ(of_a[0].id, team);
    EXPECT_TRUE(Do<std::vector<inbox::Team>>([&](store::Tx& tx) {
                    return store::ListTeams(tx, std::set<long long>{});
                }).empty());
    EXPECT_FALSE(Do<std::optional<inbox::Team>>([&](store::Tx& tx) { return store::GetTeam(tx, 9999); }));
    // A conversation can be assigned to the team.
    auto threads = AddThreads({{ch_a1_, "x", "fr"}});
    Conversation c = threads[0].conversation;
    c.assignee_team_id = team;
    Do<int>([&](store::Tx& tx) {
        store::UpdateConversation(tx, c);
        return 0;
    });
    store::ConversationQuery q;
    q.assignee_team_id = team;
    EXPECT_EQ(Found(q).size(), 1u);
}

TEST_P(InboxRepo, ResponseAndModerationSettings) {
    inbox::ResponseSettings s;
    s.target = "hours";
    s.target_hours = 4;
    s.business_days = {1, 2, 3, 4};
    s.day_start_minute = 480;
    s.day_end_minute = 960;
    moderation::Settings m;
    m.hide_threshold = 0.8;
    m.queue_threshold = 0.4;
    m.categories = {"insult", "racism"};
    m.use_model = true;
    Do<int>([&](store::Tx& tx) {
        store::PutResponseSettings(tx, org_a_, inbox::ResponseSettings{}, 1);
        store::PutResponseSettings(tx, org_a_, s, 2);
        store::PutResponseSettings(tx, org_b_, inbox::ResponseSettings{}, 2);
        store::PutModerationSettings(tx, org_a_, moderation::Settings{}, 1);
        store::PutModerationSettings(tx, org_a_, m, 2);
        return 0;
    });
    auto got = Do<ResponseMap>([&](store::Tx& tx) { return store::GetResponseSettings(tx, {org_a_, org_b_, org_c_}); });
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got.at(org_a_).target, "hours");
    EXPECT_EQ(got.at(org_a_).target_hours, 4);
    EXPECT_EQ(got.at(org_a_).business_days, (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(got.at(org_a_).day_start_minute, 480);
    EXPECT_EQ(got.at(org_a_).day_end_minute, 960);
    EXPECT_EQ(got.at(org_b_).target, "same_business_day");
    auto mod = Do<ModerationMap>([&](store::Tx& tx) { return store::GetModerationSettings(tx, {org_a_, org_b_}); });
    ASSERT_EQ(mod.size(), 1u);
    EXPECT_DOUBLE_EQ(mod.at(org_a_).hide_threshold, 0.8);
    EXPECT_DOUBLE_EQ(mod.at(org_a_).queue_threshold, 0.4);
    EXPECT_EQ(mod.at(org_a_).categories, (std::vector<std::string>{"insult", "racism"}));
    EXPECT_TRUE(mod.at(org_a_).use_model);
    Do<int>([&](store::Tx& tx) {
        store::DeleteResponseSettings(tx, org_a_);
        store::DeleteModerationSettings(tx, org_a_);
        return 0;
    });
    EXPECT_EQ(Do<ResponseMap>([&](store::Tx& tx) {
                  return store::GetResponseSettings(tx, {org_a_, org_b_});
              }).size(),
              1u);
    EXPECT_TRUE(Do<ModerationMap>([&](store::Tx& tx) { return store::GetModerationSettings(tx, {org_a_}); }).empty());
    EXPECT_TRUE(Do<ResponseMap>([&](store::Tx& tx) { return store::GetResponseSettings(tx, {}); }).empty());
}

TEST_P(InboxRepo, SavedRepliesAndCategoryRules) {
    inbox::SavedReply r;
    r.organisation_id = org_a_;
    r.name = "Formulaire eID";
    r.category = "eid";
    r.link = "https://example.org/eid";
    r.variants = {{"fr", "Bonjour {citizen_name}, voir {link}"}, {"nl", "Dag {citizen_name}, zie {link}"}};
    r.created_at = r.updated_at = 10;
    const long long id = Do<long long>([&](store::Tx& tx) {
        inbox::SavedReply other{0, org_b_, "Autre", "", "", {{"en", "Hello"}}, 1, 1};
        store::InsertSavedReply(tx, other);
        return store::InsertSavedReply(tx, r);
    });
    auto got = Do<std::optional<inbox::SavedReply>>([&](store::Tx& tx) { return store::GetSavedReply(tx, id); });
    ASSERT_TRUE(got);
    EXPECT_EQ(got->name, "Formulaire eID");
    EXPECT_EQ(got->link, "https://example.org/eid");
    ASSERT_EQ(got->variants.size(), 2u);
    EXPECT_EQ(got->variants[1].text, "Dag {citizen_name}, zie {link}");
    got->variants = {{"de", "Guten Tag"}};
    got->category = "";
    got->updated_at = 20;
    Do<int>([&](store::Tx& tx) {
        store::UpdateSavedReply(tx, *got);
        return 0;
    });
    got = Do<std::optional<inbox::SavedReply>>([&](store::Tx& tx) { return store::GetSavedReply(tx, id); });
    ASSERT_EQ(got->variants.size(), 1u);
    EXPECT_EQ(got->variants[0].language, "de");
    EXPECT_EQ(got->category, "");
    EXPECT_EQ(got->updated_at, 20);
    auto listed = Do<std::vector<inbox::SavedReply>>(
        [&](store::Tx& tx) { return store::ListSavedReplies(tx, std::set<long long>{org_a_}); });
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].variants.size(), 1u);
    EXPECT_EQ(Do<std::vector<inbox::SavedReply>>([&](store::Tx& tx) {
                  return store::ListSavedReplies(tx, std::nullopt);
              }).size(),
              2u);
    Do<int>([&](store::Tx& tx) {
        store::DeleteSavedReply(tx, id);
        return 0;
    });
    EXPECT_FALSE(Do<std::optional<inbox::SavedReply>>([&](store::Tx& tx) { return store::GetSavedReply(tx, id); }));

    const long long rule = Do<long long>([&](store::Tx& tx) {
        store::InsertCategoryRule(tx, inbox::CategoryRule{0, org_a_, "travel", "", {"voyage", "reis"}, 2});
        store::InsertCategoryRule(tx, inbox::CategoryRule{0, org_b_, "eid", "fr", {"eid"}, 0});
        return store::InsertCategoryRule(tx, inbox::CategoryRule{0, org_a_, "eid", "nl", {"eid", "kaartlezer"}, 1});
    });
    auto rules =
        Do<std::vector<inbox::CategoryRule>>([&](store::Tx& tx) { return store::ListCategoryRules(tx, {org_a_}); });
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0].id, rule);
    EXPECT_EQ(rules[0].keywords, (std::vector<std::string>{"eid", "kaartlezer"}));
    EXPECT_EQ(rules[1].language, "");
    inbox::CategoryRule changed = rules[0];
    changed.position = 5;
    changed.keywords = {"kaart"};
    Do<int>([&](store::Tx& tx) {
        store::UpdateCategoryRule(tx, changed);
        return 0;
    });
    auto one = Do<std::optional<inbox::CategoryRule>>([&](store::Tx& tx) { return store::GetCategoryRule(tx, rule); });
    ASSERT_TRUE(one);
    EXPECT_EQ(one->position, 5);
    EXPECT_EQ(one->keywords, (std::vector<std::string>{"kaart"}));
    Do<int>([&](store::Tx& tx) {
        store::DeleteCategoryRule(tx, rule);
        return 0;
    });
    EXPECT_EQ(Do<std::vector<inbox::CategoryRule>>([&](store::Tx& tx) {
                  return store::ListCategoryRules(tx, {org_a_, org_b_});
              }).size(),
              2u);
}

TEST_P(InboxRepo, CursorsAndResponseRows) {
    Do<int>([&](store::Tx& tx) {
        store::PutCursor(tx, store::Cursor{ch_a1_, "c-1", 100, "timeout", 5});
        store::PutCursor(tx, store::Cursor{ch_a1_, "c-2", 200, "", 9});
        return 0;
    });
    auto cursor = Do<std::optional<store::Cursor>>([&](store::Tx& tx) { return store::GetCursor(tx, ch_a1_); });
    ASSERT_TRUE(cursor);
    EXPECT_EQ(cursor->value, "c-2");
    EXPECT_EQ(cursor->polled_at, 200);
    EXPECT_EQ(cursor->last_error, "");
    EXPECT_EQ(cursor->items_total, 9);
    EXPECT_FALSE(Do<std::optional<store::Cursor>>([&](store::Tx& tx) { return store::GetCursor(tx, ch_b1_); }));

    Do<int>([&](store::Tx& tx) {
        std::vector<Conversation> cs{Conv(ch_a1_, "m0", 1000), Conv(ch_a2_, "m1", 2000), Conv(ch_b1_, "m2", 2500),
                                     Conv(ch_a1_, "m3", 3000)};
        cs[1].first_response_at = 2100;
        cs[1].first_response_by = user_1_;
        cs[1].due_at = 5000;
        store::InsertConversations(tx, cs);
        return 0;
    });
    auto rows = Do<std::vector<store::ResponseRow>>(
        [&](store::Tx& tx) { return store::ResponseRows(tx, std::vector<long long>{org_a_}, 1000, 3000); });
    ASSERT_EQ(rows.size(), 2u);  // [from, to): m3 at 3000 is out, m2 is another organisation's
    EXPECT_EQ(rows[0].first_inbound_at, 1000);
    EXPECT_EQ(rows[1].channel_id, ch_a2_);
    EXPECT_EQ(rows[1].network, "bluesky");
    EXPECT_EQ(rows[1].first_response_at, 2100);
    EXPECT_EQ(rows[1].first_response_by, user_1_);
    EXPECT_EQ(rows[1].due_at, 5000);
    EXPECT_EQ(rows[0].first_response_at, std::nullopt);
    EXPECT_EQ(Do<std::vector<store::ResponseRow>>([&](store::Tx& tx) {
                  return store::ResponseRows(tx, std::nullopt, 0, 10000);
              }).size(),
              4u);
}

TEST_P(InboxRepo, ModerationTermsDecisionsAndQueue) {
    auto threads = AddThreads({{ch_a1_, "sale con", "fr"}, {ch_a1_, "spam spam", "fr"}, {ch_b1_, "ok", "fr"}});
    const long long term = Do<long long>([&](store::Tx& tx) {
        store::InsertTerm(tx, moderation::Term{0, org_a_, "allow", "insult", "fr", "Conques", "alice", 1});
        return store::InsertTerm(tx, moderation::Term{0, org_a_, "add", "insult", "nl", "sukkel", "alice", 2});
    });
    auto dup = db_->Transact<core::Unit>([&](store::Tx& tx) -> core::Result<core::Unit> {
        store::InsertTerm(tx, moderation::Term{0, org_a_, "add", "insult", "nl", "sukkel", "bob", 3});
        return core::Unit{};
    });
    EXPECT_FALSE(dup.ok());
    auto terms = Do<std::vector<moderation::Term>>([&](store::Tx& tx) { return store::ListTerms(tx, {org_a_}); });
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].kind, "add");
    auto got = Do<std::optional<moderation::Term>>([&](store::Tx& tx) { return store::GetTerm(tx, term); });
    ASSERT_TRUE(got);
    EXPECT_EQ(got->term, "sukkel");
    Do<int>([&](store::Tx& tx) {
        store::DeleteTerm(tx, term);
        return 0;
    });
    EXPECT_FALSE(Do<std::optional<moderation::Term>>([&](store::Tx& tx) { return store::GetTerm(tx, term); }));

    const Item& insult = threads[0].item;
    const Item& spam = threads[1].item;
    moderation::Decision hide;
    hide.item_id = insult.id;
    hide.organisation_id = org_a_;
    hide.action = "hide";
    hide.source = "rule";
    hide.category = "insult";
    hide.score = 0.95;
    hide.rule = "insult: con (fr)";
    hide.reason = "insult";
    hide.original_text = insult.text;
    hide.decided_by_name = "rules";
    hide.network_result = "pending";
    hide.created_at = hide.updated_at = 100;
    auto ids = Do<std::vector<long long>>([&](store::Tx& tx) {
        const long long first = store::InsertDecision(tx, hide);
        moderation::Decision restore = hide;
        restore.action = "restore";
        restore.source = "person";
        restore.score = std::nullopt;
        restore.rule = "";
        restore.decided_by = user_1_;
        restore.decided_by_name = "alice";
        restore.reverses = first;
        restore.created_at = restore.updated_at = 200;
        const long long second = store::InsertDecision(tx, restore);
        moderation::Decision queue = hide;
        queue.item_id = spam.id;
        queue.action = "queue";
        queue.category = "spam";
        queue.network_result = "none";
        queue.created_at = queue.updated_at = 150;
        const long long third = store::InsertDecision(tx, queue);
        moderation::Decision person = queue;
        person.action = "hide";
        person.source = "person";
        person.decided_by = user_2_;
        person.network_result = "failed";
        person.attempts = 3;
        person.created_at = person.updated_at = 160;
        const long long fourth = store::InsertDecision(tx, person);
        Item i = insult;
        i.moderation = std::string(inbox::kModAllowed);
        store::UpdateItem(tx, i);
        Item s = spam;
        s.moderation = std::string(inbox::kModHideFailed);
        s.moderation_category = "spam";
        store::UpdateItem(tx, s);
        return std::vector<long long>{first, second, third, fourth};
    });
    auto history =
        Do<std::vector<moderation::Decision>>([&](store::Tx& tx) { return store::ListDecisions(tx, insult.id); });
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, "hide");
    ASSERT_TRUE(history[0].score);
    EXPECT_DOUBLE_EQ(*history[0].score, 0.95);
    EXPECT_EQ(history[0].rule, "insult: con (fr)");
    EXPECT_EQ(history[0].original_text, "sale con");
    EXPECT_EQ(history[1].reverses, ids[0]);
    EXPECT_EQ(history[1].decided_by, user_1_);
    EXPECT_EQ(history[1].score, std::nullopt);

    // To send: pending ones, and failed ones under the attempt limit; oldest first.
    auto to_send =
        Do<std::vector<moderation::Decision>>([&](store::Tx& tx) { return store::DecisionsToSend(tx, 5, 10); });
    ASSERT_EQ(to_send.size(), 3u);
    EXPECT_EQ(to_send[0].id, ids[0]);
    EXPECT_EQ(to_send[1].id, ids[3]);
    EXPECT_EQ(to_send[2].id, ids[1]);
    EXPECT_EQ(
        Do<std::vector<moderation::Decision>>([&](store::Tx& tx) { return store::DecisionsToSend(tx, 3, 10); }).size(),
        2u);
    Do<int>([&](store::Tx& tx) {
        store::UpdateDecisionNetwork(tx, ids[0], "hidden", "", 1, 300);
        return 0;
    });
    auto sent = Do<std::optional<moderation::Decision>>([&](store::Tx& tx) { return store::GetDecision(tx, ids[0]); });
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->network_result, "hidden");
    EXPECT_EQ(sent->attempts, 1);
    EXPECT_EQ(sent->updated_at, 300);

    // The queue: default states leave out "allowed" and "none".
    store::ModerationQuery mq;
    auto queue =
        Do<registry::Page<store::ModeratedItem>>([&](store::Tx& tx) { return store::ListModeratedItems(tx, mq); });
    ASSERT_EQ(queue.items.size(), 1u);
    EXPECT_EQ(queue.total, 1);
    EXPECT_EQ(queue.items[0].item.id, spam.id);
    ASSERT_TRUE(queue.items[0].latest);
    EXPECT_EQ(queue.items[0].latest->id, ids[3]);
    mq.states = {"allowed", "hide_failed"};
    mq.organisation_ids = std::vector<long long>{org_a_};
    queue = Do<registry::Page<store::ModeratedItem>>([&](store::Tx& tx) { return store::ListModeratedItems(tx, mq); });
    EXPECT_EQ(queue.total, 2);
    mq.categories = {"spam"};
    queue = Do<registry::Page<store::ModeratedItem>>([&](store::Tx& tx) { return store::ListModeratedItems(tx, mq); });
    EXPECT_EQ(queue.total, 1);
    mq.organisation_ids = std::vector<long long>{org_b_};
    queue = Do<registry::Page<store::ModeratedItem>>([&](store::Tx& tx) { return store::ListModeratedItems(tx, mq); });
    EXPECT_EQ(queue.total, 0);

    auto labelled = Do<std::vector<store::LabelledItem>>([&](store::Tx& tx) { return store::PersonDecisions(tx); });
    ASSERT_EQ(labelled.size(), 2u);
    EXPECT_EQ(labelled[0].label, "ok");  // the restore of the insult
    EXPECT_EQ(labelled[0].text, "sale con");
    EXPECT_EQ(labelled[1].label, "spam");
    EXPECT_EQ(labelled[1].language, "fr");
}

INSTANTIATE_TEST_SUITE_P(Engines, InboxRepo, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
