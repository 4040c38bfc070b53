#pragma once
// What of a space decides the network an architecture string names: its family or network
// body (with the blocks it uses), settings, decisions, cells and canonical format; not its
// name, file, comments, layout or constraints. Scores are stored under a protocol that holds
// this fingerprint, so editing `stem = 16;` or a block's kernel makes the store compute anew
// instead of returning the old network's scores.

#include <string>

#include "spec/search_space.hpp"

namespace zcnas::spec {

// The definition as canonical text (one item per line), what the fingerprint hashes.
std::string definition_text(const SearchSpace& space);

// FNV-1a 64 of definition_text, 16 hex digits.
std::string definition_fingerprint(const SearchSpace& space);

}  // namespace zcnas::spec
