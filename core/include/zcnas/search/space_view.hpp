#pragma once
// What a search strategy plugin sees of the space it searches: its decisions and options,
// and the operations that need the space's rules (valid samples, mutations, crossovers,
// enumeration, supernets). The host implements it over the parsed space; the strategy only
// calls it, so a strategy works on every space the DSL can declare.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "zcnas/error.hpp"
#include "zcnas/search/rng.hpp"
#include "zcnas/search/supernet.hpp"

namespace zcnas {

class SpaceView {
 public:
  virtual ~SpaceView() = default;

  virtual const std::string& name() const = 0;
  virtual std::size_t decisions() const = 0;
  virtual const std::string& decision_name(std::size_t decision) const = 0;
  virtual std::size_t options(std::size_t decision) const = 0;
  virtual std::string option_name(std::size_t decision, std::size_t option) const = 0;
  // The number of valid architectures when it fits 64 bits; nullopt otherwise.
  virtual std::optional<std::uint64_t> size() const = 0;
  // Exact, for messages ("10^24" spaces too).
  virtual std::string size_text() const = 0;

  // A valid architecture drawn uniformly per decision.
  virtual Architecture sample(SearchRng& rng) const = 0;
  // A valid neighbour: one active decision changed to another option.
  virtual Architecture mutate(const Architecture& arch, SearchRng& rng) const = 0;
  // A valid child taking each decision (each cell as a whole) from a or b.
  virtual Architecture crossover(const Architecture& a, const Architecture& b, SearchRng& rng) const = 0;
  // Every valid architecture in a fixed order; stop early by returning false.
  virtual void enumerate(const std::function<bool(const Architecture&)>& visit) const = 0;
  virtual std::string canonical(const Architecture& arch) const = 0;

  // The supernet with every option alive, or why this space has none (a choice that is no
  // edge or input slot of a cell, a NAS-Bench-101 graph cell).
  virtual Expected<Supernet> supernet() const = 0;
  // Whether `supernet` still holds a valid architecture (every decision has an option;
  // DARTS: the two input slots of a node can still take distinct states).
  virtual bool can_complete(const Supernet& supernet) const = 0;
  // "op(0,1)={skip_connect,nor_conv_3x3} op(0,2)=..." , the supernet's journal key.
  virtual std::string describe(const Supernet& supernet) const = 0;
};

}  // namespace zcnas
