// The run store on real SQLite files: round trips, replacement, schema and file checks,
// merge counts, and many processes writing one store at once.

#include <catch2/catch.hpp>

#include <cstdio>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "store/run_store.hpp"
#include "util/utc_time.hpp"

using namespace zcnas;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/zcnas-store-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

store::StoredResult result(const std::string& arch, const std::string& key, bool ok, double score,
                           const std::string& protocol = "p1", std::uint64_t seed = 0) {
  store::StoredResult r;
  r.arch = arch;
  r.proxy = key.substr(0, key.find('@'));
  r.proxy_key = key;
  r.protocol = protocol;
  r.seed = seed;
  r.ok = ok;
  r.score = score;
  r.seconds = 0.25;
  r.error = ok ? "" : "boom, with a \"quote\"";
  r.finished_at = util::utc_now();
  r.origin = store::this_origin();
  return r;
}

std::unique_ptr<store::RunStore> open_ok(const std::string& path) {
  auto s = store::RunStore::open(path);
  if (!s) CATCH_FAIL(s.error().to_string());
  return std::move(*s);
}

}  // namespace

CATCH_TEST_CASE("run store: results round-trip by protocol, seed and architecture", "[store]") {
  TempDir dir;
  auto s = open_ok(dir.file("a.db"));
  CATCH_REQUIRE(s->put_protocol("p1", "{\"seed\":0}"));
  CATCH_REQUIRE(s->put({result("a", "snip@1()", true, 1.5), result("a", "zico@1()", false, 0),
                        result("b", "snip@1()", true, -2.0), result("a", "snip@1()", true, 9.0, "p2"),
                        result("a", "snip@1()", true, 7.0, "p1", 1)}));
  auto found = s->find("p1", 0, "a");
  CATCH_REQUIRE(found);
  CATCH_REQUIRE(found->size() == 2);
  CATCH_CHECK(found->at("snip@1()").ok);
  CATCH_CHECK(found->at("snip@1()").score == 1.5);
  CATCH_CHECK_FALSE(found->at("zico@1()").ok);
  CATCH_CHECK(found->at("zico@1()").error == "boom, with a \"quote\"");
  CATCH_CHECK(s->find("p2", 0, "a")->at("snip@1()").score == 9.0);
  CATCH_CHECK(s->find("p1", 1, "a")->at("snip@1()").score == 7.0);
  CATCH_CHECK(s->find("p1", 0, "c")->empty());
  CATCH_CHECK(*s->count() == 5);
  CATCH_CHECK(s->protocols()->at("p1") == "{\"seed\":0}");

  // A retried failure replaces the stored one; nothing is duplicated.
  CATCH_REQUIRE(s->put({result("a", "zico@1()", true, 3.25)}));
  CATCH_CHECK(s->find("p1", 0, "a")->at("zico@1()").score == 3.25);
  CATCH_CHECK(*s->count() == 5);

  // Reopened (another process later): everything is there.
  s.reset();
  auto again = open_ok(dir.file("a.db"));
  CATCH_CHECK(*again->count() == 5);
  CATCH_CHECK(again->results("p1")->size() == 4);
}

CATCH_TEST_CASE("run store: files that are not a store are refused with their path", "[store]") {
  TempDir dir;
  {
    std::ofstream f(dir.file("text.db"));
    f << "arch,proxy,score\nnot,a,database\n";
  }
  auto bad = store::RunStore::open(dir.file("text.db"));
  CATCH_REQUIRE_FALSE(bad);
  CATCH_CHECK_THAT(bad.error().to_string(), Catch::Contains("text.db") && Catch::Contains("not a database"));

  auto missing_folder = store::RunStore::open(dir.file("nowhere/x.db"));
  CATCH_REQUIRE_FALSE(missing_folder);
  CATCH_CHECK_THAT(missing_folder.error().to_string(), Catch::Contains("does not exist"));

  {
    auto newer = store::SqliteDb::open(dir.file("newer.db"));
    CATCH_REQUIRE(newer);
    CATCH_REQUIRE(newer->exec("PRAGMA user_version = 99"));
  }
  auto refused = store::RunStore::open(dir.file("newer.db"));
  CATCH_REQUIRE_FALSE(refused);
  CATCH_CHECK_THAT(refused.error().to_string(), Catch::Contains("schema version 99"));
}

