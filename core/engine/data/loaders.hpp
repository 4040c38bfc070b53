#pragma once
// Readers for the image formats zcnas ships (data/images/README.md says where each file
// comes from). Each returns images as uint8 N x 3 x H x W and labels as int64, or an error
// naming the file and what is wrong with it.

#include <string>

#include "data/image_set.hpp"
#include "zcnas/error.hpp"

namespace zcnas::data {

// CIFAR-10 as the ConvNetJS sprites: a PNG of 1000 rows x 1024 RGB pixels (one 32x32 image
// per row) and a JavaScript array of labels, where row r of batch B has label[1000*B + r].
Expected<ImageSet> read_cifar10_sprite(const std::string& png_file, const std::string& labels_js, int batch_number);

// CIFAR-10-style binary records: one label byte, then the R, G and B planes (H x W each).
// CIFAR-100 (32x32) and ImageNet16-120 (16x16) are shipped in this layout.
Expected<ImageSet> read_label_records(const std::string& file, int height, int width);

// A folder of JPEGs with a label file of lines "<file name> <label> [anything]". Each image
// is resized (shorter side to `resize`, bilinear) and centre-cropped to `crop` x `crop`.
Expected<ImageSet> read_jpeg_folder(const std::string& folder, const std::string& labels_file, int resize, int crop);

}  // namespace zcnas::data
