#include "publishing/renditions.hpp"

#include "core/languages.hpp"

namespace belfry::publishing {

bool RenditionPlan::ok() const {
    if (!problems.empty()) return false;
    for (const auto& r : renditions) {
        if (!r.check.ok) return false;
    }
    return true;
}

std::string WithUtm(const std::string& url, core::Network network, long long post_id) {
    const auto hash = url.find('#');
    std::string base = url.substr(0, hash);
    const std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
    base += base.find('?') == std::string::npos ? '?' : '&';
    base += "utm_source=" + std::string(core::NetworkName(network)) + "&utm_medium=social&utm_campaign=belfry-" +
            std::to_string(post_id);
    return base + fragment;
}

RenditionPlan PlanRenditions(const Post& post, const std::vector<TargetChannel>& channels) {
    RenditionPlan plan;
    if (channels.empty()) plan.problems.push_back({0, "channel_ids", "choose at least one channel to publish to"});
    for (const auto& ch : channels) {
        std::vector<std::string> langs;
        for (auto l : core::kLanguages) {
            const std::string lang(l);
            bool channel_speaks = false;
            for (const auto& cl : ch.languages) channel_speaks = channel_speaks || cl == lang;
            auto it = post.variants.find(lang);
            if (channel_speaks && it != post.variants.end() && !it->second.empty()) langs.push_back(lang);
        }
        if (langs.empty()) {
            std::string spoken;
            for (const auto& l : ch.languages) spoken += (spoken.empty() ? "" : ", ") + l;
            plan.problems.push_back({ch.id, "variants",
                                     "channel '" + ch.display_name + "' (id " + std::to_string(ch.id) + ") speaks " +
                                         spoken + " but the post has no text in these languages: add a variant"});
            continue;
        }
        const std::string link = post.link_url ? "\n\n" + WithUtm(*post.link_url, ch.network, post.id) : "";
        auto add = [&](std::vector<std::string> which, std::string text) {
            PlannedRendition r;
            r.channel_id = ch.id;
            r.network = ch.network;
            r.languages = std::move(which);
            r.text = std::move(text) + link;
            std::vector<MediaInfo> media;
            for (const auto& m : post.media) media.push_back({m.mime_type, m.bytes, m.alt, m.file_name});
            r.check = CheckRendition(ch.network, r.text, media, ch.text_limit, r.languages);
            plan.renditions.push_back(std::move(r));
        };
        if (langs.size() == 1 || ch.bilingual_mode == "twin") {
            for (const auto& l : langs) add({l}, post.variants.at(l));
        } else {
            std::string combined;
            for (const auto& l : langs) combined += (combined.empty() ? "" : "\n\n") + post.variants.at(l);
            add(langs, combined);
        }
    }
    return plan;
}

}  // namespace belfry::publishing
