#include "app/app.hpp"

#include <cstdlib>

#include "core/log.hpp"

namespace belfry::app {

core::Result<std::unique_ptr<App>> BuildApp(const Config& config, AppOptions options) {
    auto app = std::make_unique<App>();
    app->config = config;
    BELFRY_ASSIGN_OR_RETURN(db, store::Database::Open(config.database, config.db_pool));
    app->db = std::move(db);
    if (options.migrate) {
        auto applied = app->db->Migrate();
        if (!applied.ok()) return std::move(applied).error();
    }
    if (options.clock != nullptr) {
        app->clock = options.clock;
    } else {
        app->owned_clock = std::make_unique<core::SystemClock>();
        app->clock = app->owned_clock.get();
    }
    const auto& clock = *app->clock;
    app->authz = std::make_unique<security::Authorizer>(clock);
    app->auth = std::make_unique<security::AuthService>(*app->db, clock);
    app->registry = std::make_unique<registry::RegistryService>(*app->db, clock, *app->authz,
                                                                config.revalidation_days * core::kDayMs);
    app->people = std::make_unique<registry::PeopleService>(*app->db, clock, *app->authz, options.password_cost);
    // The vault key: a key file (created when missing), BELFRY_SECRET_KEY, or a key for this run only.
    if (!config.secret_key_file.empty()) {
        BELFRY_ASSIGN_OR_RETURN(vault, security::Vault::FromFile(config.secret_key_file, true));
        app->vault = std::make_unique<security::Vault>(vault);
    } else if (const char* hex = std::getenv("BELFRY_SECRET_KEY")) {
        BELFRY_ASSIGN_OR_RETURN(vault, security::Vault::FromHex(hex));
        app->vault = std::make_unique<security::Vault>(vault);
    } else {
        auto vault = security::Vault::FromHex(security::Vault::NewKeyHex());
        app->vault = std::make_unique<security::Vault>(vault.value());
        core::LogEvent(spdlog::level::warn,
                       "no secret key configured: network credentials stored now will not be "
                       "readable after a restart; set secret_key_file",
                       {});
    }
    app->publishing = std::make_unique<publishing::PublishingService>(*app->db, clock, *app->authz, *app->vault,
                                                                      config.media_max_bytes);
    app->workflow = std::make_unique<workflow::WorkflowService>(*app->db, clock, *app->authz);
    app->crisis = std::make_unique<crisis::CrisisService>(*app->db, clock, *app->authz);
    networks::HttpClient* http = options.http_client;
    if (http == nullptr) {
        app->http_client = std::make_unique<networks::CurlHttpClient>();
        http = app->http_client.get();
    }
    for (auto network : {core::Network::kMastodon, core::Network::kBluesky}) {
        if (auto connector = networks::MakeNetwork(network, *http)) app->connectors[network] = std::move(connector);
    }
    // Moderation: the built-in lexicons (compiled once), the organisation's terms on top.
    BELFRY_ASSIGN_OR_RETURN(engine, moderation::Engine::Create());
    app->inbox_events = std::make_unique<inbox::EventHub>();
    App* self = app.get();
    app->moderation = std::make_unique<moderation::ModerationService>(
        *app->db, clock, *app->authz, *app->inbox_events, engine, [self](const std::string& network) {
            auto n = core::ParseNetwork(network);
            if (!n) return false;
            auto it = self->connectors.find(*n);
            return it != self->connectors.end() && it->second->SupportsHide();
        });
    if (!config.moderation_model.empty()) {
        auto model = moderation::Classifier::Load(config.moderation_model);
        if (!model.ok()) {
            return core::Error::Invalid("moderation_model", "cannot use the moderation model " +
                                                                config.moderation_model + ": " + model.error().message +
                                                                " (train one with `belfry moderation train`)");
        }
        app->moderation->SetModel(model.value());
    }
    app->inbox =
        std::make_unique<inbox::InboxService>(*app->db, clock, *app->authz, *app->inbox_events, *app->moderation);
    jobs::PublisherOptions publisher_options;
    publisher_options.workers = config.publisher_workers;
    App* raw = app.get();
    app->publisher = std::make_unique<jobs::Publisher>(
        *app->db, clock, *app->vault,
        [raw](core::Network n) -> networks::Network* {
            auto it = raw->connectors.find(n);
            return it == raw->connectors.end() ? nullptr : it->second.get();
        },
        publisher_options);
    jobs::InboxWorkerOptions inbox_options;
    inbox_options.poll_ms = config.inbox_poll_ms > 0 ? config.inbox_poll_ms : 1000;
    app->inbox_worker = std::make_unique<jobs::InboxWorker>(
        *app->db, clock, *app->vault,
        [raw](core::Network n) -> networks::Network* {
            auto it = raw->connectors.find(n);
            return it == raw->connectors.end() ? nullptr : it->second.get();
        },
        *app->inbox, *app->moderation, inbox_options);
    app->metrics = std::make_unique<http::Metrics>();
    store::Database* raw_db = app->db.get();
    app->metrics->AddGauge("belfry_db_pool_size", "Database sessions in the pool.",
                           [raw_db] { return static_cast<double>(raw_db->pool_stats().size); });
    app->metrics->AddGauge("belfry_db_pool_in_use", "Database sessions borrowed right now.",
                           [raw_db] { return static_cast<double>(raw_db->pool_stats().in_use); });
    app->metrics->AddGauge("belfry_db_pool_waits_total", "Times a request found every database session busy.",
                           [raw_db] { return static_cast<double>(raw_db->pool_stats().waits); });
    app->router = std::make_unique<http::Router>(*app->auth, *app->metrics);
    app->services.reset(new http::api::Services{*app->db, clock, *app->authz, *app->auth, *app->registry, *app->people,
                                                *app->publishing, *app->workflow, *app->crisis, *app->inbox,
                                                *app->moderation, *app->inbox_events, *app->vault, *app->metrics,
                                                config.secure_cookies});
    jobs::InboxWorker* worker = app->inbox_worker.get();
    app->services->wake_inbox = [worker] { worker->Wake(); };
    http::api::RegisterAll(*app->router, *app->services);
    return app;
}

}  // namespace belfry::app
