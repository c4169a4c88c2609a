#include "moderation/evaluation.hpp"

#include <array>
#include <cstdio>
#include <ostream>

#include "core/text.hpp"
#include "moderation/classifier.hpp"

namespace belfry::moderation {
namespace {

constexpr std::size_t kLabelCount = kCategoryCount + 1;  // the categories, then ok

std::string_view LabelName(std::size_t i) { return i < kCategoryCount ? CategoryName(kCategories[i]) : "ok"; }

std::size_t LabelIndex(std::string_view label) {
    for (std::size_t i = 0; i < kLabelCount; ++i) {
        if (LabelName(i) == label) return i;
    }
    return kLabelCount;
}

std::string Fixed(double v) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%.2f", v);
    return buf.data();
}

}  // namespace

core::Result<std::vector<LabelledItem>> ParseLabelledTsv(std::string_view content) {
    std::vector<LabelledItem> items;
    int line_number = 0;
    for (const auto& raw : core::Split(content, '\n')) {
        ++line_number;
        std::string_view line = raw;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (core::Trim(line).empty()) continue;
        const auto tab1 = line.find('\t');
        const auto tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string_view::npos) {
            return core::Error::Invalid("file",
                                        "line " + std::to_string(line_number) +
                                            ": expected three columns separated by tabs: label, language, text");
        }
        LabelledItem item{std::string(line.substr(0, tab1)), std::string(line.substr(tab1 + 1, tab2 - tab1 - 1)),
                          std::string(line.substr(tab2 + 1)), line_number};
        if (line_number == 1 && item.label == "label") continue;  // header
        if (LabelIndex(item.label) == kLabelCount) {
            return core::Error::Invalid("file", "line " + std::to_string(line_number) + ": unknown label '" +
                                                    item.label +
                                                    "' (use ok, insult, racism, discrimination, violence, spam or "
                                                    "personal_data)");
        }
        items.push_back(std::move(item));
    }
    return items;
}

Evaluation Evaluate(const Engine& engine, const std::vector<LabelledItem>& items, double threshold,
                    const Classifier* model, bool model_only) {
    Evaluation ev;
    std::array<LabelFigures, kLabelCount> figures{};
    for (std::size_t i = 0; i < kLabelCount; ++i) figures[i].label = std::string(LabelName(i));
    Classification c;
    int correct = 0;
    for (const auto& item : items) {
        engine.Classify(item.text, c);
        if (model != nullptr) {
            CombineWithModel(*model, item.text, c);
            if (model_only) c.scores = c.model_scores;
        }
        const auto top = c.Top(threshold);
        const std::size_t predicted = top ? static_cast<std::size_t>(*top) : kCategoryCount;
        const std::size_t actual = LabelIndex(item.label);
        ++figures[actual].support;
        if (predicted == actual) {
            ++figures[actual].true_positives;
            ++correct;
        } else {
            ++figures[predicted].false_positives;
            ++figures[actual].false_negatives;
            ev.mistakes.push_back({&item, std::string(LabelName(predicted))});
        }
    }
    double f1_sum = 0;
    int f1_count = 0;
    for (std::size_t i = 0; i < kLabelCount; ++i) {
        LabelFigures& f = figures[i];
        const int predicted = f.true_positives + f.false_positives;
        const int actual = f.true_positives + f.false_negatives;
        f.precision = predicted > 0 ? static_cast<double>(f.true_positives) / predicted : 0;
        f.recall = actual > 0 ? static_cast<double>(f.true_positives) / actual : 0;
        f.f1 = f.precision + f.recall > 0 ? 2 * f.precision * f.recall / (f.precision + f.recall) : 0;
        if (i < kCategoryCount && (predicted > 0 || actual > 0)) {
            f1_sum += f.f1;
            ++f1_count;
        }
        ev.labels.push_back(f);
    }
    ev.total = static_cast<int>(items.size());
    ev.accuracy = items.empty() ? 0 : static_cast<double>(correct) / static_cast<double>(items.size());
    ev.macro_f1 = f1_count > 0 ? f1_sum / f1_count : 0;
    return ev;
}

