// Measuring the engine on a labelled set: `belfry moderation eval FILE.tsv [--model M]`. Each line is
// label<TAB>language<TAB>text (a first line "label\tlanguage\ttext" is a header); labels are ok and
// the categories' names. The prediction is Classification::Top(threshold), or ok when none; with a
// model, of the rules' and the model's scores combined.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "moderation/engine.hpp"

namespace belfry::moderation {

struct LabelledItem {
    std::string label;  // "ok" or a CategoryName()
    std::string language;
    std::string text;
    int line = 0;
};

// Fails with kInvalidArgument naming the line when a line lacks a column or has an unknown label.
core::Result<std::vector<LabelledItem>> ParseLabelledTsv(std::string_view content);

struct LabelFigures {
    std::string label;
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    int support = 0;  // lines with this label
    double precision = 0;
    double recall = 0;
    double f1 = 0;
};

struct Mistake {
    const LabelledItem* item = nullptr;
    std::string predicted;
};

struct Evaluation {
    std::vector<LabelFigures> labels;  // the six categories, then ok
    double macro_f1 = 0;               // over the categories present in the labels or predictions, ok excluded
    double accuracy = 0;
    int total = 0;
    std::vector<Mistake> mistakes;
};

class Classifier;

// With a model, each line's scores are the rules' and the model's combined (CombineWithModel), or
// the model's alone with model_only (to see what it learnt).
Evaluation Evaluate(const Engine& engine, const std::vector<LabelledItem>& items, double threshold,
                    const Classifier* model = nullptr, bool model_only = false);

// The table, then "accuracy …", then last "macro F1 0.87".
void PrintEvaluation(const Evaluation& evaluation, std::ostream& out, bool show_mistakes);

// The binary view, to compare with profanity filters that only say yes or no (bench/
// moderation_compare.sh): a line is offensive when labelled insult, racism, discrimination or
// violence; ok, spam and personal_data lines are not offensive (spam and personal data are outside
// such filters' scope). The engine calls a line offensive when one of those four categories scores
// at or above the threshold (whatever else it found).
bool IsOffensiveLabel(std::string_view label);
bool IsOffensive(const Classification& classification, double threshold);

struct BinaryEvaluation {
    int true_positives = 0;
    int false_positives = 0;
    int false_negatives = 0;
    int true_negatives = 0;
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    int total = 0;
    std::vector<Mistake> mistakes;  // predicted "offensive" or "not offensive"
};

BinaryEvaluation EvaluateBinary(const Engine& engine, const std::vector<LabelledItem>& items, double threshold,
                                const Classifier* model = nullptr, bool model_only = false);

// Counts and figures, then last "binary precision 0.97 recall 0.95 F1 0.96".
void PrintBinaryEvaluation(const BinaryEvaluation& evaluation, std::ostream& out, bool show_mistakes);

}  // namespace belfry::moderation
