#pragma once
// Cross-entropy backpropagation through test::TinyClassifier written out by hand in plain
// doubles, independent of LibTorch's autograd: the reference the gradient proxies are
// checked against.

#include <array>
#include <cmath>
#include <vector>

namespace zcnas::test {

using Mat2 = std::array<std::array<double, 2>, 2>;

struct TinyClassifierWeights {
  Mat2 w1{{{1, -1}, {2, 1}}};
  std::array<double, 2> b1{0, -1};
  Mat2 w2{{{1, 3}, {-2, 1}}};
  std::array<double, 2> b2{0.5, 0};
};

struct HandPass {
  std::vector<std::array<double, 2>> z1, dz1, z2, dz2;  // per sample: layer outputs and dL/d(output)
  Mat2 dw1{}, dw2{};                                    // dL/dW, L = mean cross-entropy
  double loss = 0;
};

inline HandPass hand_backprop(const TinyClassifierWeights& w, const std::vector<std::array<double, 2>>& x,
                              const std::vector<int>& labels) {
  HandPass p;
  const double n = static_cast<double>(x.size());
  for (std::size_t s = 0; s < x.size(); ++s) {
    std::array<double, 2> z1{}, h{}, z2{}, dz2{}, dh{}, dz1{};
    for (int k = 0; k < 2; ++k) {
      z1[k] = w.w1[k][0] * x[s][0] + w.w1[k][1] * x[s][1] + w.b1[k];
      h[k] = z1[k] > 0 ? z1[k] : 0;
    }
    for (int j = 0; j < 2; ++j) z2[j] = w.w2[j][0] * h[0] + w.w2[j][1] * h[1] + w.b2[j];
    const double m = std::max(z2[0], z2[1]);
    const double e0 = std::exp(z2[0] - m), e1 = std::exp(z2[1] - m);
    const std::array<double, 2> prob{e0 / (e0 + e1), e1 / (e0 + e1)};
    p.loss += -std::log(prob[labels[s]]) / n;
    for (int j = 0; j < 2; ++j) dz2[j] = (prob[j] - (labels[s] == j ? 1.0 : 0.0)) / n;
    for (int k = 0; k < 2; ++k) {
      dh[k] = w.w2[0][k] * dz2[0] + w.w2[1][k] * dz2[1];
      dz1[k] = z1[k] > 0 ? dh[k] : 0;
    }
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k) {
        p.dw2[j][k] += dz2[j] * h[k];
        p.dw1[j][k] += dz1[j] * x[s][k];
      }
    p.z1.push_back(z1);
    p.dz1.push_back(dz1);
    p.z2.push_back(z2);
    p.dz2.push_back(dz2);
  }
  return p;
}

}  // namespace zcnas::test
