// Citizens' messages for the inbox benches: 300–600 byte texts in French (40 %), Dutch (40 %),
// English (15 %) and German (5 %), made of everyday sentences (eID, forms, passports, travel advice,
// contacts, complaints, thanks) with names, places, file numbers and dates, so that function words
// are in most items, topic words in a few percent and names or file numbers in a handful. A fixed
// seed gives the same corpus; a world of organisations and Mastodon/Bluesky channels to store it in.
#pragma once

#include <array>
#include <chrono>
#include <ctime>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "inbox/search_text.hpp"
#include "registry/model.hpp"
#include "store/database.hpp"
#include "store/inbox_repo.hpp"
#include "store/registry_repo.hpp"

namespace belfry::bench {

struct CorpusText {
    std::string text;
    std::string language;
};

class Corpus {
  public:
    explicit Corpus(std::uint64_t seed) : rng_(seed) {}

    CorpusText Next() {
        const int roll = Uniform(0, 99);
        const std::size_t lang = roll < 40 ? 0 : roll < 80 ? 1 : roll < 95 ? 3 : 2;  // fr nl de en
        const std::size_t target = static_cast<std::size_t>(Uniform(300, 600));
        std::string text;
        while (text.size() < target) {
            const auto& bank = kSentences[lang];
            std::string s = bank[static_cast<std::size_t>(Uniform(0, static_cast<int>(bank.size()) - 1))];
            Fill(s, "{topic}", kTopics[lang]);
            Fill(s, "{place}", kPlaces);
            Fill(s, "{name}", kNames);
            Fill(s, "{num}", std::to_string(Uniform(100000, 999999)));
            Fill(s, "{day}", std::to_string(Uniform(1, 28)) + "/" + std::to_string(Uniform(1, 12)));
            if (!text.empty()) text += ' ';
            text += s;
        }
        if (text.size() > 600) {
            const auto cut = text.rfind(' ', 600);
            text.resize(cut == std::string::npos ? 600 : cut);
        }
        return {std::move(text), std::string(kLanguageCodes[lang])};
    }

    // `count` searches as people type them: one to three words, common function words, topic words
    // (some with accents left out or in another form), rare names and file numbers.
    std::vector<std::string> Queries(int count) {
        static const std::vector<std::string> common{"le", "de", "het", "the", "die", "une", "een", "is", "pour"};
        static const std::vector<std::string> topics{
            "formulaire",    "formulaires", "societe",  "aanvraag",    "aanvragen", "paspoort",   "passeport",
            "Anträge",       "antrag",      "passport", "renewal",     "carte",     "kaartlezer", "identité",
            "identite",      "rendez-vous", "afspraak", "ambassade",   "embassy",   "visum",      "visa",
            "remboursement", "klacht",      "plainte",  "attestation", "attest",    "pension",    "pensioen",
            "Reisepass",     "contact",     "bedankt",  "merci",       "délai",     "wachttijd",  "application"};
        std::vector<std::string> out;
        for (int i = 0; i < count; ++i) {
            const int kind = i % 10;
            std::string q;
            if (kind == 0) {
                q = Pick(common);
            } else if (kind <= 4) {
                q = Pick(topics);
            } else if (kind <= 6) {
                q = Pick(topics) + " " + Pick(topics);
            } else if (kind == 7) {
                q = Pick(common) + " " + Pick(topics) + " " + Pick(topics);
            } else if (kind == 8) {
                q = Pick(kNames);
            } else {
                q = std::to_string(Uniform(100000, 999999));  // a file number: rare or absent
            }
            out.push_back(std::move(q));
        }
        return out;
    }

    int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  private:
    template <class Bank>
    std::string Pick(const Bank& bank) {
        return std::string(bank[static_cast<std::size_t>(Uniform(0, static_cast<int>(bank.size()) - 1))]);
    }
    template <class Bank>
    void Fill(std::string& s, const std::string& slot, const Bank& bank) {
        for (auto pos = s.find(slot); pos != std::string::npos; pos = s.find(slot))
            s.replace(pos, slot.size(), Pick(bank));
    }
    void Fill(std::string& s, const std::string& slot, const std::string& value) {
        for (auto pos = s.find(slot); pos != std::string::npos; pos = s.find(slot)) s.replace(pos, slot.size(), value);
    }

