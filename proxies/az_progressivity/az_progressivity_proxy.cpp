// az_progressivity: AZ-NAS's progressivity, computed with the other two AZ-NAS scores from one forward
// (proxies/az_nas.hpp has the definition, its source and the protocol).

#include "../az_nas.hpp"

namespace {
struct Progressivity {
  static constexpr const char* name = "az_progressivity";
  static constexpr const char* description = "AZ-NAS progressivity: the smallest rise of that entropy from one block boundary to the next";
  static double pick(const zcnas::az_nas::Scores& s) { return s.progressivity; }
};
using AzProgressivityProxy = zcnas::az_nas::ScoreProxy<Progressivity>;
}  // namespace

ZCNAS_EXPORT_PROXY(AzProgressivityProxy)
