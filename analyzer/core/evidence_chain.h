#pragma once
// Evidence: the steps (a call, a rule, a loop) that decided a verdict, as chains that share
// their tails.
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace boundwise {

struct Evidence {
  std::string path;
  int line = 0;
  int column = 0;
  std::string message;
};

// The evidence behind a verdict, caller first. Chains share their tails: a call's verdict is
// one new step in front of its callee's chain, so whole-program classification never copies
// a chain (it used to copy up to kMaxChain steps for every call site and summary). Read it
// like a vector; toVector() gives a finding its own copy.
//
// A chain longer than its limit keeps its first steps and its last ones (the rule or loop that
// decided), with one step in between that says how many were left out: a call 20 helpers
// above a `time.sleep` is still reported, and its evidence still ends at the sleep.
class EvidenceChain {
  struct Node {
    Evidence step;
    std::shared_ptr<const Node> next;
    size_t omitted = 0;                            // > 0: this step stands for that many left out
    std::shared_ptr<const Evidence> firstOmitted;  // the first of them
  };

 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Evidence;
    using difference_type = std::ptrdiff_t;
    using pointer = const Evidence *;
    using reference = const Evidence &;
    iterator() = default;
    iterator(const Node *node, size_t left) : node_(left ? node : nullptr), left_(left) {}
    reference operator*() const { return node_->step; }
    pointer operator->() const { return &node_->step; }
    iterator &operator++() {
      node_ = --left_ ? node_->next.get() : nullptr;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    bool operator==(const iterator &o) const { return node_ == o.node_; }

   private:
    const Node *node_ = nullptr;
    size_t left_ = 0;
  };

  EvidenceChain() = default;
  EvidenceChain(std::initializer_list<Evidence> steps);

  // `step`, then `tail`, in at most `limit` steps: when longer, the last steps stay (up to 3,
  // at most a third of the limit) and the steps before them, down to the limit, are replaced
  // by one "... N more steps left out" step at the place of the first one left out. A limit
  // below 3 cuts the end instead.
  static EvidenceChain prepend(Evidence step, const EvidenceChain &tail, size_t limit);
  // The steps of `a`, then those of `b`.
  static EvidenceChain concat(const EvidenceChain &a, const EvidenceChain &b);

  // Steps in the chain, counting those a "left out" step stands for.
  size_t fullSize() const;
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  iterator begin() const { return iterator(head_.get(), size_); }
  iterator end() const { return iterator(); }
  const Evidence &front() const { return head_->step; }
  const Evidence &back() const;
  const Evidence &operator[](size_t i) const;
  void push_back(Evidence step);  // copies the chain's nodes unless it is empty
  std::vector<Evidence> toVector() const { return std::vector<Evidence>(begin(), end()); }

 private:
  static EvidenceChain prependNode(Node node, const EvidenceChain &tail);

  std::shared_ptr<const Node> head_;
  size_t size_ = 0;  // steps shown: a shared tail may go on beyond them (a limit below 3)
};

}  // namespace boundwise
