import FerryCore

/// Projects records straight from page bytes to output lines, JSON Lines or CSV (`LineFormat`).
///
/// Every record Ferry writes takes this path: a page's items, a single object, a delta page's changes
/// and deletions. It is the fast path of `RecordTransformer` plus `LineFormat.encode`, with the same
/// result: it finds a record's
/// top-level properties in place, matches their keys against the ones the schema reads without making
/// strings, skips everything else (a message body costs a scan for quotes), and copies values that are
/// already what the column needs (ids, canonical UTC timestamps, booleans, arrays of strings) byte for
/// byte. Personal values are replaced through a cache keyed by their bytes, nested ones while the rest
/// of the nested value is copied. Anything unusual (a value that needs converting beyond that,
/// escaped surrogates, invalid UTF-8) is handed to `RecordTransformer` for
/// that value, or for the whole record, so the output never differs from the generic path's.
///
/// A change feed's lines end with more columns than the schema's (`_change`): `extraColumns`, whose
/// values each call passes as `extras`.
///
/// One per worker, like `RecordTransformer`: it owns caches and scratch space.
public final class LineProjector {
    public let plan: ProjectionPlan
    /// The format of the lines: the plan's columns, then the extra columns.
    public let format: LineFormat
    let tenant: String
    let generic: RecordTransformer
    let line: LinePlan
    /// Every column's prefix (`{"name":` or `,"name":`; `,` in CSV) end to end, and where each one is.
    let prefixBytes: [UInt8]
    let prefixRanges: [Range<Int>]
    private var work: Workspace

    /// What one record needs while it is written, kept between records so it is allocated once.
    struct Workspace {
        /// The record's top-level members.
        var members: [JSONMember] = []
        /// For each property the columns read, the position of its last occurrence in `members`, or -1.
        var found: [Int] = []
        /// The members of the nested object or elements of the array being read.
        var nested: [JSONMember] = []
        /// For columns from the user or the tenant: the last raw value and the JSON written for it.
        var memos: [(raw: String?, bytes: [UInt8])?] = []
        /// Present while a record is written, whenever the plan has a pseudonymizer: lent by the plan's
        /// pool for the record, or for all the records of `holdingPseudonyms`.
        var pseudonyms: PseudonymByteCache?
    }

    public init(plan: ProjectionPlan, tenant: String, format: LineFormat.Kind = .jsonl, extraColumns: [String] = []) {
        self.plan = plan
        self.tenant = tenant
        self.format = LineFormat(format, columns: plan.columnNames + extraColumns)
        generic = RecordTransformer(plan: plan, tenant: tenant)
        line = LinePlan(plan, prefixes: Array(self.format.fieldPrefixes.prefix(plan.columns.count)))
        var flat: [UInt8] = []
        prefixRanges = line.prefixes.map { prefix in
            flat.append(contentsOf: prefix)
            return flat.count - prefix.count..<flat.count
        }
        prefixBytes = flat
        work = Workspace(
            found: [Int](repeating: -1, count: line.propertyCount), memos: Array(repeating: nil, count: plan.columns.count))
    }

