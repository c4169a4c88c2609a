// SQL the inbox needs from the publishing side: which channels to fetch reactions from, and which
// remote posts are the channel's own (so a reply under one starts a conversation linked to the
// post). Runs inside the caller's Tx; throws soci exceptions on database failure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace belfry::store {

// Active channels on these networks ("mastodon", "bluesky") that have credentials and a server
// address, by id.
std::vector<long long> ConnectedChannelIds(Tx& tx, const std::vector<std::string>& networks);

// remote id → post id, for those of these remote ids that are renditions the channel published.
std::map<std::string, long long> PostsOfRemoteIds(Tx& tx, long long channel_id,
                                                  const std::vector<std::string>& remote_ids);

// The remote id of the post's rendition on the channel; "" when it has none.
std::string RemoteIdOfPost(Tx& tx, long long post_id, long long channel_id);

void RenameTeam(Tx& tx, long long team_id, const std::string& name);

}  // namespace belfry::store