    static constexpr std::array<const char*, 4> kLanguageCodes{"fr", "nl", "de", "en"};
    static inline const std::array<std::vector<std::string>, 4> kSentences{{
        {"Bonjour, je n'arrive pas à trouver le formulaire pour {topic} sur votre site.",
         "Où puis-je obtenir des informations sur {topic} ?",
         "Mon dossier numéro {num} est en attente depuis le {day}, pouvez-vous m'aider ?",
         "Merci beaucoup pour votre réponse rapide, c'est très apprécié !",
         "Je suis à {place} et je voudrais savoir si je dois prendre un rendez-vous pour {topic}.",
         "Le lecteur de carte ne reconnaît pas ma carte d'identité électronique.",
         "Votre service est vraiment lent, cela fait trois semaines que j'attends.",
         "Madame {name} m'a dit de vous contacter par ici.",
         "Est-ce que les formulaires sont aussi disponibles en version papier ?",
         "Je voyage vers {place} le {day}, quels sont les conseils aux voyageurs ?",
         "La Société nationale ne répond pas à mes demandes concernant {topic}.",
         "Pouvez-vous me donner le numéro de téléphone de l'ambassade à {place} ?",
         "J'ai perdu mon passeport à {place}, que dois-je faire ?",
         "C'est une honte, personne ne répond jamais aux questions des citoyens.",
         "Félicitations pour cette belle initiative, continuez comme ça.",
         "Il y a une erreur dans le document que j'ai reçu pour {topic}.",
         "Le code PIN de ma carte eID est bloqué, comment le débloquer ?",
         "Je souhaite introduire une plainte au sujet de {topic}."},
        {"Goedendag, ik vind het formulier voor {topic} niet op jullie website.",
         "Waar kan ik meer informatie vinden over {topic}?",
         "Mijn dossier met nummer {num} staat al sinds {day} open, kunnen jullie helpen?",
         "Hartelijk bedankt voor het snelle antwoord, heel vriendelijk!",
         "Ik ben in {place} en wil weten of ik een afspraak moet maken voor {topic}.",
         "De kaartlezer herkent mijn elektronische identiteitskaart niet.",
         "Jullie dienst is echt traag, ik wacht al drie weken op een antwoord.",
         "Mevrouw {name} zei dat ik jullie hier moest contacteren.", "Zijn de aanvragen ook op papier beschikbaar?",
         "Ik reis op {day} naar {place}, wat is het reisadvies?",
         "Mijn aanvraag voor {topic} is nog steeds niet behandeld.",
         "Kunnen jullie mij het telefoonnummer van de ambassade in {place} geven?",
         "Ik ben mijn paspoort verloren in {place}, wat moet ik doen?",
         "Schandalig, niemand beantwoordt ooit de vragen van de burgers.",
         "Proficiat met dit mooie initiatief, doe zo verder.",
         "Er staat een fout in het document dat ik kreeg voor {topic}.",
         "De pincode van mijn eID is geblokkeerd, hoe kan ik die deblokkeren?",
         "Ik wil een klacht indienen over {topic}."},
        {"Guten Tag, ich finde das Formular für {topic} nicht auf Ihrer Webseite.",
         "Wo finde ich Informationen über {topic}?",
         "Mein Antrag mit der Nummer {num} ist seit dem {day} offen, können Sie helfen?",
         "Vielen Dank für die schnelle Antwort!",
         "Ich bin in {place} und möchte wissen, ob ich einen Termin für {topic} brauche.",
         "Das Kartenlesegerät erkennt meinen Personalausweis nicht.",
         "Wo kann ich die Anträge für den Reisepass einreichen?",
         "Frau {name} hat mir gesagt, dass ich Sie hier kontaktieren soll.",
         "Ich reise am {day} nach {place}, gibt es Reisehinweise?",
         "Ich möchte eine Beschwerde über {topic} einreichen."},
        {"Hello, I cannot find the form for {topic} on your website.", "Where can I find information about {topic}?",
         "My file number {num} has been pending since {day}, can you help?", "Thank you so much for the quick answer!",
         "I am in {place} and would like to know whether I need an appointment for {topic}.",
         "The card reader does not recognise my electronic identity card.",
         "How do I renew my passport while living in {place}?", "Mrs {name} told me to contact you here.",
         "I am travelling to {place} on {day}, what is the travel advice?",
         "My applications for {topic} have not been processed yet.",
         "Could you give me the phone number of the embassy in {place}?", "I want to file a complaint about {topic}."},
    }};
    static inline const std::array<std::vector<std::string>, 4> kTopics{{
        {"la carte d'identité", "le passeport", "le visa", "la pension", "les allocations familiales",
         "le remboursement", "l'attestation de domicile", "le permis de conduire", "la déclaration d'impôts",
         "le titre de séjour", "la légalisation", "le casier judiciaire"},
        {"de identiteitskaart", "het paspoort", "het visum", "het pensioen", "het kindergeld", "de terugbetaling",
         "het attest van woonst", "het rijbewijs", "de belastingaangifte", "de verblijfsvergunning", "de legalisatie",
         "het uittreksel uit het strafregister"},
        {"den Personalausweis", "den Reisepass", "das Visum", "die Rente", "das Kindergeld", "die Erstattung",
         "die Meldebescheinigung", "den Führerschein"},
        {"the identity card", "the passport", "the visa", "the pension", "child benefit", "the refund",
         "the residence certificate", "the driving licence", "the tax return", "the residence permit"},
    }};
    static inline const std::vector<std::string> kPlaces{"Bruxelles", "Antwerpen", "Liège",    "Gent",       "Eupen",
                                                         "Namur",     "Brugge",    "Kinshasa", "Casablanca", "Istanbul",
                                                         "Madrid",    "Paris",     "Berlin",   "London",     "New York",
                                                         "Bangkok",   "Le Caire",  "Dakar",    "Tokyo"};
    static inline const std::vector<std::string> kNames = [] {
        const std::vector<std::string> first{"Peeters", "Janssens", "Maes",    "Jacobs", "Dubois",   "Lambert",
                                             "Dupont",  "Martin",   "Willems", "Claes",  "Goossens", "Wouters",
                                             "Lemaire", "Renard",   "Mertens", "Simon",  "Leclercq", "Hermans"};
        const std::vector<std::string> second{"",          "-Vandamme", "-Mahieu",  "-Collignon", "-Verbeke", "-Dumont",
                                              "-Michiels", "-Coppens",  "-Lejeune", "-Bogaert",   "-Pauwels"};
        std::vector<std::string> out;
        for (const auto& f : first) {
            for (const auto& s : second) out.push_back(f + s);
        }
        return out;
    }();

