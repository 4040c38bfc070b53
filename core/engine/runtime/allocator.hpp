#pragma once
// How the process's allocator treats freed memory. glibc hands every block over its mmap
// threshold (at most 32 MB) straight back to the kernel when LibTorch frees it, so the next
// pass's activations fault in fresh zeroed pages again: on this CPU that was 40% of an
// AutoFormer-Small fwd+bwd at batch 64 (20.8 s -> 12.3 s kept) and 15% of the NAS-Bench-201
// proxy set. The zcnas programs keep freed memory for reuse instead; the peak is unchanged,
// the resident size stays near it between networks.

namespace zcnas::runtime {

// Called first thing by the programs that own their process (the CLI, the benchmarks), not
// by the Python module, whose process is the user's. Does nothing when ZCNAS_ALLOCATOR=system
// or when the user tunes glibc's allocator through its own variables (MALLOC_MMAP_MAX_,
// MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_, GLIBC_TUNABLES), or on a C library other
// than glibc. Returns whether the policy was applied.
bool retain_freed_memory();

}  // namespace zcnas::runtime