void PrintEvaluation(const Evaluation& ev, std::ostream& out, bool show_mistakes) {
    if (show_mistakes) {
        for (const auto& m : ev.mistakes) {
            out << "line " << m.item->line << ": " << m.item->label << " predicted " << m.predicted << " ("
                << m.item->language << ") " << m.item->text << "\n";
        }
    }
    std::array<char, 96> row{};
    std::snprintf(row.data(), row.size(), "%-16s %9s %7s %5s %8s\n", "category", "precision", "recall", "F1",
                  "support");
    out << row.data();
    for (const auto& f : ev.labels) {
        std::snprintf(row.data(), row.size(), "%-16s %9s %7s %5s %8d\n", f.label.c_str(), Fixed(f.precision).c_str(),
                      Fixed(f.recall).c_str(), Fixed(f.f1).c_str(), f.support);
        out << row.data();
    }
    out << "accuracy " << Fixed(ev.accuracy) << " on " << ev.total
        << " lines (macro F1 over the categories, ok excluded)\n";
    out << "macro F1 " << Fixed(ev.macro_f1) << "\n";
}

bool IsOffensiveLabel(std::string_view label) {
    return label == "insult" || label == "racism" || label == "discrimination" || label == "violence";
}

bool IsOffensive(const Classification& c, double threshold) {
    return c.score(Category::kInsult) >= threshold || c.score(Category::kRacism) >= threshold ||
           c.score(Category::kDiscrimination) >= threshold || c.score(Category::kViolence) >= threshold;
}

BinaryEvaluation EvaluateBinary(const Engine& engine, const std::vector<LabelledItem>& items, double threshold,
                                const Classifier* model, bool model_only) {
    BinaryEvaluation ev;
    Classification c;
    for (const auto& item : items) {
        engine.Classify(item.text, c);
        if (model != nullptr) {
            CombineWithModel(*model, item.text, c);
            if (model_only) c.scores = c.model_scores;
        }
        const bool predicted = IsOffensive(c, threshold);
        const bool actual = IsOffensiveLabel(item.label);
        if (predicted && actual) ++ev.true_positives;
        if (predicted && !actual) ++ev.false_positives;
        if (!predicted && actual) ++ev.false_negatives;
        if (!predicted && !actual) ++ev.true_negatives;
        if (predicted != actual) ev.mistakes.push_back({&item, predicted ? "offensive" : "not offensive"});
    }
    const int predicted = ev.true_positives + ev.false_positives;
    const int actual = ev.true_positives + ev.false_negatives;
    ev.precision = predicted > 0 ? static_cast<double>(ev.true_positives) / predicted : 0;
    ev.recall = actual > 0 ? static_cast<double>(ev.true_positives) / actual : 0;
    ev.f1 = ev.precision + ev.recall > 0 ? 2 * ev.precision * ev.recall / (ev.precision + ev.recall) : 0;
    ev.total = static_cast<int>(items.size());
    return ev;
}

void PrintBinaryEvaluation(const BinaryEvaluation& ev, std::ostream& out, bool show_mistakes) {
    if (show_mistakes) {
        for (const auto& m : ev.mistakes) {
            out << "line " << m.item->line << ": " << m.item->label << " predicted " << m.predicted << " ("
                << m.item->language << ") " << m.item->text << "\n";
        }
    }
    out << "offensive = insult, racism, discrimination, violence; ok, spam and personal_data lines are not "
           "offensive\n";
    out << "true positives " << ev.true_positives << ", false positives " << ev.false_positives << ", false negatives "
        << ev.false_negatives << ", true negatives " << ev.true_negatives << " on " << ev.total << " lines\n";
    out << "binary precision " << Fixed(ev.precision) << " recall " << Fixed(ev.recall) << " F1 " << Fixed(ev.f1)
        << "\n";
}

}  // namespace belfry::moderation
