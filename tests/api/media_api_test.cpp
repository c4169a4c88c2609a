// Images end to end on both engines: upload (type sniffed, declared type checked, size bounded),
// metadata and bytes served only within the organisation, attached to a post with alt text per
// language, refused at scheduling when a rendition's rules are broken, and published with its alt
// text to Mastodon and Bluesky on netsim.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "support/netsim_process.hpp"
#include "support/test_server.hpp"

namespace belfry::testing {
namespace {

namespace json = boost::json;

std::string Be32(unsigned v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
// A PNG signature and IHDR chunk, padded to `size` bytes (netsim and belfry read only the header).
std::string Png(unsigned w, unsigned h, std::size_t size = 0) {
    std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + Be32(13) + "IHDR" + Be32(w) + Be32(h) +
                      std::string("\x08\x06\0\0\0", 5) + Be32(0);
    if (png.size() < size) png += std::string(size - png.size(), '\0');
    return png;
}

// Sends the request line and headers and only the start of the body; returns what came back.
std::string RawExchange(unsigned short port, const std::string& head, const std::string& body_start) {
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(head + body_start), ec);
    std::string answer;
    char buf[4096];
    for (;;) {
        const std::size_t n = socket.read_some(asio::buffer(buf), ec);
        answer.append(buf, n);
        if (ec) break;
    }
    return answer;
}

class MediaApi : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        server_ = std::make_unique<TestServer>(GetParam());
        ASSERT_TRUE(server_->ok());
        gov_ = server_->SeedRoot();
        server_->NoReview(gov_);
        org_ = server_->AddOrg(gov_, "minister", "fa");
        other_org_ = server_->AddOrg(gov_, "minister", "sante");
        server_->AddUser("editor", "administrator", org_);
        server_->AddUser("stranger", "editor", other_org_);
        client_ = std::make_unique<Client>(server_->port());
        ASSERT_EQ(client_->Login("editor").status, 200);
    }

    HttpResult Upload(const std::string& bytes, const std::string& type, long long org = 0,
                      const std::string& name = "carte.png") {
        return client_->Send(
            "POST", "/api/v1/media?organisation_id=" + std::to_string(org == 0 ? org_ : org) + "&file_name=" + name,
            bytes, {{"Content-Type", type}});
    }

    long long Channel(const std::string& network, const std::string& handle, std::vector<std::string> langs) {
        json::array languages;
        for (const auto& l : langs) languages.emplace_back(l);
        auto channel = client_->Post("/api/v1/channels", json::object{{"organisation_id", org_},
                                                                      {"network", network},
                                                                      {"handle", handle},
                                                                      {"display_name", "FA " + handle},
                                                                      {"languages", languages}});
        EXPECT_EQ(channel.status, 201) << channel.body;
        return channel.json.is_object() ? channel.json.at("id").as_int64() : 0;
    }

    // A channel on netsim connected with a fresh netsim account.
    long long Connected(NetsimProcess& netsim, const std::string& network, const std::string& handle,
                        const std::string& channel_handle) {
        Client sim(netsim.port());
        auto account = sim.Post("/_netsim/accounts", json::object{{"network", network}, {"handle", handle}});
        EXPECT_EQ(account.status, 201) << account.body;
        const long long id = Channel(network, channel_handle, {"fr", "nl"});
        json::object credentials;
        for (const char* key : {"access_token", "identifier", "password"}) {
            if (const auto* v = account.json.as_object().if_contains(key)) credentials[key] = *v;
        }
        auto connect =
            client_->Send("PUT", "/api/v1/channels/" + std::to_string(id) + "/connection",
                          json::serialize(json::object{{"api_base_url", netsim.url()}, {"credentials", credentials}}),
                          {{"Content-Type", "application/json"}});
        EXPECT_EQ(connect.status, 200) << connect.body;
        return id;
    }

    HttpResult Draft(std::vector<long long> channels, json::object variants, json::array media) {
        json::array ids;
        for (long long c : channels) ids.push_back(c);
        return client_->Post("/api/v1/posts", json::object{{"organisation_id", org_},
                                                           {"content_type", "press_release"},
                                                           {"variants", variants},
                                                           {"channel_ids", ids},
                                                           {"media", media}});
    }

    // A scheduling refusal with a problem about `field` of channel `channel` that says `says`.
    static bool IsChannelProblem(const HttpResult& r, long long channel, const std::string& field,
                                 const std::string& says) {
        if (r.status != 400) {
            ADD_FAILURE() << r.status << " " << r.body;
            return false;
        }
        const json::value body = json::parse(r.body);
        for (const auto& e : body.at("errors").as_array()) {
            const auto& o = e.as_object();
            if (o.contains("channel_id") && o.at("channel_id").as_int64() == channel &&
                o.at("field").as_string() == field &&
                std::string(o.at("message").as_string()).find(says) != std::string::npos) {
                return true;
            }
        }
        ADD_FAILURE() << "expected a problem on " << field << " of channel " << channel << " saying '" << says
                      << "' in " << r.body;
        return false;
    }

