// The moderation classifier: a fastText supervised model trained from labelled texts — the
// moderators' own decisions, or a labelled file (`belfry moderation train`) — so the system learns
// the team's line. It reads the normalised text (moderation/normalise.hpp), like the rules. How its
// probabilities combine with the rules' scores: CombineWithModel below and
// docs/design/moderation.md.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace fasttext {
class FastText;
}

namespace belfry::moderation {

struct Classification;

struct LabelledText {
    std::string label;  // "ok" or a CategoryName()
    std::string language;
    std::string text;  // as the citizen wrote it
};

// Small-data settings: a few hundred to a few thousand decisions (chosen by two-fold cross-validation
// on tests/moderation/labelled.tsv alone: more passes and a higher rate than fastText's defaults,
// single words). One thread and a fixed seed, so the same examples give the same model.
struct TrainOptions {
    int epochs = 200;
    double learning_rate = 1.0;
    int dimension = 16;
    int word_ngrams = 1;
    int min_subword = 3;  // character n-grams, so "connards" and "conard" share features
    int max_subword = 5;
    int buckets = 50000;  // hashed n-gram rows: the model file is about buckets × dimension × 4 bytes
    int seed = 1;
    std::size_t minimum_examples = 20;
};

// Trains on the normalised texts, labels __label__<label>, and writes the model to `model_path`
// atomically (a temporary file in the same directory, renamed over it). kInvalidArgument when there
// are fewer than options.minimum_examples examples or fewer than two different labels (the message
// says how many decisions are needed), or a label that is neither ok nor a category;
// kUnavailable when the file cannot be written.
core::Status TrainClassifier(const std::vector<LabelledText>& examples, const std::string& model_path,
                             const TrainOptions& options = {});

class Classifier {
  public:
    // kNotFound when the file does not exist, kInvalidArgument when it is not a supervised fastText
    // model.
    static core::Result<std::shared_ptr<const Classifier>> Load(const std::string& path);

    // The probability of each label the model was trained on ("ok", "insult", …), summing to 1.
    // Thread-safe: any number of threads may predict at once.
    std::map<std::string, double> Predict(std::string_view text) const;

    const std::vector<std::string>& labels() const { return labels_; }

    ~Classifier();
    Classifier(const Classifier&) = delete;
    Classifier& operator=(const Classifier&) = delete;
    Classifier(Classifier&&) = delete;
    Classifier& operator=(Classifier&&) = delete;

  private:
    Classifier();
    std::unique_ptr<fasttext::FastText> model_;
    std::vector<std::string> labels_;
};

// The rules and the model together (Settings::use_model): per category, the score is the higher of
// the rules' score and the model's probability for that category; the model's "ok" is not used
// (the rules alone can flag what the model calls ok, and the model alone what the rules miss).
// Keeps the rules' scores in rule_scores and the model's in model_scores, so a decision can say
// which one decided.
void CombineWithModel(const Classifier& model, std::string_view text, Classification& classification);

}  // namespace belfry::moderation