CATCH_TEST_CASE("run store: merge adds what is missing, repairs failures, counts conflicts", "[store]") {
  TempDir dir;
  auto target = open_ok(dir.file("target.db"));
  auto source = open_ok(dir.file("source.db"));
  CATCH_REQUIRE(target->put({result("a", "k@1()", true, 1.0), result("b", "k@1()", false, 0),
                             result("c", "k@1()", true, 3.0), result("d", "k@1()", true, 4.0)}));
  CATCH_REQUIRE(source->put({result("a", "k@1()", true, 1.0),    // same
                             result("b", "k@1()", true, 2.0),    // repairs b's failure
                             result("c", "k@1()", true, 30.0),   // conflict: target's kept
                             result("d", "k@1()", false, 0),     // a failure never replaces a score
                             result("e", "k@1()", true, 5.0),    // added
                             result("e", "k@1()", true, 5.0, "p2")}));
  CATCH_REQUIRE(source->put_protocol("p2", "{}"));
  source.reset();
  auto counts = target->merge_from(dir.file("source.db"));
  CATCH_REQUIRE(counts);
  CATCH_CHECK(counts->added == 2);
  CATCH_CHECK(counts->repaired == 1);
  CATCH_CHECK(counts->same == 1);
  CATCH_CHECK(counts->conflicts == 1);
  CATCH_CHECK(counts->protocols == 1);
  auto b = target->find("p1", 0, "b");
  CATCH_CHECK(b->at("k@1()").ok);
  CATCH_CHECK(b->at("k@1()").score == 2.0);
  CATCH_CHECK(target->find("p1", 0, "c")->at("k@1()").score == 3.0);
  CATCH_CHECK(target->find("p1", 0, "d")->at("k@1()").ok);
  CATCH_CHECK(*target->count() == 6);

  auto again = target->merge_from(dir.file("source.db"));  // idempotent
  CATCH_REQUIRE(again);
  CATCH_CHECK(again->added == 0);
  CATCH_CHECK(*target->count() == 6);

  auto missing = target->merge_from(dir.file("absent.db"));
  CATCH_REQUIRE_FALSE(missing);
  CATCH_CHECK_THAT(missing.error().to_string(), Catch::Contains("absent.db") && Catch::Contains("does not exist"));
}

CATCH_TEST_CASE("run store: six processes writing one store at once lose nothing", "[store]") {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  constexpr int kWriters = 6, kArchs = 150;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    if (pid == 0) {
      // Each writer opens its own connection (as separate zcnas processes do) and commits
      // one architecture at a time, as scoring does.
      auto s = store::RunStore::open(path);
      if (!s) {
        std::fprintf(stderr, "writer %d: %s\n", w, s.error().to_string().c_str());
        _exit(10);
      }
      for (int a = 0; a < kArchs; ++a) {
        const std::string arch = "w" + std::to_string(w) + "a" + std::to_string(a);
        if (!(*s)->put({result(arch, "x@1()", true, a), result(arch, "y@1()", a % 7 != 0, -a)})) _exit(11);
        if (a % 10 == 0 && !(*s)->find("p1", 0, arch)) _exit(12);
      }
      _exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    CATCH_CHECK(WIFEXITED(status));
    CATCH_CHECK(WEXITSTATUS(status) == 0);
  }
  auto s = open_ok(path);
  auto all = s->results();
  CATCH_REQUIRE(all);
  CATCH_CHECK(all->size() == 2u * kWriters * kArchs);
  std::set<std::string> keys;
  for (const auto& r : *all) keys.insert(r.arch + "/" + r.proxy_key);
  CATCH_CHECK(keys.size() == all->size());
  CATCH_CHECK(s->find("p1", 0, "w3a149")->at("x@1()").score == 149.0);
}
