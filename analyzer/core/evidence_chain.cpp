#include "analyzer/core/evidence_chain.h"

#include <algorithm>

namespace boundwise {

EvidenceChain::EvidenceChain(std::initializer_list<Evidence> steps) {
  for (const Evidence &e : steps) push_back(e);
}

EvidenceChain EvidenceChain::prepend(Evidence step, const EvidenceChain &tail, size_t limit) {
  EvidenceChain c;
  if (limit == 0) return c;
  c.head_ = std::make_shared<const Node>(Node{std::move(step), tail.head_});
  c.size_ = std::min(limit, tail.size_ + 1);
  return c;
}

EvidenceChain EvidenceChain::concat(const EvidenceChain &a, const EvidenceChain &b) {
  if (a.empty()) return b;
  // a's steps are copied (its nodes end in its own tail); b's are shared.
  std::vector<const Evidence *> steps;
  steps.reserve(a.size_);
  for (const Evidence &e : a) steps.push_back(&e);
  EvidenceChain c = b;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) c = prepend(**it, c, c.size_ + 1);
  return c;
}

const Evidence &EvidenceChain::back() const { return (*this)[size_ - 1]; }

const Evidence &EvidenceChain::operator[](size_t i) const {
  const Node *n = head_.get();
  while (i--) n = n->next.get();
  return n->step;
}

void EvidenceChain::push_back(Evidence step) {
  *this = concat(*this, prepend(std::move(step), EvidenceChain(), 1));
}

}  // namespace boundwise
