#include <utility>

#include "check/data_dates.h"
#include "levers/check.h"

namespace levers {
namespace {

GuideReview Review(GuideReview::Basis basis, const Date& due, const Date& from) {
  GuideReview r;
  r.basis = basis;
  r.due = due;
  r.from = from;
  return r;
}

}  // namespace

int64_t GuideReview::DaysOverdue(const Date& today) const {
  const int64_t days = today.DaysSinceEpoch() - due.DaysSinceEpoch();
  return days > 0 ? days : 0;
}

std::optional<GuideReview> FindGuideReview(
    const Guide& g, const std::function<bool(std::string_view key)>& refused) {
  auto was_refused = [&](std::string_view key) { return refused && refused(key); };
  if (g.next_review_due.has()) {
    return Review(GuideReview::Basis::kNextReviewDue, *g.next_review_due, *g.next_review_due);
  }
  const bool front_matter = g.has_front_matter && g.front_matter_read;
  // A next_review_due the reader refused is not absent: a span from
  // last_updated would guess it. Nor is a refused last_updated, which the
  // evidence would guess.
  if (front_matter && was_refused("next_review_due")) return std::nullopt;
  if (front_matter && !g.last_updated.has() && was_refused("last_updated")) return std::nullopt;
  if (front_matter && g.last_updated.has()) {
    return Review(GuideReview::Basis::kLastUpdated,
                  internal::AddMonths(*g.last_updated, kDataReviewMonths), *g.last_updated);
  }
  // The newest date over every evidence item, the first of equals.
  std::optional<internal::DataDate> newest;
  size_t item = 0;
  for (size_t i = 0; i < g.evidence.size(); ++i) {
    std::optional<internal::DataDate> d = internal::NewestDataDate(*g.evidence[i]);
    if (d && (!newest || newest->from < d->from)) {
      newest = std::move(d);
      item = i;
    }
  }
  if (!newest) return std::nullopt;
  GuideReview r = Review(GuideReview::Basis::kEvidence,
                         internal::AddMonths(newest->from, kDataReviewMonths), newest->from);
  r.evidence_text = std::move(newest->text);
  r.evidence_item = item;
  r.evidence_begin = newest->begin;
  r.evidence_end = newest->end;
  return r;
}

}  // namespace levers
