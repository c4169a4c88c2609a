#include "store/rows.hpp"

#include <cstdlib>

#include "core/text.hpp"

namespace belfry::store {

std::optional<long long> OptInt(const soci::row& r, std::size_t i) {
    if (r.get_indicator(i) == soci::i_null) return std::nullopt;
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_integer:
            return r.get<int>(i);
        case soci::dt_long_long:
            return r.get<long long>(i);
        case soci::dt_unsigned_long_long:
            return static_cast<long long>(r.get<unsigned long long>(i));
        case soci::dt_double:
            return static_cast<long long>(r.get<double>(i));
        case soci::dt_string:
            return std::strtoll(r.get<std::string>(i).c_str(), nullptr, 10);
        default:
            throw soci::soci_error("column " + std::to_string(i) + " is not a number");
    }
}

long long Int(const soci::row& r, std::size_t i) { return OptInt(r, i).value_or(0); }

std::optional<std::string> OptText(const soci::row& r, std::size_t i) {
    if (r.get_indicator(i) == soci::i_null) return std::nullopt;
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_string:
            return r.get<std::string>(i);
        case soci::dt_integer:
            return std::to_string(r.get<int>(i));
        case soci::dt_long_long:
            return std::to_string(r.get<long long>(i));
        case soci::dt_double:
            return std::to_string(r.get<double>(i));
        default:
            throw soci::soci_error("column " + std::to_string(i) + " is not text");
    }
}

std::string Text(const soci::row& r, std::size_t i) { return OptText(r, i).value_or(std::string()); }

double Double(const soci::row& r, std::size_t i) {
    if (r.get_indicator(i) == soci::i_null) return 0;
    switch (r.get_properties(i).get_data_type()) {
        case soci::dt_double:
            return r.get<double>(i);
        case soci::dt_integer:
            return r.get<int>(i);
        case soci::dt_long_long:
            return static_cast<double>(r.get<long long>(i));
        case soci::dt_string:
            return std::strtod(r.get<std::string>(i).c_str(), nullptr);
        default:
            throw soci::soci_error("column " + std::to_string(i) + " is not a number");
    }
}

std::string JoinWords(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ' ';
        out += w;
    }
    return out;
}

std::vector<std::string> SplitWords(const std::string& text) {
    std::vector<std::string> out;
    for (auto& w : core::Split(text, ' ')) {
        if (!w.empty()) out.push_back(std::move(w));
    }
    return out;
}

std::string Binds::Add(std::string value) {
    slots_.push_back(std::make_unique<Slot>(Slot{false, std::move(value), 0}));
    return ":p" + std::to_string(slots_.size() - 1);
}

std::string Binds::Add(long long value) {
    slots_.push_back(std::make_unique<Slot>(Slot{true, {}, value}));
    return ":p" + std::to_string(slots_.size() - 1);
}

void Binds::BindTo(soci::statement& st) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        auto& slot = *slots_[i];
        const std::string name = "p" + std::to_string(i);
        if (slot.is_int) {
            st.exchange(soci::use(slot.number, name));
        } else {
            st.exchange(soci::use(slot.text, name));
        }
    }
}

}  // namespace belfry::store
