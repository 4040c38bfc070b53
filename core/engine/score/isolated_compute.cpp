// ScoreRun::compute_isolated: one architecture's proxies in a forked worker process.
//
// The worker inherits everything the run prepared (plugins, batches, protocol) at the cost
// of a fork, builds the network, and reports on a pipe as it goes: "S i" when proxy i
// starts, "R {json}" with its outcome. The parent waits with a deadline per proxy. When the
// worker dies (a signal: segfault, abort, the OOM killer) or overruns the limit (then it is
// killed), the proxy it was in is recorded as failed with the reason, and a fresh worker
// carries on with the proxies still to run. A crash outside any proxy (network build) fails
// what remained. A worker computes with one thread: the parent's OpenMP pool does not
// survive fork().

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "runtime/runtime.hpp"
#include "score/outcome_message.hpp"
#include "score/score_run.hpp"

namespace zcnas::score {

namespace {

std::string signal_text(int sig) {
  const char* name = nullptr;
  switch (sig) {
    case SIGSEGV: name = "SIGSEGV"; break;
    case SIGABRT: name = "SIGABRT"; break;
    case SIGBUS: name = "SIGBUS"; break;
    case SIGFPE: name = "SIGFPE"; break;
    case SIGILL: name = "SIGILL"; break;
    case SIGKILL: name = "SIGKILL"; break;
    case SIGTERM: name = "SIGTERM"; break;
    default: break;
  }
  const char* what = strsignal(sig);
  return (name ? std::string(name) : "signal " + std::to_string(sig)) + " (" + (what ? what : "?") + ")";
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);  // the parent is gone
    done += static_cast<std::size_t>(n);
  }
}

// Caps the worker's address space at what it holds now plus `extra_mb`, so that running out
// of memory is an allocation failure inside the proxy (recorded), not the OOM killer.
void cap_memory(std::int64_t extra_mb) {
  if (extra_mb <= 0) return;
  std::ifstream statm("/proc/self/statm");
  unsigned long long pages = 0;
  if (!(statm >> pages)) return;
  const rlim_t limit = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE)) +
                       static_cast<rlim_t>(extra_mb) * 1024 * 1024;
  struct rlimit r{limit, limit};
  setrlimit(RLIMIT_AS, &r);
}

}  // namespace

ArchResult ScoreRun::compute_isolated(const IndexedArch& a, const std::vector<bool>& wanted) {
  ArchResult result = blank_result(a.index, a.canonical);
  std::vector<bool> remaining = wanted;
  auto any = [](const std::vector<bool>& v) { return std::find(v.begin(), v.end(), true) != v.end(); };
  const double limit = options_.proxy_time_limit;

  while (any(remaining)) {
    int fds[2];
    if (pipe(fds) != 0) {
      for (std::size_t i = 0; i < proxies_.size(); ++i)
        if (remaining[i]) result.outcomes[i].error = std::string("cannot start a worker: pipe: ") + std::strerror(errno);
      break;
    }
    std::fflush(nullptr);  // nothing buffered is written twice
    const pid_t pid = fork();
    if (pid < 0) {
      close(fds[0]);
      close(fds[1]);
      for (std::size_t i = 0; i < proxies_.size(); ++i)
        if (remaining[i]) result.outcomes[i].error = std::string("cannot start a worker: fork: ") + std::strerror(errno);
      break;
    }
    if (pid == 0) {
      close(fds[0]);
      runtime::set_threads(1);
      cap_memory(options_.proxy_memory_mb);
      ProxyHooks hooks;
      hooks.started = [&](std::size_t i) { write_all(fds[1], "S " + std::to_string(i) + "\n"); };
      hooks.finished = [&](std::size_t i, const proxy::ProxyOutcome& o) {
        write_all(fds[1], "R " + outcome_message(i, o).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                              "\n");
      };
      ArchResult r = compute_here(a, remaining, &hooks);
      nlohmann::json done{{"arch", r.arch}, {"build_seconds", r.build_seconds}};
      write_all(fds[1], "B " + done.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
      _exit(0);  // no atexit handlers, no flushing of the parent's buffers
    }
    close(fds[1]);

    std::string buffer;
    long current = -1;  // the proxy the worker is in
    bool finished = false, timed_out = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit);
    for (;;) {
      int wait_ms = -1;
      if (limit > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
          timed_out = true;
          break;
        }
        wait_ms = static_cast<int>(std::min<long long>(left.count(), 1000000));
      }
      pollfd p{fds[0], POLLIN, 0};
      const int ready = poll(&p, 1, wait_ms);
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) continue;  // re-check the deadline
      char chunk[4096];
      const ssize_t n = read(fds[0], chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // the worker closed the pipe: exited or died
      buffer.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t eol; (eol = buffer.find('\n')) != std::string::npos;) {
        const std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 1);
        if (line.rfind("S ", 0) == 0) {
          current = std::stol(line.substr(2));
          deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit);
        } else if (line.rfind("R ", 0) == 0) {
          const auto i = read_outcome_message(nlohmann::json::parse(line.substr(2)), result.outcomes);
          remaining[i] = false;
          current = -1;
        } else if (line.rfind("B ", 0) == 0) {
          const auto j = nlohmann::json::parse(line.substr(2));
          result.arch = j.at("arch").get<std::string>();
          result.build_seconds = j.at("build_seconds").get<double>();
          finished = true;
        }
      }
    }
    if (timed_out) kill(pid, SIGKILL);
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (finished && !timed_out) continue;  // every proxy it was given has its outcome

    std::string why;
    if (timed_out) why = "exceeded the time limit of " + std::to_string(limit) + " s and was stopped";
    else if (WIFSIGNALED(status)) why = "crashed the worker process: " + signal_text(WTERMSIG(status));
    else why = "the worker process exited with status " + std::to_string(WEXITSTATUS(status)) + " without a result";
    if (current >= 0) {
      auto& o = result.outcomes[static_cast<std::size_t>(current)];
      o.ok = false;
      o.error = "proxy '" + o.proxy + "' on arch '" + result.arch + "': " + why;
      remaining[static_cast<std::size_t>(current)] = false;
      spdlog::warn("{}; a fresh worker goes on", o.error);
    } else {
      // Outside any proxy (the network build): nothing more can be computed for it.
      for (std::size_t i = 0; i < proxies_.size(); ++i) {
        if (!remaining[i]) continue;
        result.outcomes[i].ok = false;
        result.outcomes[i].error = "arch '" + result.arch + "': building the network " + why;
        remaining[i] = false;
      }
    }
  }
  return result;
}

}  // namespace zcnas::score
