// CIFAR-10-style binary records (1 label byte + R, G, B planes): the layout CIFAR-100 and
// ImageNet16-120 are shipped in.

#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "data/loaders.hpp"

namespace zcnas::data {

Expected<ImageSet> read_label_records(const std::string& file, int height, int width) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error(ErrorKind::io, "cannot open image records '" + file + "'");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::int64_t pixels = std::int64_t{3} * height * width;
  const std::int64_t record = 1 + pixels;
  const auto size = static_cast<std::int64_t>(bytes.size());
  if (size == 0 || size % record != 0)
    return Error(ErrorKind::parse, "'" + file + "' is " + std::to_string(size) + " bytes, not a whole number of " +
                                       std::to_string(record) + "-byte records (1 label byte + 3x" +
                                       std::to_string(height) + "x" + std::to_string(width) + " pixels)");
  const std::int64_t n = size / record;
  ImageSet set;
  set.source = file;
  set.images = torch::empty({n, 3, height, width}, torch::kUInt8);
  set.labels = torch::empty({n}, torch::kLong);
  auto* out = set.images.data_ptr<std::uint8_t>();
  auto* labels = set.labels.data_ptr<std::int64_t>();
  std::int64_t max_label = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint8_t* r = bytes.data() + i * record;
    labels[i] = r[0];
    max_label = std::max<std::int64_t>(max_label, r[0]);
    std::copy(r + 1, r + record, out + i * pixels);
  }
  set.num_classes = max_label + 1;
  return set;
}

}  // namespace zcnas::data
