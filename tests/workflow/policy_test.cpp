#include "workflow/policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/fold.hpp"

namespace belfry::workflow {
namespace {

constexpr core::Millis kNow = 1'795'000'000'000;  // 2026-11-19
constexpr core::Millis kDay = 24LL * 3600 * 1000;

const Finding* Find(const Evaluation& e, std::string_view rule) {
    auto it = std::find_if(e.findings.begin(), e.findings.end(), [&](const Finding& f) { return f.rule == rule; });
    return it == e.findings.end() ? nullptr : &*it;
}

PostDraft Bilingual(std::string fr, std::string nl) {
    PostDraft d;
    d.variants = {{"fr", std::move(fr)}, {"nl", std::move(nl)}};
    d.attested = true;
    d.now = kNow;
    return d;
}

TEST(Fold, CaseAccentsAndPunctuation) {
    EXPECT_EQ(core::FoldForMatch("Ministre Dupont-Évrard !"), "ministre dupont evrard");
    EXPECT_EQ(core::FoldForMatch("  Straße, BRAZILIË…  "), "strasse brazilie");
    EXPECT_EQ(core::FoldForMatch("«¡!»"), "");
    EXPECT_TRUE(core::ContainsPhrase("le ministre dupont a dit", "ministre dupont"));
    EXPECT_FALSE(core::ContainsPhrase("le ministre dupont a dit", "mini"));
    EXPECT_FALSE(core::ContainsPhrase("le ministre dupontel", "dupont"));
    EXPECT_TRUE(core::ContainsPhrase("dupont", "dupont"));
}

TEST(Policy, ResolveInheritsDownTheTreeAndSaysWhoSetEachRule) {
    PolicySettings root{.organisation_id = 1};
    root.peer_reviews = 2;
    root.sensitive_keywords = std::vector<std::string>{"Premier ministre"};
    PolicySettings service{.organisation_id = 7};
    service.peer_reviews = 1;
    service.required_languages = std::vector<std::string>{"fr", "nl"};
    PolicySettings post{.organisation_id = 9};  // sets nothing

    const Policy p = Resolve({root, service, post});
    EXPECT_EQ(p.peer_reviews, 1);
    EXPECT_EQ(p.set_by.at("peer_reviews"), 7);
    EXPECT_EQ(p.sensitive_keywords, std::vector<std::string>{"Premier ministre"});
    EXPECT_EQ(p.set_by.at("sensitive_keywords"), 1);
    EXPECT_EQ(p.required_languages, (std::vector<std::string>{"fr", "nl"}));
    EXPECT_TRUE(p.require_attestation);  // the default
    EXPECT_EQ(p.set_by.count("require_attestation"), 0U);

    // An override to "nothing" is an override too.
    PolicySettings relaxed{.organisation_id = 9};
    relaxed.sensitive_keywords = std::vector<std::string>{};
    EXPECT_TRUE(Resolve({root, relaxed}).sensitive_keywords.empty());
}

TEST(Policy, ValidateSettingsNamesTheFieldAndTheFix) {
    PolicySettings s;
    s.peer_reviews = 3;
    s.required_languages = std::vector<std::string>{"fr", "it"};
    s.sensitive_keywords = std::vector<std::string>{"ok", "!!"};
    s.election_periods = std::vector<ElectionPeriod>{{"Élections 2029", kNow, kNow - 1}};
    const auto problems = ValidateSettings(s);
    ASSERT_EQ(problems.size(), 4U);
    EXPECT_EQ(problems[0], "peer_reviews: must be 0, 1 or 2 (got 3)");
    EXPECT_NE(problems[1].find("sensitive_keywords: \"!!\""), std::string::npos);
    EXPECT_EQ(problems[2], "required_languages: \"it\" is not one of fr, nl, de, en");
    EXPECT_NE(problems[3].find("ends before it starts"), std::string::npos);
    EXPECT_TRUE(ValidateSettings(PolicySettings{}).empty());
}

struct RuleCase {
    const char* name;
    PostDraft draft;
    Policy policy;
    const char* rule;  // the finding expected, or "" for none of `absent`
    Effect effect;     // its effect
    std::vector<std::string> matched;
    const char* message_contains;  // part of the explanation
    const char* unblock;
};

Policy WithKeywords() {
    Policy p;
    p.sensitive_keywords = {"Premier ministre", "visa"};
    p.sensitive_tags = {"crise"};
    p.neutrality_terms = {"Parti Exemple", "Votez pour le changement"};
    return p;
}

Policy InElection() {
    Policy p = WithKeywords();
    p.election_periods = {{"Élections fédérales 2029", kNow - kDay, kNow + kDay}};
    return p;
}

Policy ParityFrNl() {
    Policy p;
    p.required_languages = {"fr", "nl"};
    p.set_by["required_languages"] = 7;
    return p;
}

std::vector<RuleCase> BlockingAndAllowedCases() {
    std::vector<RuleCase> cases;
    {
        PostDraft d = Bilingual("Texte", "Tekst");
        d.attested = false;
        cases.push_back(
            {"no attestation blocks", d, Policy{}, "attestation", Effect::kBlocks, {}, "on the record", "author"});
    }
    {
        PostDraft d;
        d.variants = {{"fr", "Seulement en français"}};
        d.attested = true;
        cases.push_back({"parity: missing nl blocks",
                         d,
                         ParityFrNl(),
                         "language_parity",
                         Effect::kBlocks,
                         {"nl"},
                         "Write the nl version: required by the organisation's policy.",
                         "author"});
    }
    {
        PostDraft d;
        d.variants = {{"fr", "Texte"}, {"nl", "   "}};
        d.attested = true;
        d.channel_languages = {{"@BelgiumMFA", {"fr", "nl", "de"}}};
        cases.push_back({"parity: blank nl and missing de, named by channel",
                         d,
                         Policy{},
                         "language_parity",
                         Effect::kBlocks,
                         {"nl", "de"},
                         "Write the nl, de versions: required by @BelgiumMFA.",
                         "author"});
    }
    {
        PostDraft d = Bilingual("Nouveau texte", "Oude tekst");
        d.variant_updated_at = {{"fr", kNow}, {"nl", kNow - 60'000}};
        cases.push_back({"stale nl after fr changed",
                         d,
                         Policy{},
                         "stale_variant",
                         Effect::kAdvice,
                         {"nl"},
                         "The nl version was last changed before the fr version",
                         "author"});
    }
    cases.push_back({"keyword, any case and accent",
                     Bilingual("Le PREMIER MINISTRE a dit", "De premier zei"),
                     WithKeywords(),
                     "sensitive_subject",
                     Effect::kNeedsSpokesperson,
                     {"Premier ministre"},
                     "the spokesperson must approve",
                     "spokesperson"});
    {
        PostDraft d = Bilingual("Déclaration de la ministre", "Verklaring van minister Verlinden");
        d.minister_names = {"Annelies Verlinden", "Verlinden"};
        cases.push_back({"naming a minister",
                         d,
                         Policy{},
                         "sensitive_subject",
                         Effect::kNeedsSpokesperson,
                         {"Verlinden"},
                         "Sensitive subject (Verlinden)",
                         "spokesperson"});
    }
    {
        PostDraft d = Bilingual("Conseils", "Reisadvies");
        d.content_type = "travel_advice";
        d.tags = {"Crise"};
        cases.push_back({"content type and tag",
                         d,
                         WithKeywords(),
                         "sensitive_subject",
                         Effect::kNeedsSpokesperson,
                         {"content type: travel_advice", "#Crise"},
                         "travel_advice",
                         "spokesperson"});
    }
    cases.push_back({"party name in an election period",
                     Bilingual("Le Parti exemple propose", "Tekst"),
                     InElection(),
                     "neutrality",
                     Effect::kNeedsSpokesperson,
                     {"Parti Exemple"},
                     "During the election period \"Élections fédérales 2029\"",
                     "spokesperson"});
    cases.push_back({"party name outside an election period",
                     Bilingual("Le Parti exemple propose", "Tekst"),
                     WithKeywords(),
                     "neutrality",
                     Effect::kAdvice,
                     {"Parti Exemple"},
                     "stay neutral",
                     "author"});
    {
        PostDraft d = Bilingual("Photo du jour", "Foto van de dag");
        d.images = {{"ambassade.jpg", {{"fr", "La façade de l'ambassade"}, {"nl", ""}}}};
        cases.push_back({"image without nl alt text",
                         d,
                         Policy{},
                         "alt_text",
                         Effect::kBlocks,
                         {"ambassade.jpg (nl)"},
                         "missing: ambassade.jpg (nl).",
                         "author"});
    }
    cases.push_back(
        {"hashtag spelled by words of the text",
         Bilingual("Conseils aux voyageurs : #conseilsauxvoyageurs", "Reisadvies Brazilië #reisadviesbrazilië"),
         Policy{},
         "hashtag_case",
         Effect::kAdvice,
         {"#conseilsauxvoyageurs"},
         "Write #ConseilsAuxVoyageurs instead of #conseilsauxvoyageurs",
         "author"});
    cases.push_back({"a post that is only a link",
                     Bilingual("https://diplomatie.belgium.be/fr", "Zie de site"),
                     Policy{},
                     "link_text",
                     Effect::kBlocks,
                     {"fr"},
                     "only a link: say in words where it leads",
                     "author"});
    cases.push_back({"click here",
                     Bilingual("Cliquez ici : https://diplomatie.belgium.be", "Meer info"),
                     Policy{},
                     "link_text",
                     Effect::kAdvice,
                     {"cliquez ici"},
                     "Say where the link leads",
                     "author"});
    return cases;
}

TEST(Policy, EachRuleBlocksOrAdvisesWithItsExplanation) {
    for (const auto& c : BlockingAndAllowedCases()) {
        SCOPED_TRACE(c.name);
        const auto e = Evaluate(c.policy, c.draft);
        const Finding* f = Find(e, c.rule);
        ASSERT_NE(f, nullptr) << "no " << c.rule << " finding";
        EXPECT_EQ(EffectName(f->effect), EffectName(c.effect));
        EXPECT_EQ(f->matched, c.matched);
        EXPECT_NE(f->message.find(c.message_contains), std::string::npos) << f->message;
        EXPECT_EQ(f->unblock, c.unblock);
        EXPECT_EQ(e.blocked, c.effect == Effect::kBlocks);
        EXPECT_EQ(e.needs_spokesperson, c.effect == Effect::kNeedsSpokesperson);
    }
}

TEST(Policy, SecondHashtagGetsItsOwnSuggestion) {
    const auto e = Evaluate(Policy{}, Bilingual("x", "Reisadvies Brazilië #reisadviesbrazilië"));
    const Finding* f = Find(e, "hashtag_case");
    ASSERT_NE(f, nullptr);
    EXPECT_NE(f->message.find("#ReisadviesBrazilië"), std::string::npos) << f->message;
}

struct AllowedCase {
    const char* name;
    PostDraft draft;
    Policy policy;
};

TEST(Policy, AllowedPostsHaveNoFindings) {
    std::vector<AllowedCase> cases;
    cases.push_back(
        {"plain bilingual post", Bilingual("Bonne nouvelle pour l'emploi", "Goed nieuws voor werk"), WithKeywords()});
    cases.push_back({"a word inside another word is no match", Bilingual("Les visas-services avisa", "Tekst"), [] {
                         Policy p;
                         p.sensitive_keywords = {"avis"};
                         return p;
                     }()});
    {
        PostDraft d = Bilingual("Photo", "Foto");
        d.images = {{"a.jpg", {{"fr", "Une façade"}, {"nl", "Een gevel"}}}};
        cases.push_back({"images described in every language", d, ParityFrNl()});
    }
    cases.push_back({"CamelCase hashtags and a described link",
                     Bilingual("Conseils aux voyageurs #ConseilsAuxVoyageurs https://diplomatie.belgium.be",
                               "Reisadvies #Reisadvies"),
                     Policy{}});
    {
        PostDraft d = Bilingual("Texte", "Tekst");
        d.attested = false;
        Policy p;
        p.require_attestation = false;
        cases.push_back({"attestation switched off by the organisation", d, p});
    }
    {
        PostDraft d = Bilingual("Texte original", "Vertaling achteraf");
        d.variant_created_at = {{"fr", kNow - 60'000}, {"nl", kNow}};
        d.variant_updated_at = {{"fr", kNow - 60'000}, {"nl", kNow}};
        cases.push_back({"a translation written after its original is not stale", d, Policy{}});
    }
    {
        PostDraft d = Bilingual("Le Parti exemple", "Tekst");
        Policy p = InElection();
        p.election_periods[0].until = kNow;  // ended exactly now
        p.neutrality_terms.clear();
        cases.push_back({"no neutrality terms configured", d, p});
    }
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto e = Evaluate(c.policy, c.draft);
        for (const auto& f : e.findings) ADD_FAILURE() << f.rule << ": " << f.message;
        EXPECT_FALSE(e.blocked);
        EXPECT_FALSE(e.needs_spokesperson);
    }
}

TEST(Policy, FindingsSayWhichOrganisationSetTheRule) {
    PostDraft d;
    d.variants = {{"fr", "Texte"}};
    d.attested = true;
    const auto e = Evaluate(ParityFrNl(), d);
    const Finding* f = Find(e, "language_parity");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->set_by, 7);
    EXPECT_EQ(e.peer_reviews, 1);
}

}  // namespace
}  // namespace belfry::workflow
