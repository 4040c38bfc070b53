#include "runtime/allocator.hpp"

#include <climits>
#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace zcnas::runtime {

bool retain_freed_memory() {
#if defined(__GLIBC__)
  if (const char* v = std::getenv("ZCNAS_ALLOCATOR"); v != nullptr && std::strcmp(v, "system") == 0) return false;
  for (const char* name : {"MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES"})
    if (std::getenv(name) != nullptr) return false;
  // No block from mmap: large blocks come from the heap and are reused when freed. Threads'
  // arenas cannot hold blocks over 64 MB; glibc then serves those from the main heap.
  if (mallopt(M_MMAP_MAX, 0) == 0) return false;
  // The heap's free top goes back to the kernel only beyond 2 GB, so that a pass's
  // activations freed at the end of one network are there for the next.
  mallopt(M_TRIM_THRESHOLD, INT_MAX);
  return true;
#else
  return false;
#endif
}

}  // namespace zcnas::runtime
