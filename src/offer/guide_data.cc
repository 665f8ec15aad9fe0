#include "levers/offer.h"

namespace levers {

GuideData DescribeGuideData(const Guide& guide, const std::optional<Date>& today) {
  GuideData d;
  if (guide.data_quality.has()) d.data_quality = *guide.data_quality;
  if (guide.salary_data_quarter.has()) d.salary_data_quarter = *guide.salary_data_quarter;
  if (guide.last_updated.has()) d.last_updated = *guide.last_updated;
  if (guide.next_review_due.has()) d.next_review_due = *guide.next_review_due;
  d.review = FindGuideReview(guide);
  d.as_of = today;
  if (d.review && today) d.overdue_days = d.review->DaysOverdue(*today);
  return d;
}

}  // namespace levers
