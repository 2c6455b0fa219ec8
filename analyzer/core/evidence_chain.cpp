#include "analyzer/core/evidence_chain.h"

#include <algorithm>

namespace boundwise {

EvidenceChain::EvidenceChain(std::initializer_list<Evidence> steps) {
  for (const Evidence &e : steps) push_back(e);
}

EvidenceChain EvidenceChain::prependNode(Node node, const EvidenceChain &tail) {
  node.next = tail.head_;
  EvidenceChain c;
  c.head_ = std::make_shared<const Node>(std::move(node));
  c.size_ = tail.size_ + 1;
  return c;
}

EvidenceChain EvidenceChain::prepend(Evidence step, const EvidenceChain &tail, size_t limit) {
  EvidenceChain c;
  if (limit == 0) return c;
  if (tail.size_ < limit || limit < 3) {
    c = prependNode(Node{std::move(step), nullptr, 0, nullptr}, tail);
    c.size_ = std::min(limit, c.size_);
    return c;
  }
  // step + tail is one step too long, or more: keep `head` steps from the front (step and the
  // first head - 1 of tail), one step for the middle, and the last `end` steps of tail, shared.
  const size_t total = tail.size_ + 1;
  const size_t end = std::min<size_t>(3, (limit - 1) / 2);
  const size_t head = limit - 1 - end;
  std::vector<const Node *> front;  // tail's steps that stay in front
  front.reserve(head - 1);
  const std::shared_ptr<const Node> *link = &tail.head_;  // the owner of the step at i
  size_t i = 0;
  for (; i + 1 < head; ++i, link = &(*link)->next) front.push_back(link->get());
  size_t omitted = 0;
  std::shared_ptr<const Evidence> first;
  for (; i + 1 < total - end; ++i, link = &(*link)->next) {
    const Node &n = **link;
    if (!first) first = n.omitted ? n.firstOmitted : std::make_shared<const Evidence>(n.step);
    omitted += n.omitted ? n.omitted : 1;
  }
  EvidenceChain rest;
  rest.head_ = *link;
  rest.size_ = end;
  Evidence marker{first->path, first->line, first->column,
                  "... " + std::to_string(omitted) + " more steps left out (the first: " + first->message + ")"};
  rest = prependNode(Node{std::move(marker), nullptr, omitted, first}, rest);
  for (auto it = front.rbegin(); it != front.rend(); ++it) rest = prependNode(**it, rest);
  return prependNode(Node{std::move(step), nullptr, 0, nullptr}, rest);
}

EvidenceChain EvidenceChain::concat(const EvidenceChain &a, const EvidenceChain &b) {
  if (a.empty()) return b;
  // a's steps are copied (its nodes end in its own tail); b's are shared.
  std::vector<const Node *> steps;
  steps.reserve(a.size_);
  for (const Node *n = a.head_.get(); steps.size() < a.size_; n = n->next.get()) steps.push_back(n);
  EvidenceChain c = b;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) c = prependNode(**it, c);
  return c;
}

size_t EvidenceChain::fullSize() const {
  size_t total = 0, left = size_;
  for (const Node *n = head_.get(); left--; n = n->next.get()) total += n->omitted ? n->omitted : 1;
  return total;
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
