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
class EvidenceChain {
  struct Node {
    Evidence step;
    std::shared_ptr<const Node> next;
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

  // `step`, then the first `limit - 1` steps of `tail`.
  static EvidenceChain prepend(Evidence step, const EvidenceChain &tail, size_t limit);
  // The steps of `a`, then those of `b`.
  static EvidenceChain concat(const EvidenceChain &a, const EvidenceChain &b);

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
  std::shared_ptr<const Node> head_;
  size_t size_ = 0;  // steps shown: a shared tail may go on beyond them
};

}  // namespace boundwise
