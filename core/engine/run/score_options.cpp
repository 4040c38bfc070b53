#include "run/score_options.hpp"

#include "plugin/plugin_host.hpp"

namespace zcnas::run {

score::ScoreOptions score_options(const Environment& env) {
  score::ScoreOptions so;
  so.seed = env.seed();
  so.device = c10::Device(env.device());
  so.batchnorm_train_mode = env.batchnorm_train();
  so.conv_linear_layers = env.conv_linear_layers();
  so.pass_chunk = env.pass_chunk();
  so.data_dirs = env.data_dirs();
  so.isolate = env.isolate();
  so.proxy_time_limit = env.proxy_timeout();
  so.proxy_memory_mb = env.proxy_memory_mb();
  return so;
}

Expected<search::SetupContext> setup_context(const Environment& env) {
  search::SetupContext ctx;
  ctx.host = &env.host();
  ctx.configured = env.config().proxies;
  ctx.scoring = score_options(env);
  auto store = env.open_store();
  if (!store) return std::move(store).error();
  ctx.store = std::move(*store);
  ctx.retry_failed = env.retry_failed();
  return ctx;
}

}  // namespace zcnas::run
