#pragma once
// A directed graph over function ids, and its strongly connected components.
#include <vector>

namespace boundwise {

class CallGraph {
 public:
  explicit CallGraph(int nodes) : edges_(nodes) {}
  void addEdge(int from, int to) { edges_[from].push_back(to); }
  bool hasSelfEdge(int node) const;
  // Tarjan's algorithm (iterative: deep call chains do not overflow the stack). Components
  // come callees first: every component appears after all components it calls into.
  std::vector<std::vector<int>> componentsCalleesFirst() const;

 private:
  std::vector<std::vector<int>> edges_;
};

}  // namespace boundwise
