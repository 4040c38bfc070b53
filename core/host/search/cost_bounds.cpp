#include "search/cost_bounds.hpp"

#include <cstdio>

namespace zcnas::search {

namespace {

std::string human(double v) {
  char buf[32];
  if (v >= 1e9) std::snprintf(buf, sizeof buf, "%.4gG", v / 1e9);
  else if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.4gM", v / 1e6);
  else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.4gK", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

bool needs_flops(const spec::Constraint& bound) { return bound.quantity != "params"; }

bool needs_flops(const std::vector<spec::Constraint>& bounds) {
  for (const auto& b : bounds)
    if (needs_flops(b)) return true;
  return false;
}

std::string broken_bound(const std::vector<spec::Constraint>& bounds, const Cost& cost, bool measured_flops) {
  for (const auto& b : bounds) {
    if (needs_flops(b) && !measured_flops) continue;
    const double v = b.quantity == "params" ? cost.params : b.quantity == "macs" ? cost.macs : cost.flops;
    if (b.min && v < *b.min) return b.quantity + " " + human(v) + " below the minimum " + human(*b.min);
    if (b.max && v > *b.max) return b.quantity + " " + human(v) + " above the maximum " + human(*b.max);
  }
  return "";
}

}  // namespace zcnas::search
