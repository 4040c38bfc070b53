#pragma once
// A scoring run's results in the run store: what is stored already is looked up before
// anything is computed, and what is computed is stored at once, under the run's protocol
// hash and seed and each proxy's key (plugin, version, parameters). Torch-free.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proxy/proxy_outcome.hpp"
#include "zcnas/error.hpp"

namespace zcnas::store {
class RunStore;
}

namespace zcnas::score {

class ResultCache {
 public:
  // `proxy_keys[i]` is the key of the run's proxy i, `proxy_names[i]` its instance name.
  ResultCache(std::shared_ptr<store::RunStore> store, std::string protocol_hash, std::uint64_t seed,
              std::vector<std::string> proxy_names, std::vector<std::string> proxy_keys, bool retry_failed);

  // The stored outcomes of `arch`, in pool order, into `outcomes` (marked reused); returns
  // which proxies are still to compute. `retry_failed`: a stored failure is computed again.
  std::vector<bool> fill(const std::string& arch, std::vector<proxy::ProxyOutcome>& outcomes);
  // Stores the outcomes marked in `computed_mask` (computed by `origin`).
  void put(const std::string& arch, const std::vector<proxy::ProxyOutcome>& outcomes,
           const std::vector<bool>& computed_mask, const std::string& origin);

  const std::string& protocol_hash() const noexcept { return protocol_hash_; }
  std::size_t reused() const noexcept { return reused_; }
  // Results the store refused (a full disk, a lost lock): still in the output files, but a
  // rerun would compute them again, so the job ends with an error naming the first refusal.
  std::size_t unstored() const noexcept { return unstored_; }
  const std::string& first_store_error() const noexcept { return first_store_error_; }

 private:
  std::shared_ptr<store::RunStore> store_;
  std::string protocol_hash_;
  std::uint64_t seed_ = 0;
  std::vector<std::string> names_, keys_;
  bool retry_failed_ = false;
  std::size_t reused_ = 0, errors_ = 0;  // errors: warned about at most five times
  std::size_t unstored_ = 0;
  std::string first_store_error_;
};

}  // namespace zcnas::score