    std::mt19937_64 rng_;
};

// `organisations` organisations with `channels_each` channels each (Mastodon and Bluesky in turn).
struct InboxWorld {
    std::vector<long long> organisation_ids;
    std::vector<long long> channel_ids;
    std::vector<long long> channel_organisation;  // parallel to channel_ids
    std::vector<std::string> channel_network;
};

inline InboxWorld BuildInboxWorld(store::Tx& tx, int organisations, int channels_each) {
    InboxWorld w;
    for (int o = 0; o < organisations; ++o) {
        registry::Organisation org;
        org.kind = o == 0 ? "government" : "service";
        org.slug = "org" + std::to_string(o);
        org.names = {org.slug, org.slug, org.slug, org.slug};
        org.created_at = org.updated_at = 1;
        const long long org_id = store::InsertOrganisation(tx, org);
        w.organisation_ids.push_back(org_id);
        for (int c = 0; c < channels_each; ++c) {
            registry::Channel ch;
            ch.organisation_id = org_id;
            ch.network = c % 2 == 0 ? core::Network::kMastodon : core::Network::kBluesky;
            ch.handle = "org" + std::to_string(o) + "ch" + std::to_string(c);
            ch.url = "https://example.org/" + ch.handle;
            ch.display_name = ch.handle;
            ch.languages = {"fr", "nl"};
            w.channel_ids.push_back(store::InsertChannel(tx, ch));
            w.channel_organisation.push_back(org_id);
            w.channel_network.emplace_back(c % 2 == 0 ? "mastodon" : "bluesky");
        }
    }
    return w;
}

inline double ThreadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct IngestTimes {
    double wall_s = 0;               // from the first SearchText to the last commit
    double search_text_cpu_s = 0;    // inbox::SearchText of every item, CPU time of the thread doing it
    double store_cpu_s = 0;          // the transactions, CPU time of the writing thread
    double lookup_cpu_s = 0;         // of which: the dedupe and thread lookups
    double conversations_cpu_s = 0;  // InsertConversations
    double items_cpu_s = 0;          // InsertItems (with the full-text index); the rest is BEGIN/COMMIT
    long long items = 0;
    long long conversations = 0;
};

// At most `bytes` bytes of s, cut between two UTF-8 characters.
inline std::string Prefix(const std::string& s, std::size_t bytes) {
    if (s.size() <= bytes) return s;
    while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
    return s.substr(0, bytes);
}

// One channel's poll: new threads of 1–5 items (texts made up, search_text not yet computed).
struct Batch {
    long long channel_id = 0;
    std::vector<inbox::Conversation> conversations;
    std::vector<inbox::Item> items;
    std::vector<std::size_t> item_conversation;  // index in conversations
};

// Makes up the next batch of `n` items for the next channel in turn.
class BatchMaker {
  public:
    BatchMaker(const InboxWorld& world, Corpus& corpus, core::Millis start_ms)
        : world_(world), corpus_(corpus), at_(start_ms) {}

