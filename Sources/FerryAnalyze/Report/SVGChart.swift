import Foundation
import Plot

/// Charts drawn as inline SVG nodes through Plot: no script, no external asset.
enum SVGChart {
    typealias BodyNode = Node<HTML.BodyContext>

    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    static func svg(width: Int, height: Int, label: String, _ nodes: [BodyNode]) -> BodyNode {
        .element(named: "svg", nodes: [
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "class", value: "chart"),
            .attribute(named: "width", value: String(width)), .attribute(named: "height", value: String(height)),
            .attribute(named: "viewBox", value: "0 0 \(width) \(height)"),
            .attribute(named: "role", value: "img"), .attribute(named: "aria-label", value: label),
            .element(named: "title", text: label),
        ] + nodes)
    }

    static func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) -> BodyNode {
        var nodes: [BodyNode] = attributes.map { .attribute(named: $0.0, value: $0.1) }
        if let text { nodes.append(.text(text)) }
        return .element(named: name, nodes: nodes)
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Int = 11) -> BodyNode {
        element("text", [("x", number(x)), ("y", number(y)), ("text-anchor", anchor), ("font-size", String(size))], text: content)
    }

    /// Lines over weeks, one per series, with a legend.
    static func lines(labels: [String], series: [(name: String, values: [Double])], unit: String, title: String) -> BodyNode {
        let width = 640.0, height = 260.0, left = 50.0, bottom = 40.0, top = 20.0, right = 150.0
        let maximum = max(series.flatMap(\.values).max() ?? 0, 1e-9)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ index: Int) -> Double { left + (labels.count > 1 ? Double(index) / Double(labels.count - 1) * plotWidth : plotWidth / 2) }
        func y(_ value: Double) -> Double { top + plotHeight - value / maximum * plotHeight }
        var nodes: [BodyNode] = [
            element("line", [("x1", number(left)), ("y1", number(top + plotHeight)), ("x2", number(left + plotWidth)), ("y2", number(top + plotHeight)), ("stroke", "#333")]),
            element("line", [("x1", number(left)), ("y1", number(top)), ("x2", number(left)), ("y2", number(top + plotHeight)), ("stroke", "#333")]),
            text(left - 4, top + 4, number(maximum), anchor: "end"), text(left - 4, top + plotHeight, "0", anchor: "end"),
            text(8, top + plotHeight / 2, unit, size: 10),
        ]
        for (index, label) in labels.enumerated() { nodes.append(text(x(index), height - 12, label, anchor: "middle", size: 9)) }
        for (number, line) in series.enumerated() {
            let color = palette[number % palette.count]
            let points = line.values.enumerated().map { "\(Self.number(x($0.offset))),\(Self.number(y($0.element)))" }.joined(separator: " ")
            nodes.append(element("polyline", [("points", points), ("fill", "none"), ("stroke", color), ("stroke-width", "2"), ("class", "series")]))
            for (index, value) in line.values.enumerated() {
                nodes.append(element("circle", [("cx", Self.number(x(index))), ("cy", Self.number(y(value))), ("r", "3"), ("fill", color)]))
            }
            nodes.append(element("rect", [("x", Self.number(width - right + 10)), ("y", Self.number(top + Double(number) * 18)), ("width", "10"), ("height", "10"), ("fill", color)]))
            nodes.append(text(width - right + 25, top + Double(number) * 18 + 9, line.name, size: 10))
        }
        return svg(width: Int(width), height: Int(height), label: title, nodes)
    }

    /// Horizontal bars, one per label.
    static func bars(_ items: [(label: String, value: Double)], unit: String, title: String) -> BodyNode {
        let rowHeight = 22.0, left = 170.0, width = 640.0
        let height = Double(items.count) * rowHeight + 30
        let maximum = max(items.map(\.value).max() ?? 0, 1e-9)
        var nodes: [BodyNode] = []
        for (index, item) in items.enumerated() {
            let y = 10 + Double(index) * rowHeight
            let length = item.value / maximum * (width - left - 80)
            nodes.append(text(left - 6, y + 14, item.label, anchor: "end"))
            nodes.append(element("rect", [("x", number(left)), ("y", number(y + 2)), ("width", number(max(length, 1))), ("height", number(rowHeight - 6)), ("fill", palette[0]), ("class", "bar")]))
            nodes.append(text(left + length + 4, y + 14, number(item.value) + " " + unit, size: 10))
        }
        return svg(width: Int(width), height: Int(max(height, 40)), label: title, nodes)
    }

    /// A histogram: bars for bins given by their lower and upper edges and counts.
    static func histogram(_ bins: [(low: Double, high: Double, count: Int)], title: String) -> BodyNode {
        let width = 320.0, height = 200.0, left = 36.0, bottom = 34.0, top = 14.0
        let maximum = Double(max(bins.map(\.count).max() ?? 0, 1))
        let barWidth = (width - left - 10) / Double(max(bins.count, 1))
        var nodes: [BodyNode] = [
            element("line", [("x1", number(left)), ("y1", number(height - bottom)), ("x2", number(width - 10)), ("y2", number(height - bottom)), ("stroke", "#333")]),
            text(left - 4, top + 4, String(Int(maximum)), anchor: "end", size: 9),
        ]
        for (index, bin) in bins.enumerated() {
            let barHeight = Double(bin.count) / maximum * (height - top - bottom)
            let x = left + Double(index) * barWidth
            nodes.append(element("rect", [("x", number(x + 1)), ("y", number(height - bottom - barHeight)), ("width", number(max(barWidth - 2, 1))), ("height", number(barHeight)), ("fill", palette[3]), ("class", "bar")]))
            // The outer bins are open: "below" the first inner edge, and from the last one on.
            let label = bin.low.isFinite ? number(bin.low) : "below " + number(bin.high)
            nodes.append(text(x + barWidth / 2, height - bottom + 12, label, anchor: "middle", size: 8))
        }
        if let last = bins.last, last.high.isFinite { nodes.append(text(width - 10, height - bottom + 24, "to " + number(last.high), anchor: "end", size: 8)) }
        return svg(width: Int(width), height: Int(height), label: title, nodes)
    }

    /// A heat map of a square matrix with row and column labels.
    static func heatMap(labels: [String], matrix: [[Double]], title: String) -> BodyNode {
        let cell = 28.0, left = 160.0, top = 130.0
        let size = Double(labels.count)
        let maximum = max(matrix.flatMap { $0 }.max() ?? 0, 1e-9)
        var nodes: [BodyNode] = []
        for (i, label) in labels.enumerated() {
            nodes.append(text(left - 6, top + Double(i) * cell + cell / 2 + 4, label, anchor: "end", size: 10))
            let x = left + Double(i) * cell + cell / 2
            nodes.append(element("text", [("x", number(x)), ("y", number(top - 6)), ("font-size", "10"), ("transform", "rotate(-60 \(number(x)) \(number(top - 6)))")], text: label))
            for (j, value) in matrix[i].enumerated() {
                let intensity = (value / maximum).squareRoot()
                let shade = Int(255 - intensity * 200)
                nodes.append(element("rect", [
                    ("x", number(left + Double(j) * cell)), ("y", number(top + Double(i) * cell)), ("width", number(cell - 1)), ("height", number(cell - 1)),
                    ("fill", "rgb(\(shade),\(shade),255)"), ("class", "cell"),
                ], text: nil))
            }
        }
        return svg(width: Int(left + size * cell + 20), height: Int(top + size * cell + 20), label: title, nodes)
    }

    /// The community picture: nodes at laid-out positions, sized by people, edges by tie weight.
    static func network(
        nodes items: [(label: String, people: Int, x: Double, y: Double, color: Int)], edges: [(a: Int, b: Int, weight: Double)], title: String
    ) -> BodyNode {
        let width = 640.0, height = 480.0, margin = 60.0
        let maxWeight = max(edges.map(\.weight).max() ?? 0, 1e-9)
        let maxPeople = Double(max(items.map(\.people).max() ?? 1, 1))
        func px(_ x: Double) -> Double { margin + x * (width - 2 * margin) }
        func py(_ y: Double) -> Double { margin + y * (height - 2 * margin) }
        var nodes: [BodyNode] = []
        for edge in edges {
            nodes.append(element("line", [
                ("x1", number(px(items[edge.a].x))), ("y1", number(py(items[edge.a].y))), ("x2", number(px(items[edge.b].x))), ("y2", number(py(items[edge.b].y))),
                ("stroke", "#999"), ("stroke-opacity", "0.7"), ("stroke-width", number(0.5 + 6 * edge.weight / maxWeight)), ("class", "edge"),
            ]))
        }
        for item in items {
            let radius = 6 + 24 * (Double(item.people) / maxPeople).squareRoot()
            nodes.append(element("circle", [("cx", number(px(item.x))), ("cy", number(py(item.y))), ("r", number(radius)), ("fill", palette[item.color % palette.count]), ("class", "node")]))
            nodes.append(text(px(item.x), py(item.y) + radius + 12, "\(item.label) (\(item.people))", anchor: "middle", size: 10))
        }
        return svg(width: Int(width), height: Int(height), label: title, nodes)
    }
}
