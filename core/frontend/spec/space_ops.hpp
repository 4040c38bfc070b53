#pragma once
// What can be done with a space and its architectures: exact size, enumeration, seeded
// sampling, mutation and crossover, the canonical string in both directions, a stable
// hash. Torch-free; the random generator is ours so that a seed gives the same
// architectures with any standard library.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "spec/big_uint.hpp"
#include "spec/search_space.hpp"
#include "zcnas/error.hpp"
#include "zcnas/search/rng.hpp"

namespace zcnas::spec {

// SplitMix64 (the SDK's, so that strategy plugins draw from the same sequence).
using Rng = zcnas::SearchRng;

// Whether a decision matters for `arch` (a per-layer decision beyond the chosen count does not).
bool is_active(const SearchSpace& space, const Architecture& arch, int decision);

// Option indices in range, inactive decisions 0, cell rules (NAS-Bench-101: input reaches
// output, edge limit, no dangling nodes; DARTS: two distinct inputs per node).
Expected<void> check(const SearchSpace& space, const Architecture& arch);

// The number of valid architectures, exactly.
BigUint size(const SearchSpace& space);

// Every valid architecture, in a fixed order; stop early by returning false.
void enumerate(const SearchSpace& space, const std::function<bool(const Architecture&)>& visit);

// The canonical form of `arch`: inactive per-layer decisions set to 0, NAS-Bench-101 graphs
// pruned to their input-output paths (unused nodes take the first op). Benchmarks that store
// unpruned cells (NAS-Bench-Suite-Zero's NB101 keys) map to their network this way.
void canonicalize(const SearchSpace& space, Architecture& arch);

// A valid architecture drawn uniformly per decision (depth first, then each active layer;
// NAS-Bench-101 graphs by rejection), as AutoFormer's and NASLib's samplers do.
Architecture sample(const SearchSpace& space, Rng& rng);

// A valid neighbour: one active decision changed to another option.
Architecture mutate(const SearchSpace& space, const Architecture& arch, Rng& rng);

// A valid child taking each decision from a or b with equal chance (each cell as a whole).
Architecture crossover(const SearchSpace& space, const Architecture& a, const Architecture& b, Rng& rng);

std::string to_canonical(const SearchSpace& space, const Architecture& arch);
// The decisions `text` names, before any validity check (an unpruned NB101 cell parses).
Expected<Architecture> parse_architecture(const SearchSpace& space, const std::string& text);
// A valid architecture in its canonical spelling only: another spelling is an error.
Expected<Architecture> from_canonical(const SearchSpace& space, const std::string& text);
// `text` in the canonical spelling (parsed, canonicalized, checked, written back), so that files
// keyed by another spelling of the same architecture match; the error says why it is none.
Expected<std::string> canonical_spelling(const SearchSpace& space, const std::string& text);
// The same, nullopt when it is not one of the space.
std::optional<std::string> canonical_text(const SearchSpace& space, const std::string& text);

// FNV-1a 64 of the space name and the canonical string: stable across runs and builds.
std::uint64_t stable_hash(const SearchSpace& space, const Architecture& arch);

}  // namespace zcnas::spec
