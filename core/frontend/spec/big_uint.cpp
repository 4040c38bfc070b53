#include "spec/big_uint.hpp"

#include <algorithm>

namespace zcnas::spec {

BigUint::BigUint(std::uint64_t v) {
  while (v) {
    limbs_.push_back(static_cast<std::uint32_t>(v));
    v >>= 32;
  }
}

void BigUint::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

BigUint& BigUint::operator+=(const BigUint& o) {
  std::uint64_t carry = 0;
  limbs_.resize(std::max(limbs_.size(), o.limbs_.size()) + 1, 0);
  for (std::size_t i = 0; i < limbs_.size(); ++i) {
    const std::uint64_t sum = carry + limbs_[i] + (i < o.limbs_.size() ? o.limbs_[i] : 0);
    limbs_[i] = static_cast<std::uint32_t>(sum);
    carry = sum >> 32;
  }
  trim();
  return *this;
}

BigUint& BigUint::operator*=(const BigUint& o) {
  std::vector<std::uint32_t> out(limbs_.size() + o.limbs_.size() + 1, 0);
  for (std::size_t i = 0; i < limbs_.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < o.limbs_.size() || carry; ++j) {
      const std::uint64_t cur =
          out[i + j] + carry + static_cast<std::uint64_t>(limbs_[i]) * (j < o.limbs_.size() ? o.limbs_[j] : 0);
      out[i + j] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
  }
  limbs_ = std::move(out);
  trim();
  return *this;
}

std::string BigUint::to_string() const {
  if (limbs_.empty()) return "0";
  std::vector<std::uint32_t> n = limbs_;
  std::string digits;
  while (!n.empty()) {
    std::uint64_t rem = 0;
    for (std::size_t i = n.size(); i-- > 0;) {
      const std::uint64_t cur = (rem << 32) | n[i];
      n[i] = static_cast<std::uint32_t>(cur / 10);
      rem = cur % 10;
    }
    digits.push_back(static_cast<char>('0' + rem));
    while (!n.empty() && n.back() == 0) n.pop_back();
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

double BigUint::to_double() const {
  double v = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) v = v * 4294967296.0 + limbs_[i];
  return v;
}

std::uint64_t BigUint::to_u64() const {
  std::uint64_t v = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) v = (v << 32) | limbs_[i];
  return v;
}

}  // namespace zcnas::spec
