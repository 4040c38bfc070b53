#include "data/datasets.hpp"

#include <boost/filesystem/operations.hpp>

#include <cmath>

#include "data/loaders.hpp"
#include "util/suggest.hpp"

namespace zcnas::data {

namespace {

// Normalisation constants as NAS-Bench-201 (AutoDL) and torchvision train with.
const Normalisation kCifar10{{125.3 / 255, 123.0 / 255, 113.9 / 255}, {63.0 / 255, 62.1 / 255, 66.7 / 255}};
const Normalisation kCifar100{{129.3 / 255, 124.1 / 255, 112.4 / 255}, {68.2 / 255, 65.4 / 255, 70.4 / 255}};
const Normalisation kImageNet16{{122.68 / 255, 116.66 / 255, 104.01 / 255}, {63.22 / 255, 61.26 / 255, 65.09 / 255}};
const Normalisation kImageNet{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}};

Expected<std::string> locate(const std::string& dataset, const std::string& relative,
                             const std::vector<std::string>& dirs) {
  return locate_data_file("dataset '" + dataset + "'", relative, dirs);
}

Expected<ImageSet> named(Expected<ImageSet> set, const std::string& name, const Normalisation& norm) {
  if (!set) return set;
  set->name = name;
  set->normalisation = norm;
  return set;
}

}  // namespace

Expected<std::string> locate_data_file(const std::string& who, const std::string& relative,
                                       const std::vector<std::string>& data_dirs) {
  for (const auto& d : data_dirs) {
    const std::string candidate = d + "/" + relative;
    boost::system::error_code ec;
    if (boost::filesystem::exists(candidate, ec)) return candidate;
  }
  std::string searched;
  for (const auto& d : data_dirs) searched += (searched.empty() ? "" : ", ") + d;
  return Error(ErrorKind::io, who + " needs '" + relative + "', found in none of: " +
                                  (searched.empty() ? std::string("(no data directories)") : searched) +
                                  " (set $ZCNAS_DATA_PATH to the folder holding " +
                                  relative.substr(0, relative.find('/') + 1) + ")");
}

const std::vector<DatasetInfo>& known_datasets() {
  static const std::vector<DatasetInfo> list = {
      {"cifar10", "CIFAR-10 training images 0..999 (data_batch_1), 10 classes, 32x32", false},
      {"cifar10-test", "CIFAR-10 test images 0..999, 10 classes, 32x32", false},
      {"cifar100", "654 CIFAR-100 test images, 100 classes, 32x32", false},
      {"imagenet16-120", "279 ImageNet images of the 120 ImageNet16-120 classes, 16x16", false},
      {"imagenet", "256 ILSVRC2012 validation images (one per class), resized and centre-cropped", false},
      {"gaussian", "N(0, 1) inputs drawn from the seed, uniform random labels", true},
      {"ones", "all-ones inputs, uniform random labels", true},
  };
  return list;
}

const DatasetInfo* find_dataset(const std::string& name) {
  for (const auto& d : known_datasets())
    if (d.name == name) return &d;
  return nullptr;
}

Expected<ImageSet> load_dataset(const std::string& name, const std::vector<std::string>& data_dirs,
                                std::int64_t image_size) {
  if (name == "cifar10" || name == "cifar10-test") {
    const bool test = name == "cifar10-test";
    auto png = locate(name, test ? "images/cifar10/cifar10_batch_50.png" : "images/cifar10/cifar10_batch_0.png",
                      data_dirs);
    if (!png) return std::move(png).error();
    auto labels = locate(name, "images/cifar10/cifar10_labels.js", data_dirs);
    if (!labels) return std::move(labels).error();
    return named(read_cifar10_sprite(*png, *labels, test ? 50 : 0), name, kCifar10);
  }
  if (name == "cifar100") {
    auto file = locate(name, "images/cifar100/cifar100_test654_fine.bin", data_dirs);
    if (!file) return std::move(file).error();
    auto set = named(read_label_records(*file, 32, 32), name, kCifar100);
    if (set) set->num_classes = 100;
    return set;
  }
  if (name == "imagenet16-120") {
    auto file = locate(name, "images/imagenet16_120/imagenet16_120_279.bin", data_dirs);
    if (!file) return std::move(file).error();
    auto set = named(read_label_records(*file, 16, 16), name, kImageNet16);
    if (set) set->num_classes = 120;
    return set;
  }
  if (name == "imagenet") {
    auto folder = locate(name, "images/imagenet/data", data_dirs);
    if (!folder) return std::move(folder).error();
    auto labels = locate(name, "images/imagenet/labels.txt", data_dirs);
    if (!labels) return std::move(labels).error();
    const int resize = static_cast<int>(std::lround(static_cast<double>(image_size) / 0.875));
    return named(read_jpeg_folder(*folder, *labels, resize, static_cast<int>(image_size)), name, kImageNet);
  }
  std::vector<std::string> names;
  for (const auto& d : known_datasets()) names.push_back(d.name);
  if (find_dataset(name))
    return Error(ErrorKind::invalid_argument, "dataset '" + name + "' is synthetic: it has no files to load");
  return Error(ErrorKind::invalid_argument, "unknown dataset '" + name + "'" + util::did_you_mean(name, names) +
                                                "; known: " + util::join(names));
}

}  // namespace zcnas::data