    static bool IsProblem(const HttpResult& r, int status, const std::string& field, const std::string& says) {
        if (r.status != status || r.Header("content-type").find("application/problem+json") == std::string::npos) {
            ADD_FAILURE() << r.status << " " << r.body;
            return false;
        }
        if (r.body.find("\"" + field + "\"") == std::string::npos || r.body.find(says) == std::string::npos) {
            ADD_FAILURE() << "expected field " << field << " and '" << says << "' in " << r.body;
            return false;
        }
        return true;
    }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Client> client_;
    long long gov_ = 0;
    long long org_ = 0;
    long long other_org_ = 0;
};

TEST_P(MediaApi, AnUploadedImageIsDescribedAndServedBackAsIs) {
    const std::string png = Png(640, 480, 2 * 1024 * 1024);  // larger than the 1 MiB default body limit
    auto up = Upload(png, "image/png");
    ASSERT_EQ(up.status, 201) << up.body.substr(0, 300);
    const auto& m = up.json.as_object();
    EXPECT_EQ(m.at("mime_type").as_string(), "image/png");
    EXPECT_EQ(m.at("bytes").as_int64(), static_cast<long long>(png.size()));
    EXPECT_EQ(m.at("width").as_int64(), 640);
    EXPECT_EQ(m.at("height").as_int64(), 480);
    EXPECT_EQ(m.at("sha256").as_string().size(), 64u);
    EXPECT_EQ(m.at("file_name").as_string(), "carte.png");
    const std::string id = std::to_string(m.at("id").as_int64());

    auto meta = client_->Get("/api/v1/media/" + id);
    ASSERT_EQ(meta.status, 200) << meta.body;
    EXPECT_EQ(meta.json.at("sha256"), m.at("sha256"));

    auto content = client_->Get("/api/v1/media/" + id + "/content");
    ASSERT_EQ(content.status, 200);
    EXPECT_EQ(content.Header("content-type"), "image/png");
    EXPECT_EQ(content.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(content.Header("content-disposition").rfind("inline", 0), 0u) << content.Header("content-disposition");
    EXPECT_TRUE(content.body == png) << "the bytes differ (" << content.body.size() << " vs " << png.size() << ")";

    // Another organisation's editor sees neither the metadata nor the bytes.
    Client stranger(server_->port());
    ASSERT_EQ(stranger.Login("stranger").status, 200);
    EXPECT_EQ(stranger.Get("/api/v1/media/" + id).status, 403);
    EXPECT_EQ(stranger.Get("/api/v1/media/" + id + "/content").status, 403);
    // … nor uploads for this organisation; and nobody signed out gets anything.
    EXPECT_EQ(stranger
                  .Send("POST", "/api/v1/media?organisation_id=" + std::to_string(org_), Png(1, 1),
                        {{"Content-Type", "image/png"}})
                  .status,
              403);
    EXPECT_EQ(Client(server_->port()).Get("/api/v1/media/" + id + "/content").status, 401);
    EXPECT_EQ(client_->Get("/api/v1/media/99999").status, 404);
}

TEST_P(MediaApi, LyingOrUnsupportedFilesAreRefusedNamingWhatTheyAre) {
    EXPECT_TRUE(IsProblem(Upload("%PDF-1.7 not an image", "image/png"), 415, "body", "a PDF document"));
    EXPECT_TRUE(
        IsProblem(Upload("<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"), 415, "body", "an SVG image"));
    EXPECT_TRUE(IsProblem(Upload(Png(2, 2), "image/jpeg"), 415, "Content-Type", "Content-Type image/png"));
    EXPECT_TRUE(IsProblem(Upload("", "image/png"), 400, "body", "empty"));
    EXPECT_TRUE(IsProblem(client_->Send("POST", "/api/v1/media", Png(1, 1), {{"Content-Type", "image/png"}}), 400,
                          "organisation_id", "organisation_id"));
    EXPECT_EQ(Upload(Png(1, 1), "image/png", 424242).status, 400);
    // Nothing was stored: after one good upload, the audit log holds exactly one media.upload.
    ASSERT_EQ(Upload(Png(1, 1), "image/png").status, 201);
    auto audit = client_->Get("/api/v1/audit?object_type=media");
    ASSERT_EQ(audit.status, 200) << audit.body;
    size_t uploads = 0;
    for (size_t at = audit.body.find("\"media.upload\""); at != std::string::npos;
         at = audit.body.find("\"media.upload\"", at + 1)) {
        ++uploads;
    }
    EXPECT_EQ(uploads, 1u) << audit.body.substr(0, 400);
}

TEST_P(MediaApi, OverTheMediaLimitIs413BeforeTheBodyIsRead) {
    const std::size_t max = 16 * 1024 * 1024;
    const std::string head =
        "POST /api/v1/media?organisation_id=" + std::to_string(org_) +
        " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not-checked-yet\r\nContent-Type: image/png\r\n"
        "Content-Length: " +
        std::to_string(max + 1) + "\r\n\r\n";
    const std::string answer = RawExchange(server_->port(), head, Png(1, 1, 64 * 1024));
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer.substr(0, 200);
    EXPECT_NE(answer.find("16777216 bytes"), std::string::npos) << answer.substr(0, 400);
    // Without credentials the media route keeps the default limit: nobody anonymous makes the
    // server read 16 MiB.
    const std::string anonymous = "POST /api/v1/media?organisation_id=" + std::to_string(org_) +
                                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\nContent-Length: " +
                                  std::to_string(2 * 1024 * 1024) + "\r\n\r\n";
    const std::string refused = RawExchange(server_->port(), anonymous, Png(1, 1, 64 * 1024));
    EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused.substr(0, 200);
    EXPECT_NE(refused.find("1048576 bytes"), std::string::npos) << refused.substr(0, 400);
    // The larger limit is the media route's only: other routes keep the default.
    const std::string other =
        "POST /api/v1/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(2 * 1024 * 1024) + "\r\n\r\n";
    EXPECT_EQ(RawExchange(server_->port(), other, "{").rfind("HTTP/1.1 413", 0), 0u);
}

TEST_P(MediaApi, APostCarriesImagesWithAltTextPerLanguageAndSchedulingChecksEveryLanguage) {
    const long long channel = Channel("mastodon", "diplo@mastodon.social", {"fr", "nl"});
    auto up = Upload(Png(800, 600), "image/png");
    ASSERT_EQ(up.status, 201);
    const long long media = up.json.at("id").as_int64();
    auto draft =
        Draft({channel}, json::object{{"fr", "Inondations"}, {"nl", "Overstromingen"}},
              json::array{json::object{{"media_id", media}, {"alt", json::object{{"fr", "Carte des zones"}}}}});
    ASSERT_EQ(draft.status, 201) << draft.body;
    const std::string post = std::to_string(draft.json.at("id").as_int64());
    const auto& attached = draft.json.at("media").as_array().at(0).as_object();
    EXPECT_EQ(attached.at("media_id").as_int64(), media);
    EXPECT_EQ(attached.at("alt").at("fr").as_string(), "Carte des zones");
    EXPECT_FALSE(draft.json.at("preview").at("ok").as_bool());

    // The combined fr + nl rendition needs the Dutch alt text too: refused, naming image and language.
    auto refused = client_->Post("/api/v1/posts/" + post + "/schedule", json::object{{"now", true}});
    EXPECT_TRUE(IsChannelProblem(refused, channel, "media",
                                 "image 1 (carte.png) has no alt text in nl: describe the image in nl"));
    EXPECT_EQ(client_->Get("/api/v1/posts/" + post).json.at("status").as_string(), "draft");

    // Adding it bumps the version like a text change, and the post can go.
    const long long version = draft.json.at("version").as_int64();
    auto patched = client_->Patch(
        "/api/v1/posts/" + post,
        json::object{{"media", json::array{json::object{
                                   {"media_id", media},
                                   {"alt", json::object{{"fr", "Carte des zones"}, {"nl", "Kaart van de zones"}}}}}}});
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.json.at("version").as_int64(), version + 1);
    EXPECT_TRUE(patched.json.at("preview").at("ok").as_bool()) << patched.body;

    // Images of another organisation, unknown ones, and unknown languages are refused by field.
    auto foreign = server_->app().publishing->UploadMedia(security::Principal::System("test"),
                                                          {other_org_, "image/png", "autre.png", Png(1, 1)});
    ASSERT_TRUE(foreign.ok());
    EXPECT_TRUE(IsProblem(client_->Patch("/api/v1/posts/" + post,
                                         json::object{{"media", json::array{json::object{{"media_id", foreign->id}}}}}),
                          400, "media[0].media_id", "belongs to another organisation"));
    EXPECT_TRUE(IsProblem(client_->Patch("/api/v1/posts/" + post,
                                         json::object{{"media", json::array{json::object{{"media_id", 99999}}}}}),
                          400, "media[0].media_id", "does not exist"));
    EXPECT_TRUE(IsProblem(
        client_->Patch("/api/v1/posts/" + post,
                       json::object{{"media", json::array{json::object{{"media_id", media},
                                                                       {"alt", json::object{{"es", "Mapa"}}}}}}}),
        400, "media[0].alt.es", "unknown field"));
}

