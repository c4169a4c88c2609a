// Moderation hot path: normalise + match + classify 1 KB JSON comment events in memory, one core.
// Figures and commands: bench/README.md. The corpus is built from tests/moderation/labelled.tsv:
// each event is a JSON object like the inbox will receive, its text made of several labelled
// comments so the event weighs about 1 KB. `--corpus-out=FILE` writes those events (one a line).
#include <benchmark/benchmark.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "moderation/classifier.hpp"
#include "moderation/engine.hpp"
#include "moderation/evaluation.hpp"
#include "moderation/normalise.hpp"

namespace {

using belfry::moderation::Classification;
using belfry::moderation::Engine;

std::vector<belfry::moderation::LabelledItem> LabelledSet() {
    std::ifstream in(std::string(BELFRY_SOURCE_DIR) + "/tests/moderation/labelled.tsv");
    std::stringstream content;
    content << in.rdbuf();
    auto items = belfry::moderation::ParseLabelledTsv(content.str());
    return items.ok() ? std::move(items).value() : std::vector<belfry::moderation::LabelledItem>{};
}

std::vector<std::string> Texts() {
    std::vector<std::string> texts;
    for (const auto& item : LabelledSet()) texts.push_back(item.text);
    return texts;
}

// About 1 KB each: metadata plus ~750 bytes of text from consecutive labelled comments.
const std::vector<std::string>& Events() {
    static const std::vector<std::string> events = [] {
        const auto texts = Texts();
        std::vector<std::string> out;
        for (std::size_t i = 0; i < 1000 && !texts.empty(); ++i) {
            std::string text;
            for (std::size_t k = i; text.size() < 750; ++k) text += texts[k % texts.size()] + " ";
            boost::json::object event{{"id", "109876543210" + std::to_string(i)},
                                      {"network", "mastodon"},
                                      {"channel", "https://social.example/@premier"},
                                      {"in_reply_to", "https://social.example/@premier/11223344556677"},
                                      {"created_at", "2026-11-22T10:15:00Z"},
                                      {"account",
                                       {{"id", std::to_string(100000 + i)},
                                        {"handle", "citizen" + std::to_string(i) + "@mastodon.example"},
                                        {"display_name", "Citizen " + std::to_string(i)}}},
                                      {"text", text}};
            out.push_back(boost::json::serialize(event));
        }
        return out;
    }();
    return events;
}

std::shared_ptr<const Engine> TheEngine() {
    static const auto engine = Engine::Create().value();
    return engine;
}

std::size_t AverageSize() {
    std::size_t total = 0;
    for (const auto& e : Events()) total += e.size();
    return Events().empty() ? 0 : total / Events().size();
}

// The figure that counts: parse the event, take the text, classify it. The parser is reused and
// each event's values live in a monotonic arena on a reused buffer (no malloc per value; the arena
// is dropped whole), as an ingestion loop would do it.
void BM_ClassifyJsonEvent(benchmark::State& state) {
    const auto& events = Events();
    const auto engine = TheEngine();
    Classification c;
    std::array<unsigned char, 4096> parser_buffer{};  // the parser's temporary storage
    std::vector<unsigned char> arena(16384);          // the event's values
    boost::json::parser parser(boost::json::storage_ptr(), boost::json::parse_options(), parser_buffer.data(),
                               parser_buffer.size());
    std::size_t i = 0;
    std::size_t flagged = 0;
    for (auto _ : state) {
        boost::json::monotonic_resource resource(arena.data(), arena.size());
        parser.reset(&resource);
        parser.write(events[i++ % events.size()]);
        const boost::json::value value = parser.release();
        const auto& text = value.as_object().at("text").as_string();
        engine->Classify(std::string_view(text.data(), text.size()), c);
        flagged += c.Top(0.5).has_value() ? 1 : 0;
    }
    benchmark::DoNotOptimize(flagged);
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * AverageSize()));
    state.counters["event_bytes"] = static_cast<double>(AverageSize());
}
BENCHMARK(BM_ClassifyJsonEvent);

// The same with the parser's default storage (each value on the heap): what the arena saves.
void BM_ClassifyJsonEventHeap(benchmark::State& state) {
    const auto& events = Events();
    const auto engine = TheEngine();
    Classification c;
    boost::json::parser parser;
    std::size_t i = 0;
    std::size_t flagged = 0;
    for (auto _ : state) {
        parser.reset();
        parser.write(events[i++ % events.size()]);
        const auto value = parser.release();
        const auto& text = value.as_object().at("text").as_string();
        engine->Classify(std::string_view(text.data(), text.size()), c);
        flagged += c.Top(0.5).has_value() ? 1 : 0;
    }
    benchmark::DoNotOptimize(flagged);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClassifyJsonEventHeap);

