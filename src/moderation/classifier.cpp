#include "moderation/classifier.hpp"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

#include "moderation/engine.hpp"
#include "moderation/lexicon.hpp"
#include "moderation/normalise.hpp"

namespace belfry::moderation {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

std::atomic<unsigned> temp_counter{0};

// A name next to `path` (same directory, so the rename is atomic) that no other writer uses.
std::string TempNameNear(const std::string& path) {
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(temp_counter.fetch_add(1));
}

bool KnownLabel(std::string_view label) { return label == "ok" || ParseCategory(label).has_value(); }

// Removes a file when it goes out of scope (unless released).
class TempFile {
  public:
    explicit TempFile(std::string path) : path_(std::move(path)) {}
    ~TempFile() {
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove(path_, ignored);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    TempFile(TempFile&&) = delete;
    TempFile& operator=(TempFile&&) = delete;
    const std::string& path() const { return path_; }
    void Release() { path_.clear(); }

  private:
    std::string path_;
};

}  // namespace

core::Status TrainClassifier(const std::vector<LabelledText>& examples, const std::string& model_path,
                             const TrainOptions& options) {
    std::set<std::string> labels;
    for (const auto& e : examples) {
        if (!KnownLabel(e.label)) {
            return core::Error::Invalid("label", "unknown label '" + e.label +
                                                     "' (use ok, insult, racism, discrimination, violence, spam "
                                                     "or personal_data)");
        }
        labels.insert(e.label);
    }
    if (examples.size() < options.minimum_examples || labels.size() < 2) {
        return core::Error::Invalid(
            "examples", "the model needs at least " + std::to_string(options.minimum_examples) +
                            " decisions with at least two different labels (for example ok and insult); there are " +
                            std::to_string(examples.size()) + " with " + std::to_string(labels.size()) +
                            (labels.size() == 1 ? " label" : " labels") +
                            ". Keep moderating with the rules and train again later.");
    }

    // fastText reads its examples from a file: one line each, "__label__insult the normalised words".
    std::error_code ec;
    const auto temp_dir = std::filesystem::temp_directory_path(ec);
    if (ec) return core::Error::Unavailable("no temporary directory for the training examples: " + ec.message());
    TempFile input((temp_dir / ("belfry-train-" + std::to_string(::getpid()) + "-" +
                                std::to_string(temp_counter.fetch_add(1)) + ".txt"))
                       .string());
    {
        std::ofstream out(input.path(), std::ios::binary | std::ios::trunc);
        Normalised normalised;
        for (const auto& e : examples) {
            Normalise(e.text, normalised);
            out << kLabelPrefix << e.label << normalised.text << '\n';  // the text starts with a space
        }
        out.close();
        if (!out) return core::Error::Unavailable("cannot write the training examples to " + input.path());
    }

    fasttext::Args args;
    args.input = input.path();
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::softmax;
    args.epoch = options.epochs;
    args.lr = options.learning_rate;
    args.dim = options.dimension;
    args.wordNgrams = options.word_ngrams;
    args.minn = options.min_subword;
    args.maxn = options.max_subword;
    args.bucket = options.buckets;
    args.minCount = 1;
    args.minCountLabel = 0;
    args.thread = 1;  // one thread: the same examples give the same model
    args.seed = options.seed;
    args.verbose = 0;

    fasttext::FastText model;
    try {
        model.train(args);
    } catch (const std::exception& e) {
        return core::Error::Invalid("examples", std::string("fastText could not train on these examples: ") + e.what());
    }

    TempFile temp(TempNameNear(model_path));
    try {
        model.saveModel(temp.path());
    } catch (const std::exception& e) {
        return core::Error::Unavailable("cannot write the model to " + model_path + ": " + e.what());
    }
    if (std::filesystem::file_size(temp.path(), ec) == 0 || ec) {
        return core::Error::Unavailable("cannot write the model to " + model_path);
    }
    std::filesystem::rename(temp.path(), model_path, ec);
    if (ec) return core::Error::Unavailable("cannot move the model to " + model_path + ": " + ec.message());
    temp.Release();
    return core::Ok();
}

Classifier::Classifier() : model_(std::make_unique<fasttext::FastText>()) {}
Classifier::~Classifier() = default;

core::Result<std::shared_ptr<const Classifier>> Classifier::Load(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return core::Error::NotFound("no model at " + path);
    std::shared_ptr<Classifier> classifier(new Classifier());
    try {
        classifier->model_->loadModel(path);
    } catch (const std::exception& e) {
        return core::Error::Invalid("model", path + " is not a fastText model: " + e.what());
    }
    if (classifier->model_->getArgs().model != fasttext::model_name::sup) {
        return core::Error::Invalid("model", path + " is a fastText word-vector model, not a classifier");
    }
    const auto dictionary = classifier->model_->getDictionary();
    for (int32_t i = 0; i < dictionary->nlabels(); ++i) {
        std::string label = dictionary->getLabel(i);
        if (std::string_view(label).substr(0, kLabelPrefix.size()) == kLabelPrefix) label.erase(0, kLabelPrefix.size());
        classifier->labels_.push_back(std::move(label));
    }
    return std::shared_ptr<const Classifier>(std::move(classifier));
}

std::map<std::string, double> Classifier::Predict(std::string_view text) const {
    thread_local Normalised normalised;
    Normalise(text, normalised);
    normalised.text.push_back('\n');  // one line, ended as in training
    std::istringstream in(normalised.text);
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    // predictLine is const and keeps its state on the stack: safe from any number of threads.
    model_->predictLine(in, predictions, static_cast<int32_t>(labels_.size()), 0.0);
    std::map<std::string, double> out;
    for (const auto& label : labels_) out[label] = 0;
    for (const auto& [probability, name] : predictions) {
        std::string label = name;
        if (std::string_view(label).substr(0, kLabelPrefix.size()) == kLabelPrefix) label.erase(0, kLabelPrefix.size());
        // fastText gives exp(log(p + 1e-5)): take the 1e-5 back off.
        out[label] = std::clamp(static_cast<double>(probability) - 1e-5, 0.0, 1.0);
    }
    return out;
}

void CombineWithModel(const Classifier& model, std::string_view text, Classification& c) {
    const auto probabilities = model.Predict(text);
    c.rule_scores = c.scores;
    for (std::size_t i = 0; i < kCategoryCount; ++i) {
        const auto it = probabilities.find(std::string(CategoryName(kCategories[i])));
        c.model_scores[i] = it == probabilities.end() ? 0 : it->second;
        c.scores[i] = std::max(c.scores[i], c.model_scores[i]);
    }
    c.model_used = true;
}

}  // namespace belfry::moderation
