// The JSON API under /api/v1: one Register function per resource file. Handlers are thin:
// parse and check the input (FieldReader), call a service, serialise the result.
#pragma once

#include <boost/json/value.hpp>
#include <functional>

#include "core/clock.hpp"
#include "crisis/crisis_service.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "inbox/events.hpp"
#include "inbox/inbox_service.hpp"
#include "moderation/moderation_service.hpp"
#include "publishing/publishing_service.hpp"
#include "registry/people_service.hpp"
#include "registry/registry_service.hpp"
#include "security/auth_service.hpp"
#include "security/vault.hpp"
#include "store/database.hpp"
#include "workflow/workflow_service.hpp"

namespace belfry::http::api {

struct Services {
    store::Database& db;
    const core::Clock& clock;
    const security::Authorizer& authz;
    security::AuthService& auth;
    registry::RegistryService& registry;
    registry::PeopleService& people;
    publishing::PublishingService& publishing;
    workflow::WorkflowService& workflow;
    crisis::CrisisService& crisis;
    inbox::InboxService& inbox;
    moderation::ModerationService& moderation;
    inbox::EventHub& inbox_events;
    const security::Vault& vault;
    Metrics& metrics;
    bool secure_cookies = true;
    std::function<void()> wake_inbox;  // the inbox worker: an answer or a decision waits for the network
};

void RegisterOperations(Router& router, Services& s);
void RegisterPublic(Router& router, Services& s);
void RegisterSession(Router& router, Services& s);
void RegisterOrganisations(Router& router, Services& s);
void RegisterChannels(Router& router, Services& s);
void RegisterPeople(Router& router, Services& s);
void RegisterTokens(Router& router, Services& s);
void RegisterAudit(Router& router, Services& s);
void RegisterPosts(Router& router, Services& s);
void RegisterMedia(Router& router, Services& s);
void RegisterWorkflow(Router& router, Services& s);
void RegisterCrisis(Router& router, Services& s);
void RegisterInbox(Router& router, Services& s);
void RegisterModeration(Router& router, Services& s);

inline void RegisterAll(Router& router, Services& s) {
    RegisterOperations(router, s);
    RegisterPublic(router, s);
    RegisterSession(router, s);
    RegisterOrganisations(router, s);
    RegisterChannels(router, s);
    RegisterPeople(router, s);
    RegisterTokens(router, s);
    RegisterAudit(router, s);
    RegisterPosts(router, s);
    RegisterMedia(router, s);
    RegisterWorkflow(router, s);
    RegisterCrisis(router, s);
    RegisterInbox(router, s);
    RegisterModeration(router, s);
}

// ---- JSON shared by the handler files
boost::json::object PostJson(const publishing::Post& post);             // posts_api.cpp
boost::json::object PostViewJson(const publishing::PostView& view);     // posts_api.cpp: with renditions, review
boost::json::object ReviewJson(const workflow::ReviewSummary& review);  // workflow_api.cpp

// ---- small helpers shared by the handler files
core::Result<long long> PathId(const Request& req, const std::string& name = "id");

template <class T, class F>
Response Reply(int status, core::Result<T>&& r, F&& to_json) {
    if (!r.ok()) return Response::Problem(r.error());
    return Response::Json(status, to_json(r.value()));
}

template <class T, class F>
boost::json::object PageJson(const registry::Page<T>& page, F&& item) {
    boost::json::array items;
    for (const auto& x : page.items) items.push_back(item(x));
    return {{"items", std::move(items)}, {"page", page.page}, {"per_page", page.per_page}, {"total", page.total}};
}

template <class T, class F>
boost::json::object ListJson(const std::vector<T>& list, F&& item) {
    boost::json::array items;
    for (const auto& x : list) items.push_back(item(x));
    return {{"items", std::move(items)}};
}

}  // namespace belfry::http::api
