#include "levers/edit_distance.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace levers {

size_t EditDistance(std::string_view a, std::string_view b) {
  a = a.substr(0, 64);
  b = b.substr(0, 64);
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::optional<size_t> NearestName(std::string_view word,
                                  std::span<const std::string_view> candidates, size_t below) {
  std::optional<size_t> best;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const size_t d = EditDistance(word, candidates[i]);
    if (d < below) {
      below = d;
      best = i;
    }
  }
  return best;
}

}  // namespace levers