INSTANTIATE_TEST_SUITE_P(Engines, MediaApi, ::testing::Values("sqlite", "postgresql"));

// Through the queue to netsim: the image reaches Mastodon and Bluesky with the alt texts of the
// rendition's languages; an image over Bluesky's blob limit is refused before anything is scheduled.
class MediaPublishing : public MediaApi {
  protected:
    void SetUp() override {
        netsim_ = std::make_unique<NetsimProcess>();
        ASSERT_TRUE(netsim_->ok()) << netsim_->error();
        MediaApi::SetUp();
    }
    json::value NetsimPosts(const std::string& network) {
        return Client(netsim_->port()).Get("/_netsim/posts?network=" + network).json;
    }
    std::unique_ptr<NetsimProcess> netsim_;
};

TEST_P(MediaPublishing, AnImageWithAltTextIsPublishedOnBothNetworks) {
    const long long mastodon = Connected(*netsim_, "mastodon", "diplo", "diplo@netsim.test");
    const long long bluesky = Connected(*netsim_, "bluesky", "diplo.bsky.social", "diplo.bsky.social");
    auto up = Upload(Png(1200, 675, 50000), "image/png");
    ASSERT_EQ(up.status, 201);
    auto draft = Draft(
        {mastodon, bluesky}, json::object{{"fr", "Inondations"}, {"nl", "Overstromingen"}},
        json::array{json::object{{"media_id", up.json.at("id").as_int64()},
                                 {"alt", json::object{{"fr", "Carte des zones"}, {"nl", "Kaart van de zones"}}}}});
    ASSERT_EQ(draft.status, 201) << draft.body;
    const std::string post = std::to_string(draft.json.at("id").as_int64());
    auto scheduled = client_->Post("/api/v1/posts/" + post + "/schedule", json::object{{"now", true}});
    ASSERT_EQ(scheduled.status, 200) << scheduled.body;
    for (int i = 0; i < 3; ++i) {
        server_->app().publisher->RunOnce();
        server_->clock().Advance(6000);
    }
    auto view = client_->Get("/api/v1/posts/" + post).json;
    EXPECT_EQ(view.at("status").as_string(), "published") << json::serialize(view);

    const auto m = NetsimPosts("mastodon").at("items").as_array();
    ASSERT_EQ(m.size(), 1u) << json::serialize(m);
    const auto& attachments = m[0].at("media_attachments").as_array();
    ASSERT_EQ(attachments.size(), 1u);
    EXPECT_EQ(attachments[0].at("description").as_string(), "Carte des zones / Kaart van de zones");

    const auto b = NetsimPosts("bluesky").at("items").as_array();
    ASSERT_EQ(b.size(), 1u) << json::serialize(b);
    const auto& images = b[0].at("value").at("embed").at("images").as_array();
    ASSERT_EQ(images.size(), 1u);
    EXPECT_EQ(images[0].at("alt").as_string(), "Carte des zones / Kaart van de zones");
    EXPECT_EQ(images[0].at("image").at("mimeType").as_string(), "image/png");
    EXPECT_EQ(images[0].at("image").at("size").as_int64(), 50000);
}

