#pragma once
// Text from the analysed tree (file names, source snippets, identifiers, messages that quote
// them) made inert for a terminal or a line-oriented format: an attacker controls those bytes,
// and a raw ESC retitles the window or colours the output, a raw newline forges a finding line.
#include <string>
#include <string_view>

namespace boundwise {

// Escapes C0 controls (tab included, except where `keepTab`), DEL, C1 controls (U+0080–U+009F),
// the bidirectional overrides and isolates that reorder what a reader sees (U+202A–U+202E,
// U+2066–U+2069, "Trojan Source") and bytes that are not UTF-8, as `\n`, `\r`, `\t`, `\e`,
// `\xNN` or `\u{NNNN}`; a backslash already in the text stays as it is. Everything else, valid
// non-ASCII UTF-8 included, is returned unchanged. Returns the input when nothing needs it.
std::string inertText(std::string_view text, bool keepTab = false);

// Whether inertText would change `text`.
bool needsInerting(std::string_view text, bool keepTab = false);

}  // namespace boundwise
