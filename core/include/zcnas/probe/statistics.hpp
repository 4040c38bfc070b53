#pragma once
// Small numerical helpers several proxies share (jacov, epe_nas, meco, nwot), header-only
// so that a plugin gets them from the SDK headers alone.

#include <ATen/ATen.h>

namespace zcnas::stats {

// Pearson correlation between the rows of `rows` (n x d), in float64, as numpy.corrcoef:
// n x n. A constant row has no correlation; its entries come out NaN, as in numpy.
inline at::Tensor correlation_matrix(const at::Tensor& rows) {
  at::Tensor x = rows.reshape({rows.size(0), -1}).to(at::kDouble);
  x = x - x.mean(1, /*keepdim=*/true);
  const at::Tensor cov = at::matmul(x, x.t());
  const at::Tensor d = cov.diagonal().sqrt();
  return (cov / d.unsqueeze(1) / d.unsqueeze(0)).clamp(-1.0, 1.0);
}

// Eigenvalues of a symmetric matrix, ascending, in float64.
inline at::Tensor symmetric_eigenvalues(const at::Tensor& m) { return at::linalg_eigvalsh(m.to(at::kDouble)); }

}  // namespace zcnas::stats
