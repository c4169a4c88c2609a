// JSON of the inbox's and moderation's objects, shared by inbox_api.cpp and moderation_api.cpp
// (shapes: docs/design/inbox.md).
#pragma once

#include <boost/json/object.hpp>

#include "inbox/inbox_service.hpp"
#include "moderation/decision.hpp"

namespace belfry::http::api {

boost::json::object ConversationJson(const inbox::ConversationView& v);
boost::json::object ItemJson(const inbox::Item& i);
boost::json::object DecisionJson(const moderation::Decision& d);

}  // namespace belfry::http::api
