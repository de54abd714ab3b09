import Foundation

/// Lays out a small weighted graph of groups in the unit square: a circle to start, then a fixed
/// number of Fruchterman-Reingold steps, deterministic (no randomness), so the same data draws the same.
enum GroupGraphLayout {
    static func layout(count: Int, edges: [(a: Int, b: Int, weight: Double)], iterations: Int = 200) -> [(x: Double, y: Double)] {
        guard count > 1 else { return Array(repeating: (0.5, 0.5), count: count) }
        var x = (0..<count).map { 0.5 + 0.4 * cos(2 * Double.pi * Double($0) / Double(count)) }
        var y = (0..<count).map { 0.5 + 0.4 * sin(2 * Double.pi * Double($0) / Double(count)) }
        let k = (1.0 / Double(count)).squareRoot()
        let maxWeight = max(edges.map(\.weight).max() ?? 0, 1e-9)
        for step in 0..<iterations {
            let temperature = 0.1 * (1 - Double(step) / Double(iterations))
            var dx = Array(repeating: 0.0, count: count)
            var dy = Array(repeating: 0.0, count: count)
            for i in 0..<count {
                for j in 0..<count where i != j {
                    let ddx = x[i] - x[j], ddy = y[i] - y[j]
                    let distance = max((ddx * ddx + ddy * ddy).squareRoot(), 1e-6)
                    let force = k * k / distance
                    dx[i] += ddx / distance * force
                    dy[i] += ddy / distance * force
                }
            }
            for edge in edges where edge.a != edge.b {
                let ddx = x[edge.a] - x[edge.b], ddy = y[edge.a] - y[edge.b]
                let distance = max((ddx * ddx + ddy * ddy).squareRoot(), 1e-6)
                let force = distance * distance / k * (edge.weight / maxWeight)
                dx[edge.a] -= ddx / distance * force
                dy[edge.a] -= ddy / distance * force
                dx[edge.b] += ddx / distance * force
                dy[edge.b] += ddy / distance * force
            }
            for i in 0..<count {
                let length = max((dx[i] * dx[i] + dy[i] * dy[i]).squareRoot(), 1e-9)
                x[i] += dx[i] / length * min(length, temperature)
                y[i] += dy[i] / length * min(length, temperature)
            }
        }
        let minX = x.min()!, maxX = x.max()!, minY = y.min()!, maxY = y.max()!
        return (0..<count).map { ((x[$0] - minX) / max(maxX - minX, 1e-9), (y[$0] - minY) / max(maxY - minY, 1e-9)) }
    }
}
