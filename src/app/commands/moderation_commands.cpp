// belfry moderation eval FILE.tsv: precision, recall and F1 of the rule engine on a labelled set.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/command.hpp"
#include "moderation/engine.hpp"
#include "moderation/evaluation.hpp"

namespace belfry::app {

class ModerationEvalCommand final : public Command {
  public:
    void Setup(CLI::App& sub, GlobalOptions&) override {
        sub.description(
            "Measure the moderation rules on a labelled TSV file (label, language, text): precision, recall and "
            "F1 per category, macro F1 last");
        sub.add_option("file", file_,
                       "the labelled file (labels: ok, insult, racism, discrimination, violence, "
                       "spam, personal_data)")
            ->required();
        sub.add_option("--threshold", threshold_, "the score at which a category is reported (default 0.5)");
        sub.add_flag("--mistakes", mistakes_, "also print every line the rules got wrong");
        sub.add_flag("--binary", binary_,
                     "offensive or not instead of the categories (offensive = insult, racism, discrimination, "
                     "violence): precision, recall and F1, to compare with profanity filters");
    }

    int Run(const GlobalOptions&) override {
        std::ifstream in(file_, std::ios::binary);
        if (!in) return Fail(core::Error::NotFound("cannot read " + file_));
        std::stringstream content;
        content << in.rdbuf();
        auto items = moderation::ParseLabelledTsv(content.str());
        if (!items.ok()) return Fail(core::Error::Invalid("file", file_ + ": " + items.error().message));
        auto engine = moderation::Engine::Create();
        if (!engine.ok()) return Fail(engine.error());
        if (binary_) {
            const auto evaluation = moderation::EvaluateBinary(*engine.value(), items.value(), threshold_);
            moderation::PrintBinaryEvaluation(evaluation, std::cout, mistakes_);
            return 0;
        }
        const auto evaluation = moderation::Evaluate(*engine.value(), items.value(), threshold_);
        moderation::PrintEvaluation(evaluation, std::cout, mistakes_);
        return 0;
    }

  private:
    std::string file_;
    double threshold_ = 0.5;
    bool mistakes_ = false;
    bool binary_ = false;
};

std::unique_ptr<Command> MakeModerationEvalCommand() { return std::make_unique<ModerationEvalCommand>(); }

}  // namespace belfry::app
