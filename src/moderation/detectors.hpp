// Personal data in a citizen's text: e-mail addresses, telephone numbers, Belgian national register
// numbers and IBANs, each checked as far as its format allows (the register number's and the IBAN's
// mod-97 checksums). Pure and thread-safe; reads the original text, not the normalised one (the
// normaliser turns digits into letters inside words).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace belfry::moderation {

enum class PersonalData { kEmail, kPhone, kNationalNumber, kIban };

std::string_view PersonalDataName(PersonalData kind);  // "email", "phone", "national_number", "iban"

struct Detection {
    PersonalData kind = PersonalData::kEmail;
    std::string text;  // as written
};

// Appends what `text` contains, in the order found; a span counts once (an IBAN is not also a phone).
void DetectPersonalData(std::string_view text, std::vector<Detection>& out);
std::vector<Detection> DetectPersonalData(std::string_view text);

// The Belgian national register number, 11 digits YYMMDDSSSCC: CC = 97 − (YYMMDDSSS mod 97), or for
// people born in 2000 or later 97 − ((2 000 000 000 + YYMMDDSSS) mod 97). Month 0–12, or +20/+40
// for bis numbers; day 0–31.
bool ValidNationalNumber(std::string_view eleven_digits);

// An IBAN without spaces: country code, check digits, the rest; mod 97 of the rearranged number is
// 1, and the length is the country's when the country is known (BE 16, NL 18, DE 22, FR 27, …).
bool ValidIban(std::string_view compact);

}  // namespace belfry::moderation