    /// Runs `body` with one pseudonym cache lent to this projector for every record it writes (a page),
    /// rather than one lending each: the plan's pool, which every worker shares, is then locked twice a
    /// page, not twice a record, so that on a machine with many cores the workers do not queue for it.
    /// `body` must not suspend (it cannot: it is synchronous), so the cache is back in the pool before
    /// another task can run on this thread.
    public func holdingPseudonyms<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        guard let pool = plan.pseudonymCaches, work.pseudonyms == nil else { return try body() }
        work.pseudonyms = pool.borrow()
        defer {
            if let cache = work.pseudonyms {
                work.pseudonyms = nil
                pool.giveBack(cache)
            }
        }
        return try body()
    }

    /// Appends the JSON line (ending "\n") of the record whose bytes are `body[item]`, read for `user`
    /// (nil for tenant-wide collections). Returns the record's partition date ("2026-11-21") or nil for
    /// snapshot datasets. On failure throws the same ProjectionError RecordTransformer.project throws
    /// for that record, and leaves `out` exactly as it was.
    ///
    /// `item` is one of the ranges `JSONPageScan.scan` found in `body`: bytes inside values that are
    /// copied are not checked again. Other ranges never crash, but may only be refused when their
    /// structure is broken.
    public func appendLine(
        of item: Range<Int>, in body: [UInt8], user: String?, extras: [JSONValue] = [], to out: inout [UInt8]
    ) throws(ProjectionError) -> String? {
        let mark = out.count
        var work = Workspace()
        swap(&work, &self.work)
        defer { swap(&work, &self.work) }
        do {
            guard JSONScanner.members(of: body, object: item, into: &work.members) else {
                return try writeGenerically(try parse(item, in: body), user: user, extras: extras, to: &out)
            }
            return try writeLine(in: body, user: user, extras: extras, work: &work, to: &out)
        } catch {
            out.removeSubrange(mark...)
            throw error
        }
    }

    /// Appends the JSON line of item `index` of `scan`, the scan of `body`, like
    /// `appendLine(of: scan.items[index], in: body, ...)` but without finding the item's members again:
    /// the scan found them while checking the page. The fastest way through a page.
    public func appendLine(
        item index: Int, of scan: JSONPageScan, in body: [UInt8], user: String?, extras: [JSONValue] = [],
        to out: inout [UInt8]
    ) throws(ProjectionError) -> String? {
        guard let items = scan.items, items.indices.contains(index) else {
            throw ProjectionError(column: nil, reason: "the page has no item \(index)")
        }
        let item = items[index]
        guard let itemFields = scan.itemFields, itemFields.count == items.count, item.lowerBound >= 0,
            item.upperBound <= body.count, item.lowerBound < item.upperBound, body[item.lowerBound] == UInt8(ascii: "{"),
            itemFields[index].lowerBound >= 0, itemFields[index].upperBound <= scan.fields.count
        else { return try appendLine(of: item, in: body, user: user, extras: extras, to: &out) }
        let mark = out.count
        var work = Workspace()
        swap(&work, &self.work)
        defer { swap(&work, &self.work) }
        work.members.removeAll(keepingCapacity: true)
        work.members.append(contentsOf: scan.fields[itemFields[index]])
        do {
            return try writeLine(in: body, user: user, extras: extras, work: &work, to: &out)
        } catch {
            out.removeSubrange(mark...)
            throw error
        }
    }

    /// Appends the line of a record that was parsed already (a single object such as mailbox settings),
    /// through the generic projection; the same bytes as the other entry points write for its text.
    public func appendLine(record: JSONValue, user: String?, extras: [JSONValue] = [], to out: inout [UInt8])
        throws(ProjectionError) -> String?
    {
        try writeGenerically(record, user: user, extras: extras, to: &out)
    }

    /// A quarantined record's id as the dataset's `id` column writes it: hashed, redacted or kept as the
    /// pipeline says, never raw where the column is pseudonymized; nil when the lines have no `id` column.
    public func quarantineId(_ id: String?) -> String? {
        guard let id, let index = plan.columns.firstIndex(where: { $0.name == "id" }) else { return nil }
        var partitionDate: String?
        return (try? generic.finish(.string(id), column: index, partitionDate: &partitionDate))?.stringValue
    }

    /// Appends the line of a change feed's deletion of `id`: the id, the user and the tenant columns,
    /// finished like any record's, every other column null.
    public func appendDeletion(id: String, user: String?, extras: [JSONValue] = [], to out: inout [UInt8]) {
        format.encode(generic.deletion(id: id, user: user) + extras, into: &out)
    }

    /// Writes the line of the record whose top-level members are `work.members`.
    private func writeLine(
        in body: [UInt8], user: String?, extras: [JSONValue], work: inout Workspace, to out: inout [UInt8]
    ) throws(ProjectionError) -> String? {
        // Lent for this record alone, unless `holdingPseudonyms` lent one for the whole page.
        let lent = plan.pseudonymCaches.flatMap { pool in work.pseudonyms == nil ? pool : nil }
        if let lent { work.pseudonyms = lent.borrow() }
        defer {
            if let lent, let cache = work.pseudonyms {
                work.pseudonyms = nil
                lent.giveBack(cache)
            }
        }
        for index in work.found.indices { work.found[index] = -1 }
        // The last occurrence of a repeated key wins, as it does in RecordTransformer.
        for (position, member) in work.members.enumerated() {
            if let property = line.keys.position(in: 0, of: member, in: body) { work.found[property] = position }
        }
        var partitionDate: String?
        format.beginLine(into: &out)
        for index in prefixRanges.indices {
            if line.columns[index].copiesMember && copyMember(column: index, body: body, work: &work, to: &out) { continue }
            JSONScanner.append(prefixBytes, prefixRanges[index], to: &out)
            let start = out.count
            if !writeFast(column: index, body: body, user: user, work: &work, to: &out, partitionDate: &partitionDate) {
                out.removeSubrange(start...)
                let raw = try rawValue(column: index, body: body, user: user, work: work)
                JSONWriter.write(try generic.finish(raw, column: index, partitionDate: &partitionDate), into: &out)
            }
            format.finishField(from: start, in: &out)
        }
        writeExtras(extras, to: &out)
        format.endLine(into: &out)
        return partitionDate
    }

    /// The values of the extra columns, after the plan's.
    private func writeExtras(_ extras: [JSONValue], to out: inout [UInt8]) {
        precondition(extras.count == format.fieldPrefixes.count - prefixRanges.count, "one value per extra column")
        for (offset, value) in extras.enumerated() {
            out.append(contentsOf: format.fieldPrefixes[prefixRanges.count + offset])
            let start = out.count
            JSONWriter.write(value, into: &out)
            format.finishField(from: start, in: &out)
        }
    }

    /// The column's raw value as `RecordTransformer` sees it, for the generic path.
    private func rawValue(column index: Int, body: [UInt8], user: String?, work: Workspace) throws(ProjectionError)
        -> JSONValue
    {
        let column = line.columns[index]
        switch column.source {
        case .user: return user.map(JSONValue.string) ?? .null
        case .tenant: return .string(tenant)
        case .absent: return .null
        case .property, .path: break
        }
        let rest = line.restPaths[index]
        let property = column.property
        let position = work.found[property]
        guard position >= 0 else { return .null }
        let value = try parse(work.members[position].value, in: body)
        guard let rest else { return value }
        return value.value(at: rest) ?? .null
    }

    /// The whole record through `RecordTransformer`, for bytes the scanner cannot walk.
    private func writeGenerically(_ value: JSONValue, user: String?, extras: [JSONValue], to out: inout [UInt8])
        throws(ProjectionError) -> String?
    {
        let record = try generic.project(value, user: user)
        format.encode(record.values + extras, into: &out)
        return record.partitionDate
    }

    private func parse(_ range: Range<Int>, in body: [UInt8]) throws(ProjectionError) -> JSONValue {
        do {
            return try JSONScanner.parse(body, range)
        } catch {
            throw ProjectionError(column: nil, reason: "the record is not valid JSON: \(error)")
        }
    }
}
