#include "data/batches.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <numeric>

#include "spec/space_ops.hpp"

namespace zcnas::data {

namespace {

void shuffle(std::vector<std::int64_t>& v, spec::Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

std::vector<std::vector<std::int64_t>> batch_indices(std::int64_t set_size, const BatchPlan& plan) {
  spec::Rng rng(plan.seed ^ 0x5eedba7c4e5ULL);
  std::vector<std::int64_t> order(static_cast<std::size_t>(set_size));
  std::iota(order.begin(), order.end(), 0);
  shuffle(order, rng);
  std::size_t next = 0;
  std::vector<std::vector<std::int64_t>> out;
  for (std::int64_t b = 0; b < plan.count; ++b) {
    if (next + static_cast<std::size_t>(plan.batch_size) > order.size()) {  // set used up: a new pass over it
      shuffle(order, rng);
      next = 0;
    }
    out.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(next),
                     order.begin() + static_cast<std::ptrdiff_t>(next + plan.batch_size));
    next += static_cast<std::size_t>(plan.batch_size);
  }
  return out;
}

Expected<std::vector<Batch>> draw_batches(const DataSource& source, const BatchPlan& plan) {
  if (plan.batch_size < 1 || plan.count < 1)
    return Error(ErrorKind::invalid_argument, "batch size and batch count must be >= 1");
  if (plan.input_shape.size() != 3)
    return Error(ErrorKind::invalid_argument, "image batches need a C x H x W input shape");
  const std::int64_t c = plan.input_shape[0], h = plan.input_shape[1], w = plan.input_shape[2];
  std::vector<Batch> out;
  if (!source.images) {
    at::Generator gen = at::detail::createCPUGenerator(plan.seed);
    for (std::int64_t b = 0; b < plan.count; ++b) {
      Batch batch;
      if (source.name == "gaussian") {
        batch.inputs = at::normal(0.0, 1.0, {plan.batch_size, c, h, w}, gen, at::TensorOptions().dtype(at::kFloat));
      } else if (source.name == "ones") {
        batch.inputs = torch::ones({plan.batch_size, c, h, w});
      } else {
        return Error(ErrorKind::invalid_argument, "unknown synthetic data source '" + source.name + "'");
      }
      batch.labels = at::randint(0, plan.num_classes, {plan.batch_size}, gen, at::TensorOptions().dtype(at::kLong));
      out.push_back(std::move(batch));
    }
    return out;
  }

  const ImageSet& set = *source.images;
  if (set.size() < plan.batch_size)
    return Error(ErrorKind::invalid_argument, "dataset '" + set.name + "' has " + std::to_string(set.size()) +
                                                  " images, fewer than the batch size " +
                                                  std::to_string(plan.batch_size));
  if (c != 3) return Error(ErrorKind::invalid_argument, "dataset '" + set.name + "' has 3 channels, the network takes " +
                                                           std::to_string(c));
  if (plan.num_classes < set.num_classes)
    return Error(ErrorKind::invalid_argument, "dataset '" + set.name + "' has " + std::to_string(set.num_classes) +
                                                  " classes and the network has " + std::to_string(plan.num_classes) +
                                                  " outputs");
  const auto& n = set.normalisation;
  const at::Tensor mean = torch::tensor({n.mean[0], n.mean[1], n.mean[2]}, torch::kFloat).view({1, 3, 1, 1});
  const at::Tensor std = torch::tensor({n.std[0], n.std[1], n.std[2]}, torch::kFloat).view({1, 3, 1, 1});
  for (const auto& rows : batch_indices(set.size(), plan)) {
    const at::Tensor index = torch::tensor(rows, torch::kLong);
    at::Tensor x = set.images.index_select(0, index).to(torch::kFloat).div_(255.0);
    if (x.size(2) != h || x.size(3) != w) {
      namespace F = torch::nn::functional;
      x = F::interpolate(x, F::InterpolateFuncOptions()
                                .size(std::vector<std::int64_t>{h, w})
                                .mode(torch::kBilinear)
                                .align_corners(false));
    }
    Batch batch;
    batch.inputs = (x - mean) / std;
    batch.labels = set.labels.index_select(0, index);
    out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace zcnas::data
