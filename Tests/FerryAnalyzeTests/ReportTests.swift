import FerryTestSupport
import Foundation
import Testing
@testable import FerryAnalyze

/// report.html is self-contained, and headless Chromium renders it offline with every chart and no console error.
@Suite struct ReportTests {
    static let chartCount = 11  // load, six histograms, after-hours, heat map, communities, bridges

    @Test func theReportIsSelfContained() throws {
        let (directory, _, summary) = try AnalysisOutputTests.writtenAnalysis(personLevel: false)
        defer { directory.remove() }
        let html = try String(contentsOf: summary.report, encoding: .utf8)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("src="))
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
        #expect(html.components(separatedBy: "<svg").count - 1 == Self.chartCount)
        for heading in ["Data quality", "Suppression report", "Definitions", "Bridges", "Group-to-group ties"] {
            #expect(html.contains(heading))
        }
        // The assumptions as definitions.json spells them: strings bare, lists and numbers as JSON.
        for row in [
            #"<td>busyShowAs</td><td>["busy","oof","workingElsewhere"]</td>"#, "<td>ccWeight</td><td>0.5</td>",
            "<td>minutesPerSentMail</td><td>5</td>",
        ] {
            #expect(html.contains(row), "\(row)")
        }
    }

    static let pixelScript = #"""
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR": width, height, depth, color = struct.unpack(">IIBB", body[:10])
    if kind == b"IDAT": idat += body
    pos += 12 + length
channels = {2: 3, 6: 4}[color]
raw = zlib.decompress(idat)
stride = width * channels
previous = bytearray(stride)
coloured = 0
for row in range(height):
    start = row * (stride + 1)
    kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for i in range(stride):
        a = line[i - channels] if i >= channels else 0
        b = previous[i]
        c = previous[i - channels] if i >= channels else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, channels):
        if line[x] < 250 or line[x + 1] < 250 or line[x + 2] < 250: coloured += 1
    previous = line
print(coloured, width * height)
"""#

    @Test func headlessChromiumRendersEveryChartOffline() async throws {
        let (directory, _, summary) = try AnalysisOutputTests.writtenAnalysis(personLevel: true)
        defer { directory.remove() }
        let root = directory.url
        let screenshot = root.appending(path: "report.png").path(percentEncoded: false)
        let url = summary.report.absoluteString
        // Offline: every host resolves to nothing and any proxy is a closed port on loopback.
        let offline = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
                       "--proxy-server=127.0.0.1:9", "--enable-logging=stderr", "--v=0"]
        let dom = try await Program.run("/usr/bin/env", ["chromium"] + offline + ["--dump-dom", url])
        try #require(dom.status == 0, "chromium failed (run `make test-deps` to install it): \(dom.error)")
        // Every chart is in the rendered DOM with its shapes.
        let charts = dom.output.components(separatedBy: "<svg").dropFirst()
        #expect(charts.count == Self.chartCount)
        for chart in charts {
            let body = chart.components(separatedBy: "</svg>")[0]
            #expect(body.contains("<rect") || body.contains("<polyline") || body.contains("<circle"), "a chart without shapes")
        }
        #expect(!dom.error.contains(":CONSOLE("), "console messages: \(dom.error)")
        let shot = try await Program.run(
            "/usr/bin/env", ["chromium"] + offline + ["--screenshot=\(screenshot)", "--window-size=1200,2400", url])
        try #require(shot.status == 0, "chromium could not take a screenshot: \(shot.error)")
        #expect(!shot.error.contains(":CONSOLE("), "console messages: \(shot.error)")
        let script = root.appending(path: "pixels.py")
        try Data(Self.pixelScript.utf8).write(to: script)
        let pixels = try await Program.run("/usr/bin/env", ["python3", script.path(percentEncoded: false), screenshot])
        try #require(pixels.status == 0, "\(pixels.error)")
        let counts = pixels.output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(counts.count == 2)
        // Not blank: a good share of the page is drawn (text, bars, lines), not white.
        #expect(counts[0] > counts[1] / 100, "only \(counts[0]) of \(counts[1]) pixels are not white")
    }
}
