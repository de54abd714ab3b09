import FerryCore
import FerryLoad
import FerryTestSupport
import Foundation

/// Writes a small export as Ferry does (Hive partitions, gzip JSONL or CSV, manifests with a key id)
/// from JSON records a test spells out, so that the analysis reads real files.
struct ExportFixture {
    /// Where the export is written: a fresh temporary directory, removed by `remove()`.
    let directory: TemporaryDirectory
    var root: URL { directory.url }
    var keyId: String? = "hmac-sha256:0123456789abcdef0123456789abcdef"
    var format = "jsonl"
    var gzip = true

    init() throws {
        directory = try TemporaryDirectory()
    }

    func remove() { directory.remove() }

    /// Writes `records` (JSON objects as text) of `dataset` into partition `date=<partition>`, or
    /// partitioned by the date of `dateColumn` when given.
    func write(_ dataset: String, _ records: [String], partition: String = "2026-11-20", dateColumn: String? = nil, keyId: String?? = nil) throws {
        let parsed = try records.map { try JSONParser.parse(Array($0.utf8)) }
        var columns: [String] = []
        for record in parsed {
            guard case .object(let members) = record else { continue }
            for member in members where !columns.contains(member.key) { columns.append(member.key) }
        }
        let encoder = LineFormat(format == "csv" ? .csv : .jsonl, columns: columns)
        let compression: OutputCompression = gzip ? .gzip(level: 1) : .none
        let writer = try DatasetWriter(
            layout: PartitionLayout(root: root, dataset: dataset, fileExtension: encoder.fileExtension),
            compression: compression, maxRowsPerFile: 1000, maxBytesPerFile: 1 << 24, fileHeader: encoder.fileHeader,
            context: ManifestContext(
                runId: "fixture", pipeline: "fixture", dataset: dataset, schemaVersion: 1,
                pseudonymKeyId: keyId ?? self.keyId, format: encoder.fileExtension, compression: compression.name))
        for record in parsed {
            var line: [UInt8] = []
            encoder.encode(columns.map { record[$0] ?? .null }, into: &line)
            let day = dateColumn.flatMap { record[$0]?.stringValue }.map { String($0.prefix(10)) } ?? partition
            try writer.append(line, partition: day)
        }
        _ = try writer.commit()
    }

    /// Writes `records` (JSON objects with the same keys) as shard `index` of `count` of run `run`, a
    /// dataset split by user whose snapshot is dated `day` (what a shard started that UTC day writes).
    func writeShard(_ dataset: String, _ records: [String], run: String, index: Int, count: Int, day: String) throws {
        let parsed = try records.map { try JSONParser.parse(Array($0.utf8)) }
        guard case .object(let first)? = parsed.first else { return }
        let columns = first.map(\.key)
        let encoder = LineFormat(.jsonl, columns: columns)
        var layout = PartitionLayout(root: root, dataset: dataset, fileExtension: encoder.fileExtension)
        layout.shard = ShardLeaf(index: index, count: count, byUser: true)
        var context = ManifestContext(
            runId: run, pipeline: "fixture", dataset: dataset, schemaVersion: 1, pseudonymKeyId: keyId,
            format: encoder.fileExtension, compression: OutputCompression.gzip(level: 1).name)
        context.runDatasets = [dataset]
        let writer = try DatasetWriter(
            layout: layout, compression: .gzip(level: 1), maxRowsPerFile: 1000, maxBytesPerFile: 1 << 24, fileHeader: nil,
            context: context)
        try writer.cover(.values([day]))
        for record in parsed {
            var line: [UInt8] = []
            encoder.encode(columns.map { record[$0] ?? .null }, into: &line)
            try writer.append(line, partition: day)
        }
        _ = try writer.commit()
    }

    // MARK: Record builders (addresses and ids stand for pseudonyms)

    static func user(_ id: String, department: String? = nil, office: String? = nil) -> String {
        let department = department.map { "\"\($0)\"" } ?? "null"
        let office = office.map { "\"\($0)\"" } ?? "null"
        return #"{"id":"\#(id)","mail":"\#(id)@contoso.example","userPrincipalName":"\#(id)@contoso.example","department":\#(department),"officeLocation":\#(office)}"#
    }

    static func manager(of user: String, is manager: String) -> String {
        #"{"puser":"\#(user)","id":"\#(manager)"}"#
    }

    static func address(_ who: String) -> String {
        who.contains("@") ? who : "\(who)@contoso.example"
    }

    static func recipients(_ people: [String]) -> String {
        "[" + people.map { #"{"emailAddress":{"address":"\#(address($0))"}}"# }.joined(separator: ",") + "]"
    }

    static func mail(owner: String, id: String, from: String, to: [String], cc: [String] = [], sent: String) -> String {
        #"{"puser":"\#(owner)","id":"\#(owner)-\#(id)","internetMessageId":"<\#(id)@mail>","sentDateTime":"\#(sent)","receivedDateTime":"\#(sent)","from":{"emailAddress":{"address":"\#(address(from))"}},"toRecipients":\#(recipients(to)),"ccRecipients":\#(recipients(cc))}"#
    }

    struct Invitee {
        var who: String
        var response: String
    }

    static func event(
        owner: String, uid: String, start: String, end: String, organizer: String, attendees: [Invitee],
        ownResponse: String? = nil, showAs: String = "busy", cancelled: Bool = false, type: String = "singleInstance"
    ) -> String {
        let list = "[" + attendees.map {
            #"{"type":"required","status":{"response":"\#($0.response)"},"emailAddress":{"address":"\#(address($0.who))"}}"#
        }.joined(separator: ",") + "]"
        let isOrganizer = owner == organizer
        let response = isOrganizer ? "organizer" : (ownResponse ?? attendees.first { $0.who == owner }?.response ?? "none")
        return #"{"puser":"\#(owner)","id":"\#(owner)-\#(uid)","iCalUId":"\#(uid)","type":"\#(type)","start":"\#(start)","end":"\#(end)","isAllDay":false,"isCancelled":\#(cancelled),"isOrganizer":\#(isOrganizer),"responseStatus":{"response":"\#(response)"},"showAs":"\#(showAs)","organizer":{"emailAddress":{"address":"\#(address(organizer))"}},"attendees":\#(list)}"#
    }

    static func mailboxSettings(_ owner: String, timeZone: String, start: String = "09:00:00.0000000", end: String = "17:00:00.0000000",
                                days: [String] = ["monday", "tuesday", "wednesday", "thursday", "friday"]) -> String {
        let dayList = "[" + days.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        return #"{"puser":"\#(owner)","timeZone":"\#(timeZone)","workingHours":{"daysOfWeek":\#(dayList),"startTime":"\#(start)","endTime":"\#(end)","timeZone":{"name":"\#(timeZone)"}}}"#
    }
}
