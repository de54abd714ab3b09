import FerryTestSupport
import Foundation
@testable import FerryAnalyze

/// Runs networkx (installed by `make test-deps`) on a graph a test built, as an independent implementation.
enum Networkx {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Result: Decodable {
        var pagerank: [Double]
        var in_strength: [Double]
        var out_strength: [Double]
        var betweenness_hops: [Double]
        var betweenness_weighted: [Double]
        var constraint: [Double?]
        var effective_size: [Double?]
        var louvain_modularity: Double
        var modularity_of: Double
    }

    static let script = #"""
import json, math, sys
import networkx as nx
data = json.load(open(sys.argv[1]))
n = data["n"]
G = nx.DiGraph()
G.add_nodes_from(range(n))
for s, t, w in data["edges"]:
    G.add_edge(s, t, weight=w)
pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-14, max_iter=10000)
R = nx.Graph()
R.add_nodes_from(range(n))
for s, t, w in data["edges"]:
    if G.has_edge(t, s) and s != t:
        R.add_edge(s, t, weight=w + G[t][s]["weight"], distance=1.0 / (w + G[t][s]["weight"]))
bh = nx.betweenness_centrality(R, normalized=False)
bw = nx.betweenness_centrality(R, normalized=False, weight="distance")
c = nx.constraint(G, weight="weight")
# nodes= selects networkx's definitional loop; its vectorized path (taken without nodes when scipy is
# present) disagrees with that loop by up to 0.15 on small directed graphs, so it is not the reference.
e = nx.effective_size(G, nodes=list(G), weight="weight")
U = nx.Graph()
U.add_nodes_from(range(n))
for s, t, w in data["edges"]:
    if s == t: continue
    if U.has_edge(s, t): U[s][t]["weight"] += w
    else: U.add_edge(s, t, weight=w)
lou = nx.community.louvain_communities(U, weight="weight", resolution=1.0, seed=42)
lm = nx.community.modularity(U, lou, weight="weight", resolution=1.0)
labels = data["labels"]
groups = {}
for node, label in enumerate(labels): groups.setdefault(label, set()).add(node)
mo = nx.community.modularity(U, list(groups.values()), weight="weight", resolution=1.0)
def clean(x): return None if x is None or (isinstance(x, float) and math.isnan(x)) else x
print(json.dumps({
  "pagerank": [pr[i] for i in range(n)],
  "in_strength": [G.in_degree(i, weight="weight") for i in range(n)],
  "out_strength": [G.out_degree(i, weight="weight") for i in range(n)],
  "betweenness_hops": [bh[i] for i in range(n)],
  "betweenness_weighted": [bw[i] for i in range(n)],
  "constraint": [clean(c[i]) for i in range(n)],
  "effective_size": [clean(e[i]) for i in range(n)],
  "louvain_modularity": lm, "modularity_of": mo}))
"""#

    static func run(nodeCount: Int, edges: [(source: Int32, target: Int32, weight: Double)], labels: [Int]) async throws -> Result {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let input = directory.url.appending(path: "graph.json")
        let scriptFile = directory.url.appending(path: "measures.py")
        let payload: [String: Any] = ["n": nodeCount, "edges": edges.map { [Int($0.source), Int($0.target), $0.weight] as [Any] }, "labels": labels]
        try JSONSerialization.data(withJSONObject: payload).write(to: input)
        try Data(script.utf8).write(to: scriptFile)
        let result = try await Program.run("/usr/bin/env", ["python3", scriptFile.path(percentEncoded: false), input.path(percentEncoded: false)])
        guard result.status == 0 else {
            throw Failure(description: "networkx failed (run `make test-deps` to install it): \(result.error)")
        }
        return try JSONDecoder().decode(Result.self, from: result.outputData)
    }
}
