// The bookkeeping behind HttpListener's cap on open connections.
//
// CountedSlot: one place under a limit, counted in an atomic its holders
// share. It is taken only while the count is below the limit, given back by
// exactly one destructor, and moved (never copied) in between, so a place
// handed from a connection closed to make room to the one that takes it is
// neither counted twice nor lost. Thread-safety: TryTake from any thread; a
// slot itself is a value owned by one thread at a time.
//
// IdleConnections<Connection>: the connections that hold a slot with no
// request in progress (waiting for the first byte of one), oldest first, so
// the one idle longest can be taken to make room for a newcomer. It holds
// weak references: a connection that is gone is skipped. Thread-safety: every
// member may be called from any thread (one mutex, held for a map operation).
#ifndef LEVERS_SERVER_IDLE_CONNECTIONS_H_
#define LEVERS_SERVER_IDLE_CONNECTIONS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace levers::internal {

class CountedSlot {
 public:
  // A slot when `count` is below `limit` (and `count` is then one more);
  // nothing when it is not. `count` must outlive the slot.
  static std::optional<CountedSlot> TryTake(std::atomic<size_t>& count, size_t limit) {
    size_t seen = count.load(std::memory_order_relaxed);
    while (seen < limit) {
      if (count.compare_exchange_weak(seen, seen + 1, std::memory_order_relaxed))
        return CountedSlot(count);
    }
    return std::nullopt;
  }

  CountedSlot(CountedSlot&& other) noexcept : count_(other.count_) { other.count_ = nullptr; }
  CountedSlot& operator=(CountedSlot&& other) noexcept {
    if (this != &other) {
      GiveBack();
      count_ = other.count_;
      other.count_ = nullptr;
    }
    return *this;
  }
  CountedSlot(const CountedSlot&) = delete;
  CountedSlot& operator=(const CountedSlot&) = delete;
  ~CountedSlot() { GiveBack(); }

 private:
  explicit CountedSlot(std::atomic<size_t>& count) : count_(&count) {}
  void GiveBack() {
    if (count_ != nullptr) count_->fetch_sub(1, std::memory_order_relaxed);
    count_ = nullptr;
  }

  std::atomic<size_t>* count_;
};

template <typename Connection>
class IdleConnections {
 public:
  // Names one entry; 0 names none.
  using Ticket = uint64_t;

  // Enters `connection`, idle from now: after every connection entered before.
  Ticket Add(std::weak_ptr<Connection> connection) {
    std::lock_guard lock(mu_);
    const Ticket ticket = next_++;
    idle_.emplace_hint(idle_.end(), ticket, std::move(connection));
    return ticket;
  }

  // Takes the entry out. False when it was no longer there: taken by
  // TakeLongestIdle (or never entered: ticket 0).
  bool Remove(Ticket ticket) {
    if (ticket == 0) return false;
    std::lock_guard lock(mu_);
    return idle_.erase(ticket) == 1;
  }

  // Takes out the entry idle longest whose connection is still there, and
  // returns that connection; null when there is none. Entries of connections
  // gone are dropped on the way.
  std::shared_ptr<Connection> TakeLongestIdle() {
    std::lock_guard lock(mu_);
    while (!idle_.empty()) {
      std::shared_ptr<Connection> oldest = idle_.begin()->second.lock();
      idle_.erase(idle_.begin());
      if (oldest) return oldest;
    }
    return nullptr;
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return idle_.size();
  }

 private:
  mutable std::mutex mu_;
  Ticket next_ = 1;
  std::map<Ticket, std::weak_ptr<Connection>> idle_;  // by ticket: the order they became idle
};

}  // namespace levers::internal

#endif  // LEVERS_SERVER_IDLE_CONNECTIONS_H_
