// CIFAR-10 from the ConvNetJS sprites (data/images/cifar10/SOURCE.md): 1000 images per PNG,
// one image per row of 1024 RGB pixels, labels in a JavaScript array.

#include <png.h>
#include <torch/torch.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "data/loaders.hpp"

namespace zcnas::data {

namespace {

Expected<std::vector<std::int64_t>> read_js_labels(const std::string& file) {
  std::ifstream in(file);
  if (!in) return Error(ErrorKind::io, "cannot open label file '" + file + "'");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const auto open = s.find('[');
  const auto close = s.find(']', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos)
    return Error(ErrorKind::parse, "'" + file + "' holds no JavaScript array [ ... ] of labels");
  std::vector<std::int64_t> labels;
  std::istringstream items(s.substr(open + 1, close - open - 1));
  std::string item;
  while (std::getline(items, item, ',')) {
    try {
      std::size_t used = 0;
      const long v = std::stol(item, &used);
      if (v < 0 || v > 9) throw std::out_of_range("label");
      labels.push_back(v);
    } catch (const std::exception&) {
      return Error(ErrorKind::parse, "'" + file + "': label " + std::to_string(labels.size()) + " is '" + item +
                                         "', not a class 0..9");
    }
  }
  return labels;
}

}  // namespace

Expected<ImageSet> read_cifar10_sprite(const std::string& png_file, const std::string& labels_js, int batch_number) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, png_file.c_str()))
    return Error(ErrorKind::io, "cannot read PNG '" + png_file + "': " + image.message);
  if (image.width != 1024) {
    png_image_free(&image);
    return Error(ErrorKind::parse, "'" + png_file + "' is " + std::to_string(image.width) +
                                       " pixels wide; a CIFAR-10 sprite has 1024 (one 32x32 image per row)");
  }
  image.format = PNG_FORMAT_RGB;
  const std::int64_t rows = image.height;
  std::vector<std::uint8_t> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr))
    return Error(ErrorKind::io, "cannot decode PNG '" + png_file + "': " + image.message);

  auto labels = read_js_labels(labels_js);
  if (!labels) return std::move(labels).error();
  const std::int64_t first = std::int64_t{1000} * batch_number;
  if (static_cast<std::int64_t>(labels->size()) < first + rows)
    return Error(ErrorKind::parse, "'" + labels_js + "' has " + std::to_string(labels->size()) +
                                       " labels; sprite batch " + std::to_string(batch_number) + " needs " +
                                       std::to_string(first + rows));

  ImageSet set;
  set.name = "cifar10";
  set.source = png_file;
  set.num_classes = 10;
  // Row r, pixel j = (y, x) = (j / 32, j % 32), channel c: HWC per row -> CHW.
  set.images = torch::from_blob(pixels.data(), {rows, 32, 32, 3}, torch::kUInt8).permute({0, 3, 1, 2}).contiguous();
  set.labels = torch::tensor(std::vector<std::int64_t>(labels->begin() + first, labels->begin() + first + rows),
                             torch::kLong);
  return set;
}

}  // namespace zcnas::data
