#include "score/result_cache.hpp"

#include <spdlog/spdlog.h>

#include "store/run_store.hpp"
#include "util/utc_time.hpp"

namespace zcnas::score {

ResultCache::ResultCache(std::shared_ptr<store::RunStore> store, std::string protocol_hash, std::uint64_t seed,
                         std::vector<std::string> proxy_names, std::vector<std::string> proxy_keys, bool retry_failed)
    : store_(std::move(store)),
      protocol_hash_(std::move(protocol_hash)),
      seed_(seed),
      names_(std::move(proxy_names)),
      keys_(std::move(proxy_keys)),
      retry_failed_(retry_failed) {}

std::vector<bool> ResultCache::fill(const std::string& arch, std::vector<proxy::ProxyOutcome>& outcomes) {
  std::vector<bool> wanted(keys_.size(), true);
  auto found = store_->find(protocol_hash_, seed_, arch);
  if (!found) {
    if (errors_++ < 5) spdlog::warn("{} (computing instead)", found.error().to_string());
    return wanted;
  }
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    auto it = found->find(keys_[i]);
    if (it == found->end() || (retry_failed_ && !it->second.ok)) continue;
    auto& o = outcomes[i];
    o.arch = arch;
    o.ok = it->second.ok;
    o.score = it->second.score;
    o.seconds = it->second.seconds;
    o.error = it->second.error;
    o.reused = true;
    wanted[i] = false;
    ++reused_;
  }
  return wanted;
}

void ResultCache::put(const std::string& arch, const std::vector<proxy::ProxyOutcome>& outcomes,
                      const std::vector<bool>& computed_mask, const std::string& origin) {
  std::vector<store::StoredResult> fresh;
  const std::string now = util::utc_now();
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (!computed_mask[i]) continue;
    const auto& o = outcomes[i];
    store::StoredResult r;
    r.arch = arch;
    r.proxy = names_[i];
    r.proxy_key = keys_[i];
    r.protocol = protocol_hash_;
    r.seed = seed_;
    r.ok = o.ok;
    r.score = o.score;
    r.seconds = o.seconds;
    r.error = o.error;
    r.finished_at = now;
    r.origin = origin;
    fresh.push_back(std::move(r));
  }
  if (auto ok = store_->put(fresh); !ok) {
    unstored_ += fresh.size();
    if (first_store_error_.empty()) first_store_error_ = ok.error().to_string();
    if (errors_++ < 5) spdlog::warn("{} (the results stay in the output files)", ok.error().to_string());
  }
}

}  // namespace zcnas::score
