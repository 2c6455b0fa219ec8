#include "analyzer/core/call_graph.h"

#include <algorithm>

namespace boundwise {

bool CallGraph::hasSelfEdge(int node) const {
  return std::find(edges_[node].begin(), edges_[node].end(), node) != edges_[node].end();
}

std::vector<std::vector<int>> CallGraph::componentsCalleesFirst() const {
  const int n = int(edges_.size());
  std::vector<int> index(n, -1), low(n, 0), stack;
  std::vector<char> onStack(n, 0);
  std::vector<std::vector<int>> components;
  struct Frame {
    int node;
    size_t next;
  };
  std::vector<Frame> frames;
  int counter = 0;
  for (int root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = 1;
    while (!frames.empty()) {
      Frame &fr = frames.back();
      const int v = fr.node;
      if (fr.next < edges_[v].size()) {
        const int w = edges_[v][fr.next++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = 1;
          frames.push_back({w, 0});
        } else if (onStack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::vector<int> component;
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          onStack[w] = 0;
          component.push_back(w);
        } while (w != v);
        std::sort(component.begin(), component.end());
        components.push_back(std::move(component));
      }
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[v]);
    }
  }
  return components;
}

}  // namespace boundwise
