#include "run/score_job.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "distributed/mpi_world.hpp"
#include "plugin/proxy_instances.hpp"
#include "run/score_options.hpp"
#include "score/score_driver.hpp"
#include "score/score_writer.hpp"
#include "store/run_store.hpp"

namespace zcnas::run {

namespace {

JobResult<ScoreReport> score_in_world(const Environment& env, const ScoreJob& job, const ScoreProgress& progress,
                                      const distributed::MpiWorld& world) {
  auto program = env.parse(job.space.file);
  if (!program) return bad_input(std::move(program).error());
  auto space = Environment::pick_space(*program, job.space);  // the program parsed above, not a second parse
  if (!space) return bad_input(std::move(space).error());
  auto proxies = job.proxies.empty() ? plugin::instantiate_all_proxies(env.host())
                                     : plugin::instantiate_named_proxies(job.proxies, env.config().proxies,
                                                                         program->proxies, env.host());
  if (!proxies) return bad_input(std::move(proxies).error());
  auto archs = select_architectures(*space, job.select);
  if (!archs) return bad_input(std::move(archs).error());
  std::pair<std::size_t, std::size_t> shard{0, 1};
  if (!job.shard.empty()) {
    auto parsed = parse_shard(job.shard);
    if (!parsed) return bad_input(std::move(parsed).error());
    shard = *parsed;
  }
  std::vector<score::IndexedArch> mine;
  for (std::size_t i = shard.first; i < archs->size(); i += shard.second) mine.push_back(std::move((*archs)[i]));

  score::ScoreOptions so = score_options(env);
  so.dataset = job.dataset;
  so.batch_size = job.batch_size;
  so.batches = job.batches;
  so.input_size = job.input_size;
  so.task = job.task;
  auto run = score::ScoreRun::prepare(*space, std::move(*proxies), so);
  if (!run) return bad_input(std::move(run).error());

  ScoreReport report;
  report.lead = world.rank() == 0;
  std::unique_ptr<score::ScoreWriter> writer;
  std::shared_ptr<store::RunStore> store;
  if (report.lead) {
    auto opened = env.open_store();
    if (!opened) return bad_input(std::move(opened).error());
    store = std::move(*opened);
    if (store) {
      if (auto ok = run->use_store(store, env.retry_failed()); !ok) return failed(std::move(ok).error());
      report.store_path = store->path();
    }
    auto w = score::ScoreWriter::open(job.out, job.json, run->protocol());
    if (!w) return failed(std::move(w).error());
    writer = std::move(*w);
  }
  run->set_origin(store::this_origin() + (world.distributed() ? " rank " + std::to_string(world.rank()) : ""));

  spdlog::info("scoring {} architectures{} of '{}' with {} proxies on {} (batch {}, seed {}, {}){}{}", mine.size(),
               job.shard.empty() ? std::string() : " (shard " + job.shard + " of " + std::to_string(archs->size()) + ")",
               space->name, run->proxies().size(), job.dataset, job.batch_size, env.seed(), env.device(),
               world.distributed() ? ", " + std::to_string(world.size()) + " MPI ranks" : std::string(),
               store ? ", store " + store->path() : std::string());
  if (progress && report.lead) progress(0, mine.size(), 0);
  auto stats = score::drive_scoring(*run, mine, writer.get(), world, progress, job.stop);
  if (!stats) return failed(std::move(stats).error());
  report.architectures = stats->architectures;
  report.computed = stats->computed;
  report.reused = stats->reused;
  report.failures = stats->failures;
  report.interrupted = stats->interrupted;
  if (!report.lead) return report;
  if (auto ok = writer->finish(); !ok) return failed(std::move(ok).error());
  report.rows = writer->rows();
  if (run->unstored() > 0)  // after the outputs are whole: they hold every result
    return failed(Error(ErrorKind::io, std::to_string(run->unstored()) + " of " + std::to_string(stats->computed) +
                                           " computed results could not be stored (first: " + run->first_store_error() +
                                           "); they are in " + (job.out == "-" ? std::string("the output") : "'" + job.out + "'") +
                                           ". Once there is space, the same command computes only what the store lacks"));
  if (store)
    spdlog::info("{} results computed, {} reused from the run store {}", stats->computed, stats->reused, store->path());
  if (stats->failures > 0)  // the run itself succeeded: failures are results, recorded with their reasons
    spdlog::warn("{} of {} scores failed (status 'failed' in the CSV, with the reason)", stats->failures, writer->rows());
  return report;
}

// An error on one rank ends every rank: the others would wait for it forever.
JobResult<ScoreReport> ending_world_on_error(JobResult<ScoreReport> result, const distributed::MpiWorld& world) {
  if (!result && world.distributed()) {
    spdlog::error("rank {}: {}", world.rank(), result.error().error.to_string());
    world.abort(result.error().bad_input ? 2 : 1);
  }
  return result;
}

}  // namespace

JobResult<ScoreReport> run_score(const Environment& env, const ScoreJob& job, const ScoreProgress& progress) {
  auto joined = distributed::MpiWorld::join();
  if (!joined) return bad_input(std::move(joined).error());
  return ending_world_on_error(score_in_world(env, job, progress, **joined), **joined);
}

JobResult<ScoreReport> run_score(const RunSettings& settings, const ScoreJob& job, const ScoreProgress& progress) {
  auto joined = distributed::MpiWorld::join();
  if (!joined) return bad_input(std::move(joined).error());
  const distributed::MpiWorld& world = **joined;
  // Every rank runs the same set-up; rank 0 alone talks to the user, the store and the files.
  RunSettings mine = settings;
  if (world.rank() != 0) mine.quiet = true;
  auto env = Environment::resolve(mine);
  if (!env) return ending_world_on_error(bad_input(std::move(env).error()), world);
  return ending_world_on_error(score_in_world(**env, job, progress, world), world);
}

}  // namespace zcnas::run
