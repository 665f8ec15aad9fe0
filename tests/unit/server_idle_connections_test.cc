// CountedSlot and IdleConnections: the count under the connection cap and the
// order connections are taken in to make room, alone and from several threads.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "server/idle_connections.h"

namespace levers::internal {
namespace {

struct FakeConnection {
  int id = 0;
};

TEST(CountedSlot, IsTakenUpToTheLimitAndGivenBackOnce) {
  std::atomic<size_t> count{0};
  std::vector<CountedSlot> taken;
  for (int i = 0; i < 3; ++i) {
    auto slot = CountedSlot::TryTake(count, 3);
    ASSERT_TRUE(slot.has_value()) << i;
    taken.push_back(std::move(*slot));
  }
  EXPECT_EQ(count.load(), 3u);
  EXPECT_FALSE(CountedSlot::TryTake(count, 3).has_value());
  EXPECT_EQ(count.load(), 3u);
  // Moved from holder to holder: still one place, given back once.
  CountedSlot moved = std::move(taken.back());
  taken.pop_back();
  EXPECT_EQ(count.load(), 3u);
  std::optional<CountedSlot> handed(std::move(moved));
  EXPECT_EQ(count.load(), 3u);
  handed.reset();
  EXPECT_EQ(count.load(), 2u);
  // Assigned over: the place held before is given back, the other kept.
  taken[0] = std::move(taken[1]);
  EXPECT_EQ(count.load(), 1u);
  taken.clear();
  EXPECT_EQ(count.load(), 0u);
}

TEST(CountedSlot, ManyThreadsNeverPassTheLimit) {
  std::atomic<size_t> count{0};
  std::atomic<size_t> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20'000; ++i) {
        auto slot = CountedSlot::TryTake(count, 5);
        const size_t now = count.load();
        size_t seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        if (slot && i % 2 == 0) {
          CountedSlot passed = std::move(*slot);  // handed on, as to a newcomer
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 5u);
  EXPECT_EQ(count.load(), 0u);
}

TEST(IdleConnections, TakesTheOneIdleLongestFirst) {
  IdleConnections<FakeConnection> idle;
  std::vector<std::shared_ptr<FakeConnection>> connections;
  std::vector<IdleConnections<FakeConnection>::Ticket> tickets;
  for (int i = 0; i < 4; ++i) {
    connections.push_back(std::make_shared<FakeConnection>(FakeConnection{i}));
    tickets.push_back(idle.Add(connections.back()));
  }
  EXPECT_EQ(idle.size(), 4u);
  // The second leaves (a byte came); the first comes back, idle again: newest.
  EXPECT_TRUE(idle.Remove(tickets[1]));
  EXPECT_TRUE(idle.Remove(tickets[0]));
  tickets[0] = idle.Add(connections[0]);
  std::vector<int> order;
  while (auto c = idle.TakeLongestIdle()) order.push_back(c->id);
  EXPECT_EQ(order, (std::vector<int>{2, 3, 0}));
  EXPECT_EQ(idle.size(), 0u);
  // Taken: its own removal finds it gone.
  EXPECT_FALSE(idle.Remove(tickets[2]));
  EXPECT_FALSE(idle.Remove(tickets[1]));
  EXPECT_FALSE(idle.Remove(0));
}

TEST(IdleConnections, SkipsConnectionsThatAreGone) {
  IdleConnections<FakeConnection> idle;
  auto gone = std::make_shared<FakeConnection>(FakeConnection{1});
  auto kept = std::make_shared<FakeConnection>(FakeConnection{2});
  idle.Add(gone);
  idle.Add(kept);
  gone.reset();
  const auto taken = idle.TakeLongestIdle();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(taken->id, 2);
  EXPECT_EQ(idle.TakeLongestIdle(), nullptr);
}

// Owners entering and leaving while takers take: each entry leaves exactly
// once, by its owner's Remove or by one taker.
TEST(IdleConnections, EachEntryLeavesOnceAcrossThreads) {
  IdleConnections<FakeConnection> idle;
  std::atomic<int> removed{0}, taken{0};
  std::atomic<bool> owners_done{false};
  constexpr int kOwners = 3, kRounds = 5'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kOwners; ++t) {
    threads.emplace_back([&, t] {
      auto mine = std::make_shared<FakeConnection>(FakeConnection{t});
      for (int i = 0; i < kRounds; ++i) {
        const auto ticket = idle.Add(mine);
        if (idle.Remove(ticket)) removed.fetch_add(1);
      }
    });
  }
  std::thread taker([&] {
    while (!owners_done.load()) {
      if (auto c = idle.TakeLongestIdle()) taken.fetch_add(1);
    }
  });
  for (auto& t : threads) t.join();
  owners_done = true;
  taker.join();
  EXPECT_EQ(removed.load() + taken.load(), kOwners * kRounds);
  EXPECT_EQ(idle.size(), 0u);
}

}  // namespace
}  // namespace levers::internal
