// Checking guides: consistency rules over one guide and over a corpus.
//
// Each rule reports Diagnostics with a stable code (docs/checks.md lists them
// all with an example). Checking never modifies a guide. CheckGuide is
// thread-safe for distinct sinks; CheckCorpus runs after every guide is read,
// or a CorpusChecker as each is read, in corpus order.
#ifndef LEVERS_CHECK_H_
#define LEVERS_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "levers/date.h"
#include "levers/diagnostic.h"
#include "levers/guide.h"

namespace levers {

struct CheckOptions {
  // "Today" for the review-overdue rule; without it that rule is skipped.
  std::optional<Date> today;
  // Allowed gap between a stated total comp and base + stock/years + bonus, in
  // basis points of the computed figure (500 = 5%).
  int32_t total_comp_tolerance_bp = 500;
};

// Rules over one guide.
void CheckGuide(const Guide& guide, const CheckOptions& options, DiagnosticSink& sink);
// The same, for a caller that already has `bands` == ResolveCompensation(guide)
// (levers build resolves each guide's bands once for all its outputs).
void CheckGuide(const Guide& guide, const std::vector<ResolvedBand>& bands,
                const CheckOptions& options, DiagnosticSink& sink);

// Rules across guides (two guides for the same company and role). `sinks[i]`
// receives the findings for `guides[i]`.
void CheckCorpus(const std::vector<const Guide*>& guides,
                 const std::vector<DiagnosticSink*>& sinks);

// The rules across guides, fed one guide at a time in corpus order: the
// findings CheckCorpus gives, for a caller that drops each guide once it is
// done with it. Of each company and role it keeps only the first guide's path
// and names, so its memory grows with the number of distinct guides, not with
// their size. Not thread-safe: one caller feeds it, in order.
class CorpusChecker {
 public:
  // Reports `guide` in `sink` when an earlier guide has its company and role.
  void Add(const Guide& guide, DiagnosticSink& sink);
  // The same for a guide known by its path and names: the duplicate-guide
  // message ("a second guide for X / Y; the first is PATH"), or empty when
  // no earlier guide has this company and role.
  std::string Add(const std::string& path, const std::string& company, const std::string& role);

 private:
  struct First {
    std::string path, company, role;
  };
  std::unordered_map<std::string, First> first_;  // by GuideIdentityKey
};

// The identity of a company or of a role, as `duplicate-guide` compares them
// and the store's `company` and `role` filters match them (docs/store.md):
// ASCII letters lowered and every other ASCII byte (spaces, '-', '_',
// punctuation) removed. The bytes of non-ASCII characters are kept. A
// hand-written slug, one derived from a title heading and the display name
// then agree: "huggingface-enterprise", "hugging-face-enterprise" and
// "Hugging Face Enterprise" all give "huggingfaceenterprise". A name left
// empty by this is kept as written after a '-' ("--" gives "---"), so names of
// punctuation only are still told apart, and no key is empty.
std::string GuideNameKey(std::string_view name);

// The identity `duplicate-guide` compares guides by: GuideNameKey of the
// company and of the role, joined by a NUL.
std::string GuideIdentityKey(std::string_view company, std::string_view role);

// When a guide's data is due for review, by the rules `levers check` judges it
// with (review-overdue and data-stale, docs/checks.md): its next_review_due;
// without one, kDataReviewMonths after its last_updated; without front matter
// dates, kDataReviewMonths after the first day of the newest period its
// evidence list dates its data by. A value type.
struct GuideReview {
  enum class Basis {
    kNextReviewDue,  // the front matter's next_review_due
    kLastUpdated,    // kDataReviewMonths after the front matter's last_updated
    kEvidence,       // kDataReviewMonths after the newest date in the evidence
  };
  Basis basis = Basis::kNextReviewDue;
  Date due;
  // What `due` is counted from: last_updated, or the first day of the
  // evidence date's period; `due` itself for kNextReviewDue.
  Date from;
  // kEvidence only: the date as the evidence writes it ("Q3 2025", "2026"),
  // the item of Guide::evidence it is in, and its byte offsets in that item.
  std::string evidence_text;
  size_t evidence_item = 0, evidence_begin = 0, evidence_end = 0;

  // Whole days `today` is after `due`: above 0 when the review is overdue (a
  // review due today is not).
  int64_t DaysOverdue(const Date& today) const;
};

// The review span of a guide without a next_review_due: the guides that have
// one (bundled and reference) set it 3 months after last_updated.
inline constexpr int kDataReviewMonths = 3;

// When `guide` is due for review (GuideReview), or nullopt when nothing dates
// it. `refused(key)` says whether reading refused the front matter's
// "next_review_due" or "last_updated" (a date-invalid finding): such a date is
// not taken as absent, so no review date is made up from the other (nullopt).
// Without `refused`, no date was refused.
std::optional<GuideReview> FindGuideReview(
    const Guide& guide, const std::function<bool(std::string_view key)>& refused = {});

// The total comp implied by a band's parts: base + stock / vesting years +
// base * bonus%, at the low and at the high end, in minor units (rounded down).
struct ComputedTotalComp {
  std::optional<Money> low, high;
};
ComputedTotalComp ComputeTotalComp(const CompBand& band);

}  // namespace levers

#endif  // LEVERS_CHECK_H_