    Batch Next(std::size_t n) {
        Batch b;
        b.channel_id = world_.channel_ids[channel_];
        const long long org_id = world_.channel_organisation[channel_];
        const std::string& network = world_.channel_network[channel_];
        channel_ = (channel_ + 1) % world_.channel_ids.size();
        while (b.items.size() < n) {
            const auto size =
                std::min<std::size_t>(static_cast<std::size_t>(corpus_.Uniform(1, 5)), n - b.items.size());
            const std::string key = "n" + std::to_string(seq_);
            const std::string citizen = std::to_string(corpus_.Uniform(1, 200000));
            for (std::size_t k = 0; k < size; ++k) {
                auto text = corpus_.Next();
                inbox::Item item;
                item.organisation_id = org_id;
                item.channel_id = b.channel_id;
                item.remote_id = "n" + std::to_string(seq_++);
                if (k > 0) item.parent_remote_id = key;
                item.direction = "in";
                item.kind = std::string(inbox::kKindReply);
                item.author_id = citizen;
                item.author_handle = "@citizen" + citizen + "@social.example";
                item.author_name = "Citizen " + citizen;
                item.text = std::move(text.text);
                item.language = std::move(text.language);
                item.url = "https://social.example/@citizen" + citizen + "/" + item.remote_id;
                item.created_at = at_;
                item.received_at = at_ + 1000;
                at_ += 2500;
                if (k == 0) {
                    inbox::Conversation c;
                    c.organisation_id = org_id;
                    c.channel_id = b.channel_id;
                    c.network = network;
                    c.thread_key = key;
                    c.kind = std::string(inbox::kKindReply);
                    c.citizen_id = citizen;
                    c.citizen_handle = item.author_handle;
                    c.citizen_name = item.author_name;
                    c.language = item.language;
                    c.first_inbound_at = item.created_at;
                    c.item_count = static_cast<long long>(size);
                    c.created_at = item.received_at;
                    b.conversations.push_back(std::move(c));
                }
                auto& c = b.conversations.back();
                c.last_inbound_at = item.created_at;
                c.last_text = Prefix(item.text, 280);
                c.updated_at = item.received_at;
                b.item_conversation.push_back(b.conversations.size() - 1);
                b.items.push_back(std::move(item));
            }
        }
        return b;
    }

