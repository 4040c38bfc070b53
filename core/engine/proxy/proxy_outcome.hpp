#pragma once
// One proxy's result on one architecture: a score, or why there is none. Torch-free.

#include <string>

namespace zcnas::proxy {

struct ProxyOutcome {
  std::string proxy;    // instance name
  std::string arch;     // architecture id, for messages and records
  bool ok = false;
  double score = 0;
  double seconds = 0;   // wall time of this proxy alone (a shared pass counts for whoever ran it)
  std::string error;    // the reason, when !ok
  // Failed because this network cannot serve the proxy (ErrorKind::unsupported: a thin copy
  // of a network that is not built from a space, say), not because something is wrong.
  bool not_applicable = false;
  bool reused = false;  // read from the run store, not computed in this run
};

}  // namespace zcnas::proxy
