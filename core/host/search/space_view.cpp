#include "search/space_view.hpp"

#include "spec/space_ops.hpp"
#include "spec/supernet.hpp"

namespace zcnas::search {

namespace {

class ParsedSpaceView final : public SpaceView {
 public:
  explicit ParsedSpaceView(spec::SearchSpace space) : space_(std::move(space)) {}

  const std::string& name() const override { return space_.name; }
  std::size_t decisions() const override { return space_.decisions.size(); }
  const std::string& decision_name(std::size_t d) const override { return space_.decisions.at(d).name; }
  std::size_t options(std::size_t d) const override { return space_.decisions.at(d).options.size(); }
  std::string option_name(std::size_t d, std::size_t o) const override {
    return space_.decisions.at(d).options.at(o).to_string();
  }
  std::optional<std::uint64_t> size() const override {
    const spec::BigUint n = spec::size(space_);
    if (!n.fits_u64()) return std::nullopt;
    return n.to_u64();
  }
  std::string size_text() const override { return spec::size(space_).to_string(); }

  Architecture sample(SearchRng& rng) const override { return spec::sample(space_, rng); }
  Architecture mutate(const Architecture& a, SearchRng& rng) const override { return spec::mutate(space_, a, rng); }
  Architecture crossover(const Architecture& a, const Architecture& b, SearchRng& rng) const override {
    return spec::crossover(space_, a, b, rng);
  }
  void enumerate(const std::function<bool(const Architecture&)>& visit) const override {
    spec::enumerate(space_, visit);
  }
  std::string canonical(const Architecture& a) const override {
    Architecture c = a;
    spec::canonicalize(space_, c);
    return spec::to_canonical(space_, c);
  }

  Expected<Supernet> supernet() const override { return spec::full_supernet(space_); }
  bool can_complete(const Supernet& s) const override { return spec::can_complete(space_, s); }
  std::string describe(const Supernet& s) const override { return spec::to_text(space_, s); }

 private:
  spec::SearchSpace space_;
};

}  // namespace

std::unique_ptr<SpaceView> make_space_view(spec::SearchSpace space) {
  return std::make_unique<ParsedSpaceView>(std::move(space));
}

}  // namespace zcnas::search
