#include "workflow/history.hpp"

#include <algorithm>
#include <set>

#include "core/languages.hpp"

namespace belfry::workflow {

namespace {

bool Space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Words and the runs of whitespace between them: "Bonjour à tous" → "Bonjour", " ", "à", " ", "tous".
std::vector<std::string> Tokens(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const bool space = Space(s[i]);
        std::size_t j = i;
        while (j < s.size() && Space(s[j]) == space) ++j;
        out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

void Push(std::vector<DiffPiece>& out, DiffPiece::Op op, const std::string& text) {
    if (text.empty()) return;
    if (!out.empty() && out.back().op == op) {
        out.back().text += text;
    } else {
        out.push_back({op, text});
    }
}

// Above this many cells the middle of two texts is shown as replaced rather than compared word by
// word (about 2,000 words and spaces on each side; the common start and end are always kept).
constexpr std::size_t kMaxCells = 4'000'000;

std::string Join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

std::string Ids(const std::vector<long long>& ids) {
    std::vector<std::string> s;
    s.reserve(ids.size());
    for (long long id : ids) s.push_back(std::to_string(id));
    return Join(s);
}

}  // namespace

std::string_view OpName(DiffPiece::Op op) {
    switch (op) {
        case DiffPiece::Op::kEqual:
            return "equal";
        case DiffPiece::Op::kDelete:
            return "delete";
        case DiffPiece::Op::kInsert:
            return "insert";
    }
    return "equal";
}

std::vector<DiffPiece> DiffWords(const std::string& before, const std::string& after) {
    const auto a = Tokens(before);
    const auto b = Tokens(after);
    std::size_t start = 0;
    while (start < a.size() && start < b.size() && a[start] == b[start]) ++start;
    std::size_t end_a = a.size();
    std::size_t end_b = b.size();
    while (end_a > start && end_b > start && a[end_a - 1] == b[end_b - 1]) {
        --end_a;
        --end_b;
    }
    std::vector<DiffPiece> out;
    std::string head;
    for (std::size_t i = 0; i < start; ++i) head += a[i];
    Push(out, DiffPiece::Op::kEqual, head);

    const std::size_t n = end_a - start;
    const std::size_t m = end_b - start;
    if ((n + 1) * (m + 1) > kMaxCells) {
        std::string del;
        std::string ins;
        for (std::size_t i = start; i < end_a; ++i) del += a[i];
        for (std::size_t j = start; j < end_b; ++j) ins += b[j];
        Push(out, DiffPiece::Op::kDelete, del);
        Push(out, DiffPiece::Op::kInsert, ins);
    } else {
        // Longest common subsequence of the middle tokens, then walk it forwards.
        std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                lcs[i][j] =
                    a[start + i] == b[start + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[start + i] == b[start + j]) {
                Push(out, DiffPiece::Op::kEqual, a[start + i]);
                ++i;
                ++j;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                Push(out, DiffPiece::Op::kDelete, a[start + i]);  // what went comes before what came
                ++i;
            } else {
                Push(out, DiffPiece::Op::kInsert, b[start + j]);
                ++j;
            }
        }
    }
    std::string tail;
    for (std::size_t i = end_a; i < a.size(); ++i) tail += a[i];
    Push(out, DiffPiece::Op::kEqual, tail);
    return out;
}

VersionDiff DiffVersions(const PostVersion& from, const PostVersion& to) {
    VersionDiff d;
    d.from = from.version;
    d.to = to.version;
    const auto& a = from.snapshot;
    const auto& b = to.snapshot;
    std::vector<std::string> langs;
    for (const auto& [l, _] : a.variants) langs.push_back(l);
    for (const auto& [l, _] : b.variants) langs.push_back(l);
    for (const auto& lang : core::CanonicalLanguages(langs)) {
        LanguageDiff ld;
        ld.language = lang;
        auto x = a.variants.find(lang);
        auto y = b.variants.find(lang);
        const std::string before = x == a.variants.end() ? "" : x->second;
        const std::string after = y == b.variants.end() ? "" : y->second;
        ld.change = x == a.variants.end()   ? "added"
                    : y == b.variants.end() ? "removed"
                    : before == after       ? "same"
                                            : "changed";
        ld.pieces = DiffWords(before, after);
        d.languages.push_back(std::move(ld));
    }
    auto& other = d.other_changes;
    if (a.content_type != b.content_type) other.push_back("content type: " + a.content_type + " → " + b.content_type);
    if (a.link_url != b.link_url) {
        other.push_back("link: " + a.link_url.value_or("(none)") + " → " + b.link_url.value_or("(none)"));
    }
    if (a.tags != b.tags) {
        other.push_back("tags: " + (a.tags.empty() ? "(none)" : Join(a.tags)) + " → " +
                        (b.tags.empty() ? "(none)" : Join(b.tags)));
    }
    const std::set<long long> ca(a.channel_ids.begin(), a.channel_ids.end());
    const std::set<long long> cb(b.channel_ids.begin(), b.channel_ids.end());
    std::vector<long long> added;
    std::vector<long long> removed;
    std::set_difference(cb.begin(), cb.end(), ca.begin(), ca.end(), std::back_inserter(added));
    std::set_difference(ca.begin(), ca.end(), cb.begin(), cb.end(), std::back_inserter(removed));
    if (!added.empty()) other.push_back("channels added: " + Ids(added));
    if (!removed.empty()) other.push_back("channels removed: " + Ids(removed));
    std::map<long long, const SnapshotImage*> ia;
    std::map<long long, const SnapshotImage*> ib;
    for (const auto& i : a.images) ia[i.media_id] = &i;
    for (const auto& i : b.images) ib[i.media_id] = &i;
    for (const auto& [id, img] : ib) {
        auto old = ia.find(id);
        if (old == ia.end()) {
            other.push_back("image " + std::to_string(id) + " added");
            continue;
        }
        std::vector<std::string> alt_langs;
        for (const auto& [l, _] : img->alt) alt_langs.push_back(l);
        for (const auto& [l, _] : old->second->alt) alt_langs.push_back(l);
        std::vector<std::string> changed;
        for (const auto& l : core::CanonicalLanguages(alt_langs)) {
            auto p = old->second->alt.find(l);
            auto q = img->alt.find(l);
            const std::string before = p == old->second->alt.end() ? "" : p->second;
            const std::string after = q == img->alt.end() ? "" : q->second;
            if (before != after) changed.push_back(l);
        }
        if (!changed.empty())
            other.push_back("image " + std::to_string(id) + ": alt text changed (" + Join(changed) + ")");
    }
    for (const auto& [id, _] : ia) {
        if (ib.count(id) == 0) other.push_back("image " + std::to_string(id) + " removed");
    }
    std::vector<long long> order_a;
    std::vector<long long> order_b;
    for (const auto& i : a.images) {
        if (ib.count(i.media_id) != 0) order_a.push_back(i.media_id);
    }
    for (const auto& i : b.images) {
        if (ia.count(i.media_id) != 0) order_b.push_back(i.media_id);
    }
    if (order_a != order_b) other.push_back("images reordered");
    return d;
}

}  // namespace belfry::workflow
