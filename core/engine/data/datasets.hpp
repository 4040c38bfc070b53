#pragma once
// The data sources zcnas knows by name: where their shipped files live, how they are read,
// and the per-dataset normalisation each benchmark trains with.

#include <cstdint>
#include <string>
#include <vector>

#include "data/image_set.hpp"
#include "zcnas/error.hpp"

namespace zcnas::data {

struct DatasetInfo {
  std::string name;
  std::string description;
  bool synthetic = false;  // generated from the seed, no files
};

// cifar10, cifar10-test, cifar100, imagenet16-120, imagenet, gaussian, ones.
const std::vector<DatasetInfo>& known_datasets();
const DatasetInfo* find_dataset(const std::string& name);

// The first `dir/relative` of `data_dirs` that exists; else an error saying that `who`
// ("dataset 'cifar10'", "task 'jigsaw'") needs it, where it looked, and which folder
// $ZCNAS_DATA_PATH should hold (the first component of `relative`).
Expected<std::string> locate_data_file(const std::string& who, const std::string& relative,
                                       const std::vector<std::string>& data_dirs);

// Reads a named real dataset from the first of `data_dirs` that holds its files.
// `image_size` only matters for datasets stored larger than they are used (ImageNet JPEGs:
// resized to image_size / 0.875 and centre-cropped to image_size).
Expected<ImageSet> load_dataset(const std::string& name, const std::vector<std::string>& data_dirs,
                                std::int64_t image_size = 224);

}  // namespace zcnas::data
