// belfry seed demo: the government of the seeds (data/demo/registry.json), its accounts, figures
// and one demo user per role.
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/app.hpp"
#include "app/command.hpp"
#include "core/text.hpp"
#include "networks/http_client.hpp"
#include "store/registry_repo.hpp"
#include "workflow/policy_json.hpp"

namespace belfry::app {

namespace json = boost::json;

namespace {

std::string Str(const json::object& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_string()) return {};
    return std::string(it->value().as_string());
}

std::vector<std::string> StrList(const json::object& o, const char* key) {
    std::vector<std::string> out;
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_array()) return out;
    for (const auto& v : it->value().as_array()) {
        if (v.is_string()) out.emplace_back(v.as_string());
    }
    return out;
}

}  // namespace

class SeedDemoCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description("Load the demo government (idempotent: does nothing if it is already there)");
        sub.add_option("--file", file_, "the demo registry (default: data/demo/registry.json)");
        sub.add_option("--netsim", netsim_,
                       "URL of a running netsim: create the demo accounts there and connect their channels");
        sub.add_option("--password", password_,
                       "password of every demo user (default: BELFRY_DEMO_PASSWORD or belfry-demo-2026)");
    }

    int Run(const GlobalOptions& globals) override {
        auto config = globals.Resolve();
        if (!config.ok()) return Fail(config.error());
        if (file_.empty()) file_ = (std::filesystem::path(BELFRY_SOURCE_DIR) / "data/demo/registry.json").string();
        if (password_.empty()) {
            const char* env = std::getenv("BELFRY_DEMO_PASSWORD");
            password_ = env != nullptr ? env : "belfry-demo-2026";
        }
        std::ifstream in(file_);
        if (!in) return Fail(core::Error::NotFound("cannot read " + file_));
        std::stringstream ss;
        ss << in.rdbuf();
        boost::system::error_code ec;
        auto doc = json::parse(ss.str(), ec);
        if (ec || !doc.is_object()) return Fail(core::Error::Invalid("file", file_ + " is not a JSON object"));
        const auto& root = doc.as_object();

        auto built = BuildApp(*config);
        if (!built.ok()) return Fail(built.error());
        auto& app = *built.value();
        const auto system = security::Principal::System("cli:seed-demo");

        auto existing = app.db->Read<long long>([](store::Tx& tx) -> core::Result<long long> {
            return static_cast<long long>(store::ListOrganisations(tx).size());
        });
        if (!existing.ok()) return Fail(existing.error());
        if (existing.value() > 0) {
            std::cout << "the database already holds organisations: demo data not loaded again\n";
            return netsim_.empty() ? 0 : ConnectNetsim(app, root);
        }

        std::map<std::string, long long> orgs;
        for (const auto& v : root.at("organisations").as_array()) {
            const auto& o = v.as_object();
            registry::OrganisationInput input;
            const std::string parent = Str(o, "parent");
            if (!parent.empty()) input.parent_id = orgs.at(parent);
            input.kind = Str(o, "kind");
            input.slug = Str(o, "slug");
            const auto& n = o.at("names").as_object();
            input.names = {Str(n, "fr"), Str(n, "nl"), Str(n, "de"), Str(n, "en")};
            auto created = app.registry->CreateOrganisation(system, input);
            if (!created.ok()) return Fail(created.error());
            orgs[Str(o, "key")] = created->id;
        }

        std::map<std::string, long long> channels;
        int skipped = 0;
        for (const auto& v : root.at("channels").as_array()) {
            const auto& c = v.as_object();
            registry::ChannelInput input;
            input.organisation_id = orgs.at(Str(c, "organisation"));
            input.url = Str(c, "url");
            if (input.url.empty()) {
                ++skipped;  // the seeds name the account but not its address
                continue;
            }
            input.network = Str(c, "network");
            input.display_name = Str(c, "display_name");
            input.languages = StrList(c, "languages");
            input.status = Str(c, "status").empty() ? "active" : Str(c, "status");
            input.tags = StrList(c, "tags");
            auto created = app.registry->CreateChannel(system, input);
            if (!created.ok()) {
                std::cerr << "belfry: channel " << Str(c, "key") << " (" << input.url
                          << "): " << created.error().message << "\n";
                return 1;
            }
            channels[Str(c, "key")] = created->id;
        }

        auto figures = app.db->Transact<int>([&](store::Tx& tx) -> core::Result<int> {
            int count = 0;
            for (const auto& v : root.at("figures").as_array()) {
                const auto& f = v.as_object();
                if (!f.contains("value") || !f.at("value").is_number()) continue;
                std::optional<long long> channel;
                if (auto it = channels.find(Str(f, "channel")); it != channels.end()) channel = it->second;
                std::optional<long long> org;
                if (auto it = orgs.find(Str(f, "organisation")); it != orgs.end()) org = it->second;
                const auto at = core::ParseRfc3339(Str(f, "as_of")).value_or(0);
                store::InsertMetricSnapshot(tx, channel, org, Str(f, "metric"), Str(f, "dimension"),
                                            f.at("value").to_number<double>(), at, Str(f, "source"));
                ++count;
            }
            return count;
        });
        if (!figures.ok()) return Fail(figures.error());

        int users = 0;
        std::map<std::string, long long> user_ids;
        for (const auto& v : root.at("users").as_array()) {
            const auto& u = v.as_object();
            registry::UserInput input;
            input.username = Str(u, "username");
            input.display_name = Str(u, "display_name");
            input.locale = Str(u, "locale").empty() ? "fr" : Str(u, "locale");
            input.password = password_;
            auto created = app.people->CreateUser(system, input);
            if (!created.ok()) return Fail(created.error());
            user_ids[input.username] = created->id;
            ++users;
            if (auto it = u.find("roles"); it != u.end()) {
                for (const auto& r : it->value().as_array()) {
                    const auto& ro = r.as_object();
                    registry::GrantInput g;
                    g.user_id = created->id;
                    g.organisation_id = orgs.at(Str(ro, "organisation"));
                    g.role = Str(ro, "role");
                    if (auto exp = core::ParseRfc3339(Str(ro, "expires_at"))) g.expires_at = exp;
                    auto granted = app.people->Grant(system, g);
                    if (!granted.ok()) return Fail(granted.error());
                }
            }
        }
        // Each organisation's own publishing policy (the rules it leaves out are inherited).
        int policies = 0;
        if (auto it = root.find("policies"); it != root.end() && it->value().is_array()) {
            for (const auto& v : it->value().as_array()) {
                const auto& o = v.as_object();
                const long long org = orgs.at(Str(o, "organisation"));
                auto put = app.workflow->PutPolicy(system, org, workflow::SettingsFromJson(org, o));
                if (!put.ok()) return Fail(put.error());
                ++policies;
            }
        }
        // One pre-approved crisis template for the whole government: a consular alert in four languages.
        auto tmpl = SeedCrisisTemplate(app, orgs.at(Str(root.at("organisations").as_array().at(0).as_object(), "key")));
        if (!tmpl.ok()) return Fail(tmpl.error());
        // The inbox: response targets, categories, saved replies, a team (data/demo/inbox.json).
        auto inbox =
            SeedInbox(app, (std::filesystem::path(file_).parent_path() / "inbox.json").string(), orgs, user_ids);
        if (!inbox.ok()) return Fail(inbox.error());
        std::cout << "demo loaded: " << orgs.size() << " organisations, " << channels.size() << " channels (" << skipped
                  << " accounts without a known address left out), " << figures.value() << " figures, " << users
                  << " users (password: " << password_ << "), " << policies
                  << " publishing policies, 1 approved crisis template, " << inbox.value() << " saved replies\n";
        return netsim_.empty() ? 0 : ConnectNetsim(app, root);
    }

    static core::Result<long long> SeedCrisisTemplate(App& app, long long organisation_id) {
        const auto system = security::Principal::System("cli:seed-demo");
        crisis::TemplateInput in;
        in.organisation_id = organisation_id;
        in.name = "Consular alert — FPS Foreign Affairs";
        in.variants = {
            {"fr",
             "ALERTE CONSULAIRE – {sender}\n{event} – {area}.\nBelges sur place : {instructions}\nJusqu'à {until}.\n"
             "Conseils aux voyageurs : {link}"},
            {"nl",
             "CONSULAIRE WAARSCHUWING – {sender}\n{event} – {area}.\nBelgen ter plaatse: {instructions}\nTot "
             "{until}.\nReisadvies: {link}"},
            {"de",
             "KONSULARISCHE WARNUNG – {sender}\n{event} – {area}.\nBelgier vor Ort: {instructions}\nBis {until}.\n"
             "Reisehinweise: {link}"},
            {"en",
             "CONSULAR ALERT – {sender}\n{event} – {area}.\nBelgians on site: {instructions}\nUntil {until}.\n"
             "Travel advice: {link}"}};
        BELFRY_ASSIGN_OR_RETURN(created, app.crisis->CreateTemplate(system, in));
        BELFRY_ASSIGN_OR_RETURN(approved, app.crisis->ApproveTemplate(system, created.tmpl.id, created.tmpl.version));
        return approved.tmpl.id;
    }

    // Loads the demo inbox file; returns how many saved replies it made. A missing file is no error.
    static core::Result<int> SeedInbox(App& app, const std::string& path, const std::map<std::string, long long>& orgs,
                                       const std::map<std::string, long long>& users) {
        std::ifstream in(path);
        if (!in) return 0;
        std::stringstream buffer;
        buffer << in.rdbuf();
        boost::system::error_code ec;
        auto doc = json::parse(buffer.str(), ec);
        if (ec || !doc.is_object()) return core::Error::Invalid("file", path + " is not a JSON object");
        const auto& root = doc.as_object();
        const auto system = security::Principal::System("cli:seed-demo");
        auto org = [&](const json::object& o) -> core::Result<long long> {
            auto it = orgs.find(Str(o, "organisation"));
            if (it == orgs.end()) {
                return core::Error::Invalid("organisation",
                                            path + ": unknown organisation '" + Str(o, "organisation") + "'");
            }
            return it->second;
        };
        auto list = [&](const char* key) -> const json::array& {
            static const json::array kEmpty;
            auto it = root.find(key);
            return it != root.end() && it->value().is_array() ? it->value().as_array() : kEmpty;
        };
        auto minutes = [](const std::string& hhmm, int fallback) {
            if (hhmm.size() != 5) return fallback;
            return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
        };
        for (const auto& v : list("response_settings")) {
            const auto& o = v.as_object();
            BELFRY_ASSIGN_OR_RETURN(id, org(o));
            inbox::ResponseSettings s;
            s.target = Str(o, "target");
            s.business_days.clear();
            for (const auto& d : o.at("business_days").as_array())
                s.business_days.push_back(static_cast<int>(d.as_int64()));
            s.day_start_minute = minutes(Str(o, "day_start"), s.day_start_minute);
            s.day_end_minute = minutes(Str(o, "day_end"), s.day_end_minute);
            BELFRY_TRY(app.inbox->PutResponseSettings(system, id, s));
        }
        for (const auto& v : list("moderation_settings")) {
            const auto& o = v.as_object();
            BELFRY_ASSIGN_OR_RETURN(id, org(o));
            moderation::Settings s;
            s.hide_threshold = o.at("hide_threshold").to_number<double>();
            s.queue_threshold = o.at("queue_threshold").to_number<double>();
            s.categories = StrList(o, "categories");
            BELFRY_TRY(app.moderation->PutSettings(system, id, s));
        }
        for (const auto& v : list("teams")) {
            const auto& o = v.as_object();
            BELFRY_ASSIGN_OR_RETURN(id, org(o));
            inbox::Team t;
            t.organisation_id = id;
            t.name = Str(o, "name");
            for (const auto& name : StrList(o, "members")) {
                if (auto it = users.find(name); it != users.end()) t.member_ids.push_back(it->second);
            }
            BELFRY_TRY(app.inbox->CreateTeam(system, t));
        }
        long long position = 0;
        for (const auto& v : list("category_rules")) {
            const auto& o = v.as_object();
            BELFRY_ASSIGN_OR_RETURN(id, org(o));
            inbox::CategoryRule r;
            r.organisation_id = id;
            r.category = Str(o, "category");
            r.language = Str(o, "language");
            r.keywords = StrList(o, "keywords");
            r.position = ++position;
            BELFRY_TRY(app.inbox->CreateCategoryRule(system, r));
        }
        int replies = 0;
        for (const auto& v : list("saved_replies")) {
            const auto& o = v.as_object();
            BELFRY_ASSIGN_OR_RETURN(id, org(o));
            inbox::SavedReply r;
            r.organisation_id = id;
            r.name = Str(o, "name");
            r.category = Str(o, "category");
            r.link = Str(o, "link");
            for (const auto& variant : o.at("variants").as_array()) {
                r.variants.push_back({Str(variant.as_object(), "language"), Str(variant.as_object(), "text")});
            }
            BELFRY_TRY(app.inbox->CreateSavedReply(system, r));
            ++replies;
        }
        return replies;
    }

    // Creates each demo account on netsim and connects its channel (credentials sealed in the vault).
    int ConnectNetsim(App& app, const json::object& root) {
        networks::CurlHttpClient http;
        int connected = 0;
        for (const auto& v : root.at("channels").as_array()) {
            const auto& c = v.as_object();
            if (Str(c, "demo_network") != "netsim") continue;
            const std::string network = Str(c, "network");
            const std::string handle = Str(c, "handle");
            const std::string account = network == "mastodon" ? handle.substr(0, handle.find('@')) : handle;
            networks::HttpRequest req;
            req.method = "POST";
            req.url = netsim_ + "/_netsim/accounts";
            req.headers = {{"Content-Type", "application/json"}};
            req.body = json::serialize(json::object{{"network", network}, {"handle", account}});
            auto res = http.Send(req);
            if (!res.ok() || res->status != 201) {
                return Fail(core::Error::Unavailable("netsim at " + netsim_ + " did not create the demo account " +
                                                     account +
                                                     (res.ok() ? ": " + res->body : ": " + res.error().message)));
            }
            auto created = json::parse(res->body).as_object();
            json::object credentials;
            for (const char* key : {"access_token", "identifier", "password", "did"}) {
                if (created.contains(key)) credentials[key] = created.at(key);
            }
            const auto system = security::Principal::System("cli:seed-demo");
            auto channels = app.db->Read<std::vector<registry::Channel>>(
                [&](store::Tx& tx) -> core::Result<std::vector<registry::Channel>> {
                    return store::FindChannelsByHandle(tx, network, core::AsciiLower(handle));
                });
            if (!channels.ok()) return Fail(channels.error());
            if (channels->empty()) continue;
            publishing::ConnectionInput in;
            in.api_base_url = netsim_;
            in.credentials = json::serialize(credentials);
            auto done = app.publishing->ConnectChannel(system, channels->front().id, in);
            if (!done.ok()) return Fail(done.error());
            ++connected;
        }
        std::cout << "connected " << connected << " demo channel(s) to netsim at " << netsim_ << "\n";
        return 0;
    }

  private:
    std::string file_;
    std::string password_;
    std::string netsim_;
};

std::unique_ptr<Command> MakeSeedDemoCommand() { return std::make_unique<SeedDemoCommand>(); }

}  // namespace belfry::app
