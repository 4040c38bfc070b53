// az_trainability: AZ-NAS's trainability, computed with the other two AZ-NAS scores from one forward
// (proxies/az_nas.hpp has the definition, its source and the protocol).

#include "../az_nas.hpp"

namespace {
struct Trainability {
  static constexpr const char* name = "az_trainability";
  static constexpr const char* description = "AZ-NAS trainability: mean over blocks of 2 - s - 1/s, s the top singular value of its Jacobian";
  static double pick(const zcnas::az_nas::Scores& s) { return s.trainability; }
};
using AzTrainabilityProxy = zcnas::az_nas::ScoreProxy<Trainability>;
}  // namespace

ZCNAS_EXPORT_PROXY(AzTrainabilityProxy)
