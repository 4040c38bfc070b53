#pragma once
// Rank agreement between two score lists over the same architectures: the measures every
// zero-cost NAS paper reports. Pairs where either value is NaN are dropped first.

#include <cstddef>
#include <vector>

namespace zcnas::stats {

// Ranks 1..n, ties sharing their average rank (as scipy.stats.rankdata).
std::vector<double> average_ranks(const std::vector<double>& values);

double pearson(const std::vector<double>& a, const std::vector<double>& b);
// Pearson of the average ranks (scipy.stats.spearmanr).
double spearman(const std::vector<double>& a, const std::vector<double>& b);
// Kendall's tau-b (scipy.stats.kendalltau's default); O(n^2), a second for 20,000 pairs.
double kendall_tau(const std::vector<double>& a, const std::vector<double>& b);

// Both lists with the pairs holding a NaN removed.
void drop_nan_pairs(std::vector<double>& a, std::vector<double>& b);

}  // namespace zcnas::stats
