// The language of a citizen's message, for the inbox's filters, saved replies and search stems.
// CLD2 on the text (plain text, valid UTF-8 checked), with the network's declared language as a
// hint. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace belfry::inbox {

// An ISO 639-1 code ("fr", "nl", "de", "en", "it", …) or "und" when the text is too short or mixed
// for CLD2 to be reliable and the network gave no hint. A reliable detection wins over the hint (a
// Dutch message sent from a French-language client is Dutch); a short or unreliable one falls back
// to the hint when the hint is a language CLD2 also saw in the text or when CLD2 saw nothing.
std::string DetectLanguage(std::string_view text, std::string_view network_hint);

}  // namespace belfry::inbox
