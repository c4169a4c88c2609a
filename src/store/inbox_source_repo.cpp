#include "store/inbox_source_repo.hpp"

#include <soci/soci.h>

#include "store/rows.hpp"

namespace belfry::store {

std::vector<long long> ConnectedChannelIds(Tx& tx, const std::vector<std::string>& networks) {
    std::vector<long long> out;
    if (networks.empty()) return out;
    Binds b;
    std::string in;
    for (const auto& n : networks) in += (in.empty() ? "" : ",") + b.Add(n);
    Query(tx.sql(),
          "SELECT c.id FROM channels c JOIN channel_credentials k ON k.channel_id = c.id "
          "WHERE c.status = 'active' AND c.api_base_url IS NOT NULL AND c.network IN (" +
              in + ") ORDER BY c.id",
          b, [&](const soci::row& r) { out.push_back(Int(r, 0)); });
    return out;
}

std::map<std::string, long long> PostsOfRemoteIds(Tx& tx, long long channel_id,
                                                  const std::vector<std::string>& remote_ids) {
    std::map<std::string, long long> out;
    // Bounded statements: a batch of a few thousand ids stays well below both engines' limits.
    constexpr std::size_t kChunk = 500;
    for (std::size_t start = 0; start < remote_ids.size(); start += kChunk) {
        Binds b;
        std::string in;
        for (std::size_t i = start; i < remote_ids.size() && i < start + kChunk; ++i) {
            in += (in.empty() ? "" : ",") + b.Add(remote_ids[i]);
        }
        const std::string channel = b.Add(channel_id);
        std::string sql = "SELECT remote_id, post_id FROM renditions WHERE channel_id = ";
        sql.append(channel).append(" AND remote_id IN (").append(in).append(")");
        Query(tx.sql(), sql, b, [&](const soci::row& r) { out[Text(r, 0)] = Int(r, 1); });
    }
    return out;
}

std::string RemoteIdOfPost(Tx& tx, long long post_id, long long channel_id) {
    long long p = post_id;
    long long c = channel_id;
    soci::indicator ind = soci::i_null;
    std::string remote;
    tx.sql() << "SELECT remote_id FROM renditions WHERE post_id = :p AND channel_id = :c AND remote_id IS NOT NULL "
                "ORDER BY id DESC LIMIT 1",
        soci::into(remote, ind), soci::use(p, "p"), soci::use(c, "c");
    return tx.sql().got_data() && ind == soci::i_ok ? remote : "";
}

void RenameTeam(Tx& tx, long long team_id, const std::string& name) {
    std::string n = name;
    long long id = team_id;
    tx.sql() << "UPDATE inbox_teams SET name = :n WHERE id = :id", soci::use(n, "n"), soci::use(id, "id");
}

}  // namespace belfry::store