  private:
    const InboxWorld& world_;
    Corpus& corpus_;
    core::Millis at_;
    long long seq_ = 0;
    std::size_t channel_ = 0;
};

inline void ComputeSearchText(Batch& b, IngestTimes& times) {
    const double c0 = ThreadCpuSeconds();
    for (auto& item : b.items) item.search_text = inbox::SearchText(item.text, item.language);
    times.search_text_cpu_s += ThreadCpuSeconds() - c0;
}

// One transaction, as an ingestion does it: drops the remote ids already stored, looks the threads
// up, inserts the new conversations and the items.
inline void StoreBatch(store::Database& db, Batch& b, IngestTimes& times) {
    const double c0 = ThreadCpuSeconds();
    auto stored = db.Transact<long long>([&](store::Tx& tx) -> core::Result<long long> {
        std::vector<std::string> remote_ids;
        std::vector<std::string> keys;
        for (const auto& i : b.items) remote_ids.push_back(i.remote_id);
        for (const auto& c : b.conversations) keys.push_back(c.thread_key);
        const double d0 = ThreadCpuSeconds();
        const auto existing = store::ExistingRemoteIds(tx, b.channel_id, remote_ids);
        const auto known = store::ConversationsByThreadKey(tx, b.channel_id, keys);
        if (!existing.empty() || !known.empty()) return core::Error::Internal("the corpus repeated a remote id");
        const double d1 = ThreadCpuSeconds();
        store::InsertConversations(tx, b.conversations);
        for (std::size_t i = 0; i < b.items.size(); ++i) {
            b.items[i].conversation_id = b.conversations[b.item_conversation[i]].id;
        }
        const double d2 = ThreadCpuSeconds();
        store::InsertItems(tx, b.items);
        const double d3 = ThreadCpuSeconds();
        times.lookup_cpu_s += d1 - d0;
        times.conversations_cpu_s += d2 - d1;
        times.items_cpu_s += d3 - d2;
        return static_cast<long long>(b.items.size());
    });
    if (!stored.ok()) throw std::runtime_error(stored.error().message);
    times.store_cpu_s += ThreadCpuSeconds() - c0;
    times.items += static_cast<long long>(b.items.size());
    times.conversations += static_cast<long long>(b.conversations.size());
}

// Stores `total` items in batches of `batch`, one after the other on this thread: make up the
// batch (not timed), SearchText, store. `progress` is called after each batch.
inline IngestTimes IngestCorpus(store::Database& db, const InboxWorld& world, Corpus& corpus, long long total,
                                int batch, core::Millis start_ms,
                                const std::function<void(long long)>& progress = nullptr) {
    using Clock = std::chrono::steady_clock;
    IngestTimes times;
    BatchMaker maker(world, corpus, start_ms);
    while (times.items < total) {
        Batch b = maker.Next(static_cast<std::size_t>(std::min<long long>(batch, total - times.items)));
        const auto t0 = Clock::now();
        ComputeSearchText(b, times);
        StoreBatch(db, b, times);
        times.wall_s += std::chrono::duration<double>(Clock::now() - t0).count();
        if (progress) progress(times.items);
    }
    return times;
}

// The same with the batches made up beforehand, and SearchText of the next batch computed on a
// second thread while this one stores the current batch (as an ingestion service polling several
// channels would). Timed from the first SearchText to the last commit.
inline IngestTimes IngestPipelined(store::Database& db, std::vector<Batch>& batches) {
    using Clock = std::chrono::steady_clock;
    IngestTimes times;
    IngestTimes texts;
    const auto t0 = Clock::now();
    if (!batches.empty()) ComputeSearchText(batches[0], texts);
    for (std::size_t i = 0; i < batches.size(); ++i) {
        std::thread next;
        if (i + 1 < batches.size()) next = std::thread([&, i] { ComputeSearchText(batches[i + 1], texts); });
        StoreBatch(db, batches[i], times);
        if (next.joinable()) next.join();
    }
    times.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    times.search_text_cpu_s = texts.search_text_cpu_s;
    return times;
}

}  // namespace belfry::bench
