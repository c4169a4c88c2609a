// The wired application: database, services and HTTP router, built from a Config. Used by the
// `serve` command and by the API tests (which run the same wiring on a loopback port).
#pragma once

#include <map>
#include <memory>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "http/api/api.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "inbox/events.hpp"
#include "inbox/inbox_service.hpp"
#include "jobs/inbox_worker.hpp"
#include "jobs/publisher.hpp"
#include "moderation/moderation_service.hpp"
#include "networks/http_client.hpp"
#include "networks/network.hpp"
#include "registry/people_service.hpp"
#include "registry/registry_service.hpp"
#include "security/auth_service.hpp"
#include "store/database.hpp"

namespace belfry::app {

struct App {
    Config config;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<core::Clock> owned_clock;
    const core::Clock* clock = nullptr;
    std::unique_ptr<security::Authorizer> authz;
    std::unique_ptr<security::AuthService> auth;
    std::unique_ptr<registry::RegistryService> registry;
    std::unique_ptr<registry::PeopleService> people;
    std::unique_ptr<security::Vault> vault;
    std::unique_ptr<publishing::PublishingService> publishing;
    std::unique_ptr<workflow::WorkflowService> workflow;
    std::unique_ptr<crisis::CrisisService> crisis;
    std::unique_ptr<inbox::EventHub> inbox_events;
    std::unique_ptr<moderation::ModerationService> moderation;
    std::unique_ptr<inbox::InboxService> inbox;
    std::unique_ptr<networks::HttpClient> http_client;
    std::map<core::Network, std::unique_ptr<networks::Network>> connectors;
    std::unique_ptr<jobs::Publisher> publisher;       // started by `serve` (publisher_workers > 0)
    std::unique_ptr<jobs::InboxWorker> inbox_worker;  // started by `serve` (inbox_poll_ms > 0)
    std::unique_ptr<http::Metrics> metrics;
    std::unique_ptr<http::Router> router;
    std::unique_ptr<http::api::Services> services;
};

struct AppOptions {
    const core::Clock* clock = nullptr;  // null: the system clock
    bool migrate = true;
    security::PasswordCost password_cost = security::DefaultPasswordCost();
    networks::HttpClient* http_client = nullptr;  // null: libcurl
};

core::Result<std::unique_ptr<App>> BuildApp(const Config& config, AppOptions options = {});

}  // namespace belfry::app
