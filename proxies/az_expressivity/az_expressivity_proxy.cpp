// az_expressivity: AZ-NAS's expressivity, computed with the other two AZ-NAS scores from one forward
// (proxies/az_nas.hpp has the definition, its source and the protocol).

#include "../az_nas.hpp"

namespace {
struct Expressivity {
  static constexpr const char* name = "az_expressivity";
  static constexpr const char* description = "AZ-NAS expressivity: sum over block boundaries of the eigenvalue entropy of the channel covariance";
  static double pick(const zcnas::az_nas::Scores& s) { return s.expressivity; }
};
using AzExpressivityProxy = zcnas::az_nas::ScoreProxy<Expressivity>;
}  // namespace

ZCNAS_EXPORT_PROXY(AzExpressivityProxy)