// The parts, on the events' texts.
std::vector<std::string> EventTexts() {
    std::vector<std::string> texts;
    for (const auto& e : Events()) texts.emplace_back(boost::json::parse(e).as_object().at("text").as_string());
    return texts;
}

void BM_Normalise(benchmark::State& state) {
    const auto texts = EventTexts();
    belfry::moderation::Normalised out;
    std::size_t i = 0;
    for (auto _ : state) {
        belfry::moderation::Normalise(texts[i++ % texts.size()], out);
        benchmark::DoNotOptimize(out.text.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Normalise);

void BM_Classify(benchmark::State& state) {
    const auto texts = EventTexts();
    const auto engine = TheEngine();
    Classification c;
    std::size_t i = 0;
    for (auto _ : state) {
        engine->Classify(texts[i++ % texts.size()], c);
        benchmark::DoNotOptimize(c.scores.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Classify);

// The rules and the fastText model together (Settings::use_model), the model trained on the
// labelled set at start-up.
void BM_ClassifyWithModel(benchmark::State& state) {
    const auto texts = EventTexts();
    const auto engine = TheEngine();
    std::vector<belfry::moderation::LabelledText> examples;
    for (const auto& t : LabelledSet()) examples.push_back({t.label, t.language, t.text});
    const std::string path = "/tmp/belfry-moderation-bench-" + std::to_string(::getpid()) + ".bin";
    if (!belfry::moderation::TrainClassifier(examples, path).ok()) {
        state.SkipWithError("training failed");
        return;
    }
    const auto model = belfry::moderation::Classifier::Load(path);
    std::remove(path.c_str());
    if (!model.ok()) {
        state.SkipWithError("the model did not load");
        return;
    }
    Classification c;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& text = texts[i++ % texts.size()];
        engine->Classify(text, c);
        belfry::moderation::CombineWithModel(*model.value(), text, c);
        benchmark::DoNotOptimize(c.scores.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ClassifyWithModel);

void BM_LexiconScan(benchmark::State& state) {
    const auto texts = EventTexts();
    std::vector<std::string> normalised;
    for (const auto& t : texts) normalised.push_back(belfry::moderation::Normalise(t).text);
    const auto engine = TheEngine();
    std::vector<std::uint32_t> hits;
    std::size_t i = 0;
    for (auto _ : state) {
        hits.clear();
        engine->lexicon().Scan(normalised[i++ % normalised.size()], hits);
        benchmark::DoNotOptimize(hits.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LexiconScan);

void BM_DetectPersonalData(benchmark::State& state) {
    const auto texts = EventTexts();
    std::vector<belfry::moderation::Detection> found;
    std::size_t i = 0;
    for (auto _ : state) {
        found.clear();
        belfry::moderation::DetectPersonalData(texts[i++ % texts.size()], found);
        benchmark::DoNotOptimize(found.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DetectPersonalData);

// The alternative the normaliser avoids: an ICU transliterator doing part of the same folding.
void BM_IcuTransliterator(benchmark::State& state) {
    const auto texts = EventTexts();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "NFKC; Any-Latin; NFD; [:Nonspacing Mark:] Remove; Lower; NFC", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) {
        state.SkipWithError("transliterator unavailable");
        return;
    }
    std::size_t i = 0;
    std::string out;
    for (auto _ : state) {
        const auto& s = texts[i++ % texts.size()];
        auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
        t->transliterate(u);
        out.clear();
        u.toUTF8String(out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IcuTransliterator);

// --corpus-out=FILE: writes the events, one JSON object a line, and exits (bench/moderation_compare.sh
// runs the npm packages on exactly these events).
int WriteCorpus(const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (const auto& event : Events()) out << event << '\n';
    out.close();
    if (!out || Events().empty()) {
        std::cerr << "moderation_bench: cannot write the corpus to " << path << "\n";
        return 1;
    }
    std::cout << Events().size() << " events, " << AverageSize() << " bytes on average, written to " << path << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    constexpr std::string_view kCorpusOut = "--corpus-out=";
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.substr(0, kCorpusOut.size()) == kCorpusOut)
            return WriteCorpus(std::string(arg.substr(kCorpusOut.size())));
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
