#include "proxy/proxy_runner.hpp"

#include <c10/util/Exception.h>
#include <torch/nn/module.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace zcnas::proxy {

bool reads_shared_passes(const PluginMetadata& metadata) {
  const PassRequest& r = metadata.pass;
  return r.needs_backward() || r.taps.activations.any() || r.taps.layers.any();
}

void plan_passes(const std::vector<plugin::ProxyInstance>& proxies, ProbeContext& ctx, const std::vector<bool>* only) {
  for (std::size_t i = 0; i < proxies.size(); ++i) {
    if (only && !(*only)[i]) continue;
    if (reads_shared_passes(proxies[i].plugin->metadata)) ctx.plan(proxies[i].plugin->metadata.pass);
  }
}

void run_proxies(std::vector<plugin::ProxyInstance>& proxies, ProbeContext& ctx, const std::string& arch,
                 const std::vector<bool>* only, const std::function<void(std::size_t)>& started,
                 const std::function<void(std::size_t, ProxyOutcome&)>& finished) {
  plan_passes(proxies, ctx, only);
  std::vector<std::size_t> shared, own;
  for (std::size_t i = 0; i < proxies.size(); ++i) {
    if (only && !(*only)[i]) continue;
    (reads_shared_passes(proxies[i].plugin->metadata) ? shared : own).push_back(i);
  }
  auto run = [&](std::size_t i) {
    if (started) started(i);
    ProxyOutcome o = run_proxy(proxies[i], ctx, arch);
    if (finished) finished(i, o);
  };
  for (std::size_t i : shared) run(i);
  if (!shared.empty() && !own.empty()) {
    // A later ctx.pass() (a proxy that reads a pass it did not declare) computes it again.
    ctx.invalidate_passes();
    ctx.network().set_taps({});
    for (auto& p : ctx.network().module().parameters()) p.mutable_grad() = at::Tensor();
  }
  for (std::size_t i : own) run(i);
}

namespace {
// Checks the plugin's declared needs against what the context offers.
std::string unmet_need(const PluginMetadata& m, const ProbeContext& ctx) {
  const PluginNeeds needs = effective_needs(m);
  if (needs.gpu && !ctx.device().is_cuda()) return "it needs a GPU and the run is on " + ctx.device().str();
  if (static_cast<std::int64_t>(ctx.batch_count()) < needs.min_batches)
    return "it needs " + std::to_string(needs.min_batches) + " batches, the run has " +
           std::to_string(ctx.batch_count());
  if (needs.labels) {
    for (std::size_t i = 0; i < ctx.batch_count(); ++i) {
      if (!ctx.batch(i).labels.defined()) return "it needs labels and batch " + std::to_string(i) + " has none";
    }
  }
  return {};
}
}  // namespace

ProxyOutcome run_proxy(plugin::ProxyInstance& proxy, ProbeContext& ctx, const std::string& arch) {
  ProxyOutcome out;
  out.proxy = proxy.name;
  out.arch = arch;
  const auto start = std::chrono::steady_clock::now();
  auto finish = [&](bool ok, double score, std::string error) {
    out.ok = ok;
    out.score = score;
    out.error = std::move(error);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  };
  const std::string where = "proxy '" + proxy.name + "' on arch '" + arch + "'";
  if (auto unmet = unmet_need(proxy.plugin->metadata, ctx); !unmet.empty())
    return finish(false, 0, where + ": cannot run: " + unmet);
  try {
    auto result = proxy.proxy->score(ctx);
    if (!result) {
      out.not_applicable = result.error().kind() == ErrorKind::unsupported;
      return finish(false, 0, std::move(result).error().with_context(where).to_string());
    }
    const bool worst = *result == -std::numeric_limits<double>::infinity() && proxy.plugin->metadata.minus_infinity_is_a_score;
    if (!std::isfinite(*result) && !worst)
      return finish(false, *result, where + ": non-finite score " + std::to_string(*result));
    return finish(true, *result, {});
  } catch (const c10::Error& e) {
    return finish(false, 0, where + ": LibTorch error: " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    return finish(false, 0, where + ": threw: " + e.what());
  } catch (...) {
    return finish(false, 0, where + ": threw a non-standard exception");
  }
}

}  // namespace zcnas::proxy
