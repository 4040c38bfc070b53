// A folder of JPEGs with a label file (ImageNet validation images). libjpeg reports errors
// through a callback that must not return; it jumps back here instead.

#include <jpeglib.h>
#include <torch/torch.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "data/loaders.hpp"

namespace zcnas::data {

namespace {

struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr info) {
  auto* err = reinterpret_cast<JpegError*>(info->err);
  (*info->err->format_message)(info, err->message);
  std::longjmp(err->jump, 1);
}

// Decodes one JPEG to RGB, H x W x 3. Between setjmp and the end of decoding only plain C
// state is touched (the pixel buffer is malloc'd through a volatile pointer), so the
// longjmp from libjpeg's error handler skips no destructor and leaks nothing.
Expected<at::Tensor> decode_jpeg(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return Error(ErrorKind::io, "cannot open JPEG '" + path + "'");
  jpeg_decompress_struct info{};
  JpegError err{};
  info.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = on_jpeg_error;
  std::uint8_t* volatile buffer = nullptr;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&info);
    std::fclose(file);
    std::free(buffer);
    return Error(ErrorKind::parse, "cannot decode JPEG '" + path + "': " + err.message);
  }
  jpeg_create_decompress(&info);
  jpeg_stdio_src(&info, file);
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  const std::size_t stride = std::size_t{info.output_width} * 3;
  buffer = static_cast<std::uint8_t*>(std::malloc(stride * info.output_height));
  if (!buffer) on_jpeg_error(reinterpret_cast<j_common_ptr>(&info));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = buffer + info.output_scanline * stride;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  const std::int64_t h = info.output_height, w = info.output_width;
  jpeg_destroy_decompress(&info);
  std::fclose(file);
  at::Tensor pixels = torch::from_blob(buffer, {h, w, 3}, torch::kUInt8).clone();
  std::free(buffer);
  return pixels;
}

// Shorter side to `resize` (bilinear, antialiased as torchvision's Resize), then a centre crop.
at::Tensor resize_and_crop(const at::Tensor& hwc, int resize, int crop) {
  namespace F = torch::nn::functional;
  at::Tensor chw = hwc.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat);
  const double h = static_cast<double>(chw.size(2)), w = static_cast<double>(chw.size(3));
  const double scale = resize / std::min(h, w);
  const std::vector<std::int64_t> size = {std::max<std::int64_t>(crop, std::llround(h * scale)),
                                          std::max<std::int64_t>(crop, std::llround(w * scale))};
  at::Tensor resized =
      F::interpolate(chw, F::InterpolateFuncOptions().size(size).mode(torch::kBilinear).align_corners(false).antialias(true));
  const std::int64_t top = (size[0] - crop) / 2, left = (size[1] - crop) / 2;
  return resized.slice(2, top, top + crop).slice(3, left, left + crop).round().clamp(0, 255).to(torch::kUInt8).squeeze(0);
}

}  // namespace

Expected<ImageSet> read_jpeg_folder(const std::string& folder, const std::string& labels_file, int resize, int crop) {
  std::ifstream in(labels_file);
  if (!in) return Error(ErrorKind::io, "cannot open label file '" + labels_file + "'");
  std::vector<at::Tensor> images;
  std::vector<std::int64_t> labels;
  std::string line;
  int line_number = 0;
  std::int64_t max_label = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string name;
    std::int64_t label = -1;
    if (!(fields >> name >> label) || label < 0)
      return Error(ErrorKind::parse, labels_file + ":" + std::to_string(line_number) +
                                         ": expected '<file> <label>', got '" + line + "'");
    auto decoded = decode_jpeg(folder + "/" + name);
    if (!decoded) return std::move(decoded).error().with_context(labels_file + ":" + std::to_string(line_number));
    images.push_back(resize_and_crop(*decoded, resize, crop));
    labels.push_back(label);
    max_label = std::max(max_label, label);
  }
  if (images.empty()) return Error(ErrorKind::parse, "'" + labels_file + "' lists no images");
  ImageSet set;
  set.source = folder;
  set.images = torch::stack(images);
  set.labels = torch::tensor(labels, torch::kLong);
  set.num_classes = std::max<std::int64_t>(1000, max_label + 1);
  return set;
}

}  // namespace zcnas::data