TEST_P(MediaPublishing, AnImageOverBlueskysBlobLimitIsRefusedBeforeScheduling) {
    const long long bluesky = Connected(*netsim_, "bluesky", "sante.bsky.social", "sante.bsky.social");
    const long long mastodon = Connected(*netsim_, "mastodon", "sante", "sante@netsim.test");
    auto up = Upload(Png(4000, 3000, 1000001), "image/png");
    ASSERT_EQ(up.status, 201);
    auto draft = Draft({mastodon, bluesky}, json::object{{"fr", "Canicule"}},
                       json::array{json::object{{"media_id", up.json.at("id").as_int64()},
                                                {"alt", json::object{{"fr", "Thermomètre"}}}}});
    ASSERT_EQ(draft.status, 201) << draft.body;
    const std::string post = std::to_string(draft.json.at("id").as_int64());
    auto refused = client_->Post("/api/v1/posts/" + post + "/schedule", json::object{{"now", true}});
    EXPECT_TRUE(IsChannelProblem(refused, bluesky, "media",
                                 "image 1 (carte.png) is 1000001 bytes; bluesky accepts up to 1000000 bytes"));
    // Nothing half-way: no rendition stored, the Mastodon channel (which would accept it) got nothing.
    auto view = client_->Get("/api/v1/posts/" + post).json;
    EXPECT_EQ(view.at("status").as_string(), "draft");
    EXPECT_TRUE(view.at("renditions").as_array().empty());
    server_->app().publisher->RunOnce();
    EXPECT_TRUE(NetsimPosts("mastodon").at("items").as_array().empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, MediaPublishing, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace belfry::testing
