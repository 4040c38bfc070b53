#pragma once
// Tasks: what a network of a multi-task space is scored on. A space lists the tasks its
// network body builds heads for (`tasks = [...]` in its .zc file) and reads the chosen one
// as its setting `task`; the task fixes what the batches hold and which loss the proxies
// differentiate. TransNAS-Bench-101's four (Duan et al., CVPR 2021, as NASLib trains them,
// naslib/utils/dataset.py and load_ops.py at 0b51bc18):
//   class_object, class_scene  100 / 63-way classifiers on 256 x 256 images, cross-entropy;
//   autoencoder                the image itself as the target of a pix2pix decoder, L1 loss,
//                              images normalised to -1..1 (mean 0.5, std 0.5);
//   jigsaw                     a 3 x 3 puzzle of 64 x 64 tiles cut from the 255 x 255 image
//                              (centre crop 0.9, resized back, one random 64 x 64 crop in
//                              each 85 x 85 cell, cells ordered by one of 1,000 permutations),
//                              the permutation's index as the class, cross-entropy; tiles not
//                              normalised (0..1). The 9 tiles of a sample lie on its channels:
//                              [27, 64, 64], tile t in channels 3t..3t+2.
// The shipped images are not Taskonomy's: class labels are drawn at random (the images have
// no Taskonomy classes) and every protocol says so.

#include <cstdint>
#include <string>
#include <vector>

#include "data/image_set.hpp"
#include "zcnas/error.hpp"
#include "zcnas/probe/context.hpp"

namespace zcnas::data {

enum class TaskTarget : std::uint8_t { random_class, image, puzzle };

struct TaskProtocol {
  std::string name;
  std::string description;
  TaskTarget target = TaskTarget::random_class;
  std::int64_t classes = 0;                // outputs of the head; 0: the target is an image
  std::int64_t image_size = 256;           // images are loaded at this H = W
  std::vector<std::int64_t> input_shape;   // what the network takes per sample
  std::vector<std::int64_t> output_shape;  // what it gives per sample; empty: [classes]
  Normalisation normalisation;             // of the images, on the 0..1 scale
  bool keep_dataset_normalisation = true;  // false: `normalisation` replaces the dataset's
  std::string loss = "cross_entropy";      // or "l1"
};

const std::vector<TaskProtocol>& known_tasks();
const TaskProtocol* find_task(const std::string& name);

// The task's batches from image batches drawn at `task.image_size` and normalised as the
// task says: targets (random classes, the image, puzzles and their permutation) drawn from
// `seed`. `data_dirs` locate the jigsaw permutation set (transnas/permutations_hamming_max_1000.txt).
Expected<std::vector<Batch>> task_batches(const TaskProtocol& task, std::vector<Batch> images, std::uint64_t seed,
                                          const std::vector<std::string>& data_dirs);

// The loss the proxies differentiate on the task's batches (empty: cross-entropy).
LossFunction task_loss(const TaskProtocol& task);

// Reads a permutation set: one permutation of 0..8 per line. Errors name the file and line.
Expected<std::vector<std::vector<std::int64_t>>> read_permutations(const std::string& path);

}  // namespace zcnas::data
