#include "run/architecture_selection.hpp"

#include <fstream>
#include <set>

#include "spec/space_ops.hpp"

namespace zcnas::run {

Expected<std::vector<SelectedArch>> select_architectures(const spec::SearchSpace& space, const ArchSelection& c) {
  std::vector<SelectedArch> archs;
  auto add = [&archs](std::string canonical, spec::Architecture arch) {
    archs.push_back({archs.size(), std::move(canonical), std::move(arch)});
  };
  if (!c.archs_file.empty()) {
    std::ifstream in(c.archs_file);
    if (!in) return Error(ErrorKind::io, "cannot open '" + c.archs_file + "'");
    std::string line;
    int number = 0;
    std::vector<Error> errors;
    while (std::getline(in, line)) {
      ++number;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      auto arch = spec::from_canonical(space, line);
      if (!arch) {
        errors.push_back(std::move(arch).error().with_context(c.archs_file + ":" + std::to_string(number)));
        if (errors.size() == 20) break;
        continue;
      }
      std::string canonical = spec::to_canonical(space, *arch);  // before *arch is moved from
      add(std::move(canonical), std::move(*arch));
    }
    if (!errors.empty()) return Error::join(errors);
    if (archs.empty()) return Error(ErrorKind::invalid_argument, "'" + c.archs_file + "' names no architectures");
  } else if (c.sample > 0) {
    const spec::BigUint size = spec::size(space);
    if (size.fits_u64() && static_cast<std::uint64_t>(c.sample) > size.to_u64())
      return Error(ErrorKind::invalid_argument, "--sample " + std::to_string(c.sample) + " asks for more architectures " +
                                                    "than the space has (" + size.to_string() + ")");
    spec::Rng rng(c.sample_seed);
    std::set<std::string> seen;
    while (static_cast<std::int64_t>(archs.size()) < c.sample) {
      spec::Architecture arch = spec::sample(space, rng);
      std::string text = spec::to_canonical(space, arch);
      if (seen.insert(text).second) add(std::move(text), std::move(arch));
    }
  } else if (c.enumerate) {
    const spec::BigUint size = spec::size(space);
    if (!size.fits_u64() || size.to_u64() > 10'000'000)
      return Error(ErrorKind::invalid_argument, "--all: space '" + space.name + "' has " + size.to_string() +
                                                    " architectures; use --sample");
    spec::enumerate(space, [&](const spec::Architecture& a) {
      add(spec::to_canonical(space, a), a);
      return true;
    });
  } else {
    return Error(ErrorKind::invalid_argument, "say which architectures to score: --archs FILE, --sample N or --all");
  }
  return archs;
}

Expected<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text) {
  const auto bad = Error(ErrorKind::invalid_argument, "--shard '" + text + "': expected i/N with 0 <= i < N, e.g. 0/4");
  const auto slash = text.find('/');
  if (slash == std::string::npos) return bad;
  try {
    std::size_t used_i = 0, used_n = 0;
    const long long i = std::stoll(text.substr(0, slash), &used_i);
    const long long n = std::stoll(text.substr(slash + 1), &used_n);
    if (used_i != slash || used_n != text.size() - slash - 1 || n < 1 || i < 0 || i >= n) return bad;
    return std::make_pair(static_cast<std::size_t>(i), static_cast<std::size_t>(n));
  } catch (const std::exception&) {
    return bad;
  }
}

}  // namespace zcnas::run
