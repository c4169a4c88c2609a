// Turns whatever a person pastes for a social-network account (a URL in any of its usual forms, or a
// handle) into one normalised AccountRef: network, handle, immutable platform id when the input carries
// one, and a canonical https URL. Pure text work: no HTTP request is made, nothing is looked up.
//
// Contract
// - Input is trimmed (ASCII and Unicode spaces). It is refused when empty, over 2,048 bytes, not valid
//   UTF-8, or when it holds a space or a control character inside.
// - URLs may come with or without scheme or "www.", with a trailing slash, a query or a fragment;
//   "http://" is upgraded to "https://"; only http(s) is accepted; hosts are lowercased (IDN hosts
//   too, for Latin, Greek and Cyrillic letters); path segments are percent-decoded. Subdomains of a
//   network's domain count as that network (mobile.twitter.com, m.facebook.com, be.linkedin.com).
// - Recognised per network (channel_url.cpp has the tables and the reserved paths of each):
//     x          twitter.com, x.com: /<handle>, /intent/user?screen_name=<handle>, /i/user/<id>
//                (handle "i/user/<id>"), the old #!/<handle>
//     facebook   facebook.com, fb.com: /<username>, /<numeric id>, /profile.php?id=<id>, /pg/<name>,
//                /pages/<Name>/<id>, /people/<Name>/<id>, /p/<Name>-<id> (the canonical URL of the
//                forms with an id is https://www.facebook.com/<id>)
//     instagram  instagram.com/<username>              threads  threads.net|com/@<username>
//     linkedin   linkedin.com/{company,showcase,school,in}/<slug>: handle "company/<slug>" etc.
//     youtube    youtube.com/@<handle> | /user/<name> | /c/<name> | /<name> (taken as c/<name>) |
//                /channel/UC<22> (kept case-sensitive); the handle keeps the prefix ("@", "user/"...)
//     flickr     flickr.com/{photos,people}/<name or NSID>          vimeo  vimeo.com/<name>
//     googleplus plus.google.com/[u/<n>/]+Name or /<21-digit id>   bluesky bsky.app/profile/<handle|DID>
//     mastodon   https://<any other host>/@user, /users/user or /web/@user: handle "user@host"
//   and the short forms "<handle>@<network>" ("belgiumbe@x", "Belgium.be@facebook",
//   "company/<slug>@linkedin"), "@user@instance", a Bluesky DID ("did:plc:…", "did:web:…"); with a hint
//   also a bare handle ("belgiumbe" for x, "user@instance" for mastodon, "name.bsky.social" for
//   bluesky). Without a hint, an unknown host is refused unless its path has a Mastodon profile's shape.
// - With the hint 'other', any http(s) URL is taken (handle = host + path, lowercased, without trailing
//   slash), except an account URL of a known network, which must be registered under that network.
// - Failure is core::Error::Invalid("url", message); the message quotes the input, says what was wrong
//   and which forms are accepted. A `hint` that disagrees with the input is an error naming both networks.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/network.hpp"
#include "core/result.hpp"

namespace belfry::registry {

struct AccountRef {
    core::Network network = core::Network::kOther;
    // Normalised: lowercased where the network ignores case; path-like for networks with several kinds
    // of account ("company/<slug>" on LinkedIn; "@h", "user/<name>", "c/<name>", "channel/UC…" on
    // YouTube), "user@instance" on Mastodon, host+path on 'other'.
    std::string handle;
    std::string platform_account_id;  // filled when the input carries the immutable id, else empty
    std::string canonical_url;        // https URL in the network's canonical form
};

// Parses any reasonable URL form of an account, with or without scheme/www, trailing slash, query or
// fragment; also "handle@network" (e.g. "belgiumbe@x", "Belgium.be@facebook"), Mastodon "@user@instance" and
// "user@instance" (when hint is mastodon), a Bluesky DID "did:plc:…" / "did:web:…".
// `hint` (optional) is the network the caller expects; a mismatch is an error naming both.
core::Result<AccountRef> ParseAccountUrl(std::string_view input, std::optional<core::Network> hint = std::nullopt);

// Builds an AccountRef from a network and a bare handle (with or without leading '@'). Networks with
// several kinds of account take the path-like handle ParseAccountUrl produces ("company/<slug>",
// "user/<name>", "channel/UC…"); a bare LinkedIn slug means a company page, a bare YouTube name an
// @handle. A value that is a URL ("https://…") is parsed as ParseAccountUrl(value, network) would.
core::Result<AccountRef> FromHandle(core::Network network, std::string_view handle);

// True where the network treats handles case-insensitively (all but youtube channel ids, bluesky DIDs, 'other').
// Network-level answer: false for youtube, bluesky and other, because some of their handles are
// case-sensitive.
bool HandleIsCaseInsensitive(core::Network network);

// Handle-level answer: like the above, but true for YouTube @handles, user/ and c/ names and Bluesky
// domain handles; false for YouTube channel ids, Bluesky DIDs and 'other'.
bool HandleIsCaseInsensitive(core::Network network, std::string_view handle);

}  // namespace belfry::registry
