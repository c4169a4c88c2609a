// belfry moderation eval FILE.tsv: precision, recall and F1 of the rule engine (and the model) on a
// labelled set; belfry moderation train FILE.tsv --out MODEL.bin: the fastText classifier.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/command.hpp"
#include "moderation/classifier.hpp"
#include "moderation/engine.hpp"
#include "moderation/evaluation.hpp"
#include "store/database.hpp"
#include "store/inbox_repo.hpp"

namespace belfry::app {
namespace {

constexpr const char* kLabelsHelp =
    "the labelled file: label<TAB>language<TAB>text, labels ok, insult, racism, discrimination, violence, spam, "
    "personal_data";

core::Result<std::vector<moderation::LabelledItem>> ReadLabelledFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Error::NotFound("cannot read " + path);
    std::stringstream content;
    content << in.rdbuf();
    auto items = moderation::ParseLabelledTsv(content.str());
    if (!items.ok()) return core::Error::Invalid("file", path + ": " + items.error().message);
    return items;
}

}  // namespace

// Trains the classifier on `examples` and writes it to `model_path`, saying on `out` how many
// examples of each label it learnt from and where the model went. Shared by every source of
// examples (a labelled file here; the moderators' decisions next).
core::Status TrainFromExamples(const std::vector<moderation::LabelledText>& examples, const std::string& model_path,
                               std::ostream& out, const moderation::TrainOptions& options = {}) {
    std::map<std::string, int> per_label;
    for (const auto& e : examples) ++per_label[e.label];
    out << examples.size() << " examples:";
    for (const auto& [label, count] : per_label) out << " " << label << " " << count;
    out << "\n";
    BELFRY_TRY(moderation::TrainClassifier(examples, model_path, options));
    out << "model written to " << model_path << "\n";
    return core::Ok();
}

class ModerationEvalCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description(
            "Measure the moderation rules (and a trained model with --model) on a labelled TSV file (label, "
            "language, text): precision, recall and F1 per category, macro F1 last");
        sub.add_option("file", file_, kLabelsHelp)->required();
        sub.add_option("--threshold", threshold_, "the score at which a category is reported (default 0.5)");
        sub.add_option("--model", model_,
                       "a model from `belfry moderation train`: each category's score is the higher of the rules' "
                       "and the model's");
        sub.add_flag("--model-only", model_only_, "with --model: the model alone, without the rules");
        sub.add_flag("--mistakes", mistakes_, "also print every line the rules got wrong");
        sub.add_flag("--binary", binary_,
                     "offensive or not instead of the categories (offensive = insult, racism, discrimination, "
                     "violence): precision, recall and F1, to compare with profanity filters");
    }

    int Run(const GlobalOptions&) override {
        auto items = ReadLabelledFile(file_);
        if (!items.ok()) return Fail(items.error());
        auto engine = moderation::Engine::Create();
        if (!engine.ok()) return Fail(engine.error());
        if (model_only_ && model_.empty()) {
            return Fail(core::Error::Invalid("model-only", "--model-only needs --model MODEL.bin"));
        }
        std::shared_ptr<const moderation::Classifier> model;
        if (!model_.empty()) {
            auto loaded = moderation::Classifier::Load(model_);
            if (!loaded.ok()) return Fail(loaded.error());
            model = loaded.value();
        }
        if (binary_) {
            const auto evaluation =
                moderation::EvaluateBinary(*engine.value(), items.value(), threshold_, model.get(), model_only_);
            moderation::PrintBinaryEvaluation(evaluation, std::cout, mistakes_);
            return 0;
        }
        const auto evaluation =
            moderation::Evaluate(*engine.value(), items.value(), threshold_, model.get(), model_only_);
        moderation::PrintEvaluation(evaluation, std::cout, mistakes_);
        return 0;
    }

  private:
    std::string file_;
    std::string model_;
    double threshold_ = 0.5;
    bool model_only_ = false;
    bool mistakes_ = false;
    bool binary_ = false;
};

class ModerationTrainCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description(
            "Train the moderation classifier (fastText) on a labelled TSV file (label, language, text), or on the "
            "moderators' own decisions in the database (--from-decisions), and write the model; `belfry moderation "
            "eval FILE --model MODEL` measures it");
        auto* file = sub.add_option("file", file_, kLabelsHelp);
        auto* decisions = sub.add_flag("--from-decisions", from_decisions_,
                                       "learn the team's line: each message's latest decision by a person (hidden "
                                       "for a category, or allowed: ok) with its text and language");
        file->excludes(decisions);
        sub.add_option("--out", out_, "where to write the model (replaced atomically)")->required();
        sub.add_option("--epochs", options_.epochs, "passes over the examples (default 200)")
            ->check(CLI::Range(1, 1000));
        sub.add_option("--learning-rate", options_.learning_rate, "fastText's learning rate (default 1.0)")
            ->check(CLI::Range(0.001, 5.0));
        sub.add_option("--dimension", options_.dimension, "size of the word vectors (default 16)")
            ->check(CLI::Range(2, 300));
        sub.add_option("--word-ngrams", options_.word_ngrams, "word n-grams as features (default 1: single words)")
            ->check(CLI::Range(1, 5));
    }

    int Run(const GlobalOptions& globals) override {
        std::vector<moderation::LabelledText> examples;
        if (from_decisions_) {
            auto config = globals.Resolve();
            if (!config.ok()) return Fail(config.error());
            auto db = store::Database::Open(config->database, 1);
            if (!db.ok()) return Fail(db.error());
            auto rows = db.value()->Read<std::vector<store::LabelledItem>>(
                [](store::Tx& tx) -> core::Result<std::vector<store::LabelledItem>> {
                    return store::PersonDecisions(tx);
                });
            if (!rows.ok()) return Fail(rows.error());
            for (auto& r : rows.value()) {
                examples.push_back({std::move(r.label), std::move(r.language), std::move(r.text)});
            }
        } else {
            if (file_.empty()) {
                return Fail(core::Error::Invalid("file",
                                                 "give a labelled file, or --from-decisions to learn from the "
                                                 "moderators' decisions in the database"));
            }
            auto items = ReadLabelledFile(file_);
            if (!items.ok()) return Fail(items.error());
            examples.reserve(items->size());
            for (auto& item : items.value()) {
                examples.push_back({std::move(item.label), std::move(item.language), std::move(item.text)});
            }
        }
        const auto trained = TrainFromExamples(examples, out_, std::cout, options_);
        if (!trained.ok()) return Fail(trained.error());
        return 0;
    }

  private:
    std::string file_;
    std::string out_;
    bool from_decisions_ = false;
    moderation::TrainOptions options_;
};

std::unique_ptr<Command> MakeModerationEvalCommand() { return std::make_unique<ModerationEvalCommand>(); }
std::unique_ptr<Command> MakeModerationTrainCommand() { return std::make_unique<ModerationTrainCommand>(); }

}  // namespace belfry::app
