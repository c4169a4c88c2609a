// Business time for the inbox: Belgian public holidays, business days, when an answer is due and how
// much business time a response took (issue 5, "Due times").
//
// Contract
// - Everything is pure and thread-safe. Instants are UTC epoch milliseconds (core::Millis); business
//   hours are wall-clock times in Europe/Brussels, converted with ICU's time zone data, so DST change
//   days are right (a business day from 00:00 to 24:00 on the last Sunday of March lasts 23 hours).
//   A wall-clock time that does not exist (02:30 when DST starts) means the instant one hour later
//   (03:30 CEST); one that exists twice (02:30 when DST ends) means the first of them.
// - Business days are the ISO weekdays of ResponseSettings::business_days (1 = Monday) that are not
//   one of Belgium's 10 legal public holidays. Community and regional holidays (11 July, 27 September,
//   15 November) and the federal staff's extra days (26 December) are not included.
// - Business time is real elapsed time inside [day_start, day_end) of each business day.
// - DueAt and BusinessMillisBetween expect settings that ValidateResponseSettings accepts; with
//   invalid settings they use the defaults (ResponseSettings{}) rather than loop or guess.
#pragma once

#include <compare>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "inbox/model.hpp"

namespace belfry::inbox {

struct Date {
    int year;
    int month;  // 1..12
    int day;    // 1..31
    // clang-tidy reads the defaulted <=> as a comparison with a literal 0.
    auto operator<=>(const Date&) const = default;  // NOLINT(modernize-use-nullptr)
};

// Belgium's 10 legal public holidays of the year: 1 Jan, Easter Monday, 1 May, Ascension Thursday,
// Whit Monday, 21 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec (Easter by the Gregorian computus).
struct Holiday {
    Date date;
    std::string_view key;  // "new_year", "easter_monday", "labour_day", "ascension", "whit_monday",
                           // "national_day", "assumption", "all_saints", "armistice", "christmas"
};
// In date order.
std::vector<Holiday> BelgianHolidays(int year);
// Easter Sunday of `year` (Gregorian; Anonymous Gregorian algorithm).
Date EasterSunday(int year);
// The holiday's name in `language` (fr, nl, de, en; anything else: en); "" for an unknown key.
std::string_view HolidayName(std::string_view key, std::string_view language);

// ISO weekday of a date: 1 = Monday … 7 = Sunday.
int IsoWeekday(const Date& d);
// The date `days` days after (or before, when negative) `d`.
Date AddDays(const Date& d, int days);
// The Europe/Brussels calendar date of an instant.
Date BrusselsDate(core::Millis t);
// The instant of a Europe/Brussels wall-clock time: `minute` after midnight of `d` (0..1440; 1440 is
// midnight at the end of the day).
core::Millis BrusselsInstant(const Date& d, int minute);

// Weekday in s.business_days and not a Belgian public holiday.
bool IsBusinessDay(const Date& d, const ResponseSettings& s);

// When an answer to a message received at `received_at` is due, under `s` (Europe/Brussels):
//   same_business_day: received on a business day before day_end → that day's day_end; otherwise the
//                      next business day's day_end.
//   next_business_day: the day_end of the next business day after the day it was received.
//   hours:             target_hours of business time counted from received_at.
core::Millis DueAt(core::Millis received_at, const ResponseSettings& s);

// Business milliseconds between two instants (0 when `to` is not after `from`).
core::Millis BusinessMillisBetween(core::Millis from, core::Millis to, const ResponseSettings& s);

// Validation of settings coming from the API: names the field at fault and says what to do.
core::Status ValidateResponseSettings(const ResponseSettings& s);

}  // namespace belfry::inbox
