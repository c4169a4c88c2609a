// The citizens' engine (see citizens.hpp).
#include "netsim/citizens/citizens.hpp"

#include <algorithm>
#include <cmath>

namespace belfry::netsim {

namespace json = boost::json;

namespace {

constexpr int kMaxPerStep = 1000;
constexpr long kBlueskyMaxGraphemes = 300;
constexpr long kMentionRoom = 40;  // "@channel.handle " in front of a long text

struct Weighted {
    const char* kind;
    int weight;
};

// The kinds of a new message and their weights (out of 107: the "long" text is drawn here too).
constexpr Weighted kKinds[] = {{"question", 30}, {"complaint", 13},    {"praise", 9}, {"insult", 9},
                               {"spam", 7},      {"personal_data", 7}, {"racism", 5}, {"discrimination", 5},
                               {"hostile", 5},   {"threat", 4},        {"long", 3}};

std::string DrawKind(citizens::Rng& rng) {
    int total = 0;
    for (const auto& k : kKinds) total += k.weight;
    int draw = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
    for (const auto& k : kKinds) {
        if (draw < k.weight) return k.kind;
        draw -= k.weight;
    }
    return "question";
}

}  // namespace

Citizens::Citizens(Context ctx, std::vector<std::unique_ptr<Network>>& networks, CitizenSettings start)
    : ctx_(ctx), networks_(networks), start_(start), settings_(start), rng_(start.seed) {
    schedule_start_ = ctx_.clock.NowMs();
}

CitizenSettings Citizens::settings() const {
    std::lock_guard lock(mu_);
    return settings_;
}

void Citizens::RestartLocked(std::uint64_t seed) {
    settings_.seed = seed;
    rng_.seed(seed);
    followed_up_.clear();
    counts_.clear();
    posted_ = skipped_ = failed_ = 0;
    last_error_.clear();
    schedule_start_ = ctx_.clock.NowMs();
    scheduled_ = 0;
}

void Citizens::Configure(std::optional<bool> enabled, std::optional<double> per_minute,
                         std::optional<std::uint64_t> seed) {
    std::lock_guard lock(mu_);
    if (seed) RestartLocked(*seed);
    const bool starts =
        (enabled && *enabled && !settings_.enabled) || (per_minute && *per_minute != settings_.per_minute);
    if (enabled) settings_.enabled = *enabled;
    if (per_minute) settings_.per_minute = *per_minute;
    if (starts) {
        schedule_start_ = ctx_.clock.NowMs();
        scheduled_ = 0;
    }
}

void Citizens::Reset() {
    std::lock_guard lock(mu_);
    settings_ = start_;
    RestartLocked(start_.seed);
}

int Citizens::Step() {
    std::lock_guard lock(mu_);
    if (!settings_.enabled || settings_.per_minute <= 0) return 0;
    const core::Millis elapsed = ctx_.clock.NowMs() - schedule_start_;
    if (elapsed <= 0) return 0;
    const auto due = static_cast<long long>(std::floor(static_cast<double>(elapsed) * settings_.per_minute / 60000.0));
    if (due <= scheduled_) return 0;
    if (due - scheduled_ > kMaxPerStep) scheduled_ = due - kMaxPerStep;  // the clock jumped: skip the rest
    int posted = 0;
    for (; scheduled_ < due; ++scheduled_, ++posted) PostOneLocked();
    return posted;
}

int Citizens::Burst(int count) {
    std::lock_guard lock(mu_);
    for (int i = 0; i < count; ++i) PostOneLocked();
    return count;
}

Network* Citizens::Find(const std::string& name) {
    for (auto& n : networks_) {
        if (n->Name() == name) return n.get();
    }
    return nullptr;
}

void Citizens::Count(const std::string& network, const std::string& kind, const std::string& language,
                     const std::string& where) {
    ++posted_;
    ++counts_["network"][network];
    ++counts_["kind"][kind];
    ++counts_["language"][language.empty() ? "untagged" : language];
    ++counts_["where"][where];
}

void Citizens::PostOneLocked() {
    // What the channels offer, network by network (in the order netsim lists its networks).
    std::vector<std::pair<Network*, CitizenTargets>> scene;
    for (auto& n : networks_) {
        CitizenTargets t = n->Targets();
        if (!t.channels.empty()) scene.emplace_back(n.get(), std::move(t));
    }
    if (scene.empty()) {
        ++skipped_;
        return;
    }
    auto post = [&](Network& network, const CitizenPost& p, const std::string& language, const std::string& where) {
        const std::string kind = p.citizen_kind;
        auto done = network.PostAsCitizen(p);
        if (done.ok()) {
            Count(network.Name(), kind, language, where);
        } else {
            ++failed_;
            last_error_ = network.Name() + ": " + done.error().message;
        }
    };

    // A follow-up under a channel's answer.
    std::vector<std::pair<Network*, const CitizenTargets::Answer*>> open;
    for (const auto& [network, t] : scene) {
        for (const auto& a : t.answers) {
            if (!followed_up_.count(network->Name() + " " + a.id)) open.emplace_back(network, &a);
        }
    }
    if (!open.empty() && rng_() % 100 < 30) {
        const auto& [network, answer] = open[rng_() % open.size()];
        followed_up_.insert(network->Name() + " " + answer->id);
        std::string language = answer->language;
        for (const auto& persona : citizens::Personas()) {
            if (language.empty() &&
                (persona.mastodon == answer->citizen_handle || persona.bluesky == answer->citizen_handle)) {
                language = persona.language;
            }
        }
        if (language.empty()) language = "fr";
        const std::string kind = rng_() % 2 ? "followup_more" : "followup_thanks";
        citizens::Persona who;
        who.first = answer->citizen_name.substr(0, answer->citizen_name.find(' '));
        CitizenPost p;
        p.author_handle = answer->citizen_handle;
        p.author_name = answer->citizen_name;
        p.text = citizens::Disguise(citizens::Fill(rng_, citizens::PickTemplate(rng_, language, kind), language, who),
                                    citizens::DisguiseKind::kNone, rng_);
        p.in_reply_to = answer->id;
        p.language = language;
        p.citizen_kind = kind;
        post(*network, p, language, "followup");
        return;
    }

    // A new message.
    auto& [network, targets] = scene[rng_() % scene.size()];
    const bool mastodon = network->Name() == kMastodon;
    const auto& personas = citizens::Personas();
    const citizens::Persona& persona = personas[rng_() % personas.size()];
    const std::string language =
        rng_() % 100 < 80 ? persona.language : citizens::Languages()[rng_() % citizens::Languages().size()];
    const std::string kind = DrawKind(rng_);
    std::string text;
    if (kind == "hostile") {
        text = citizens::Hostile(rng_, language, persona);
    } else if (kind == "long") {
        const long limit =
            mastodon ? ctx_.state.Locked([](Data& d) { return static_cast<long>(d.settings.mastodon_char_limit); })
                     : kBlueskyMaxGraphemes;
        text = citizens::Long(rng_, language, persona, std::max(40L, limit - kMentionRoom));
    } else {
        const std::string filled =
            citizens::Fill(rng_, citizens::PickTemplate(rng_, language, kind), language, persona);
        auto disguise = citizens::DisguiseKind::kNone;
        if (citizens::Disguisable(kind) && rng_() % 100 < 45) {
            disguise = static_cast<citizens::DisguiseKind>(1 + rng_() % 6);
        }
        text = citizens::Disguise(filled, disguise, rng_);
    }
    const unsigned where_draw = static_cast<unsigned>(rng_() % 100);
    std::string where;
    if (mastodon) {
        where = where_draw < 55 ? "reply" : where_draw < 82 ? "mention" : "direct";
    } else {
        where = where_draw < 60 ? "reply" : where_draw < 90 ? "mention" : "quote";
    }
    if ((where == "reply" || where == "quote") && targets.posts.empty()) where = "mention";
    CitizenPost p;
    p.author_handle = mastodon ? persona.mastodon : persona.bluesky;
    p.author_name = persona.name;
    p.text = text;
    p.citizen_kind = kind;
    if (where == "reply") {
        p.in_reply_to = targets.posts[rng_() % targets.posts.size()];
    } else if (where == "quote") {
        p.quote = targets.posts[rng_() % targets.posts.size()];
    } else if (where == "direct") {
        p.direct_to = targets.channels[rng_() % targets.channels.size()];
    } else {
        p.mention = targets.channels[rng_() % targets.channels.size()];
    }
    p.language = rng_() % 10 == 0 ? "" : language;
    const std::string tag = p.language;
    post(*network, p, tag, where);
}

json::object Citizens::Status() const {
    std::lock_guard lock(mu_);
    json::object counts;
    for (const auto& [dimension, values] : counts_) {
        json::object o;
        for (const auto& [value, n] : values) o[value] = n;
        counts[dimension] = std::move(o);
    }
    return json::object{{"enabled", settings_.enabled},
                        {"per_minute", settings_.per_minute},
                        {"seed", settings_.seed},
                        {"posted", posted_},
                        {"skipped", skipped_},
                        {"failed", failed_},
                        {"last_error", last_error_.empty() ? json::value(nullptr) : json::value(last_error_)},
                        {"counts", counts}};
}

}  // namespace belfry::netsim
