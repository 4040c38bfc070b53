#pragma once
// What makes two results the same result, for the run store: the protocol hash covers
// everything that decides a score besides the architecture and the proxy (zcnas and
// LibTorch versions, space, dataset and its batches, input, classes, BatchNorm mode,
// dtype, device kind, seed); the proxy key covers the plugin, its version and every
// parameter. Thread count, BLAS, file paths and instance names are left out: they do not
// change a score, and leaving them out lets runs on other machines share results.

#include <string>

#include "plugin/proxy_instances.hpp"
#include "score/score_run.hpp"

namespace zcnas::score {

std::string protocol_hash(const Protocol& protocol);
// The protocol as the store records it: the JSON protocol_hash is computed over.
std::string protocol_identity_json(const Protocol& protocol);

// "zico@1.0.0(batches=2)".
std::string proxy_key(const plugin::ProxyInstance& proxy);

}  // namespace zcnas::score
