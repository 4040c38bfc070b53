#include "data/tasks.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <fstream>
#include <sstream>

#include "data/datasets.hpp"

namespace zcnas::data {

namespace {

constexpr std::int64_t kTiles = 9, kTile = 64, kPuzzleImage = 255;
const char* kPermutationFile = "transnas/permutations_hamming_max_1000.txt";

namespace F = torch::nn::functional;

at::Tensor resize(const at::Tensor& x, std::int64_t size) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<std::int64_t>{size, size})
                               .mode(torch::kBilinear)
                               .align_corners(false));
}

// NASLib's MakeJigsawPuzzle on a batch: centre crop 0.9 and back to full size, then tile n
// of a sample is a random 64 x 64 crop of cell permutation[n] of its 3 x 3 grid.
Batch puzzles(const at::Tensor& images, const std::vector<std::vector<std::int64_t>>& permutations,
              at::Generator& gen) {
  const std::int64_t n = images.size(0), size = images.size(2);
  const std::int64_t crop = static_cast<std::int64_t>(static_cast<double>(size) * 0.9);
  const std::int64_t top = (size - crop + 1) / 2;  // torchvision: round((size - crop) / 2)
  at::Tensor x = resize(images.narrow(2, top, crop).narrow(3, top, crop), size);
  const std::int64_t unit = size / 3, slack = unit - kTile + 1;
  const auto options = at::TensorOptions().dtype(at::kLong);
  at::Tensor classes = at::randint(0, static_cast<std::int64_t>(permutations.size()), {n}, gen, options);
  at::Tensor offsets = at::randint(0, slack, {n, kTiles, 2}, gen, options);
  at::Tensor out = torch::empty({n, kTiles * 3, kTile, kTile}, images.options());
  auto cls = classes.accessor<std::int64_t, 1>();
  auto off = offsets.accessor<std::int64_t, 3>();
  for (std::int64_t i = 0; i < n; ++i) {
    const auto& perm = permutations[static_cast<std::size_t>(cls[i])];
    for (std::int64_t t = 0; t < kTiles; ++t) {
      const std::int64_t cell = perm[static_cast<std::size_t>(t)];
      const std::int64_t y = (cell / 3) * unit + off[i][t][0], xx = (cell % 3) * unit + off[i][t][1];
      out[i].narrow(0, 3 * t, 3).copy_(x[i].narrow(1, y, kTile).narrow(2, xx, kTile));
    }
  }
  return {out, classes};
}

}  // namespace

const std::vector<TaskProtocol>& known_tasks() {
  static const std::vector<TaskProtocol> list = [] {
    TaskProtocol object{"class_object", "TransNAS-Bench-101 object classification: 100 classes, cross-entropy",
                        TaskTarget::random_class, 100, 256, {3, 256, 256}};
    TaskProtocol scene = object;
    scene.name = "class_scene";
    scene.description = "TransNAS-Bench-101 scene classification: 63 classes, cross-entropy";
    scene.classes = 63;
    TaskProtocol autoencoder{"autoencoder",
                             "TransNAS-Bench-101 autoencoder: the image (-1..1) is the target, L1 loss",
                             TaskTarget::image, 0, 256, {3, 256, 256}};
    autoencoder.output_shape = {3, 256, 256};
    autoencoder.normalisation = {{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}};
    autoencoder.keep_dataset_normalisation = false;
    autoencoder.loss = "l1";
    TaskProtocol jigsaw{"jigsaw",
                        "TransNAS-Bench-101 jigsaw: 9 tiles of 64x64 in one of 1,000 permutations, cross-entropy",
                        TaskTarget::puzzle, 1000, kPuzzleImage, {kTiles * 3, kTile, kTile}};
    jigsaw.keep_dataset_normalisation = false;  // 0..1, NASLib's norm=False
    return std::vector<TaskProtocol>{object, scene, autoencoder, jigsaw};
  }();
  return list;
}

const TaskProtocol* find_task(const std::string& name) {
  for (const auto& t : known_tasks())
    if (t.name == name) return &t;
  return nullptr;
}

Expected<std::vector<std::vector<std::int64_t>>> read_permutations(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorKind::io, "cannot read the permutation set '" + path + "'");
  std::vector<std::vector<std::int64_t>> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::vector<std::int64_t> perm;
    std::int64_t v;
    while (fields >> v) perm.push_back(v);
    std::vector<bool> seen(kTiles, false);
    bool ok = perm.size() == static_cast<std::size_t>(kTiles) && fields.eof();
    for (auto p : perm) ok = ok && p >= 0 && p < kTiles && !seen[static_cast<std::size_t>(p)] && (seen[static_cast<std::size_t>(p)] = true);
    if (!ok) return Error(ErrorKind::invalid_argument, path + ":" + std::to_string(number) +
                                                           ": not a permutation of the 9 tiles 0..8: '" + line + "'");
    out.push_back(std::move(perm));
  }
  if (out.empty()) return Error(ErrorKind::invalid_argument, path + ": holds no permutation");
  return out;
}

Expected<std::vector<Batch>> task_batches(const TaskProtocol& task, std::vector<Batch> images, std::uint64_t seed,
                                          const std::vector<std::string>& data_dirs) {
  at::Generator gen = at::detail::createCPUGenerator(seed ^ 0x7a5cULL);
  std::vector<std::vector<std::int64_t>> permutations;
  if (task.target == TaskTarget::puzzle) {
    auto path = locate_data_file("task 'jigsaw'", kPermutationFile, data_dirs);
    if (!path) return std::move(path).error();
    auto read = read_permutations(*path);
    if (!read) return std::move(read).error();
    permutations = std::move(*read);
  }
  for (auto& b : images) {
    switch (task.target) {
      case TaskTarget::random_class:
        b.labels = at::randint(0, task.classes, {b.inputs.size(0)}, gen, at::TensorOptions().dtype(at::kLong));
        break;
      case TaskTarget::image: b.labels = b.inputs.clone(); break;
      case TaskTarget::puzzle: b = puzzles(b.inputs, permutations, gen); break;
    }
  }
  return images;
}

LossFunction task_loss(const TaskProtocol& task) {
  if (task.loss == "l1")
    return [](const at::Tensor& output, const at::Tensor& target) { return F::l1_loss(output, target); };
  return {};
}

}  // namespace zcnas::data
