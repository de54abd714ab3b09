import Foundation
import GRDB

extension StateTransaction {
    /// Saves a dataset's checkpoint of a run (see `DatasetCheckpoint` for what is replaced and added).
    public func saveCheckpoint(_ checkpoint: DatasetCheckpoint, runId: String) throws {
        guard try run(id: runId) != nil else { throw unknownRun(runId) }
        let dataset = checkpoint.dataset
        try db.execute(sql: "DELETE FROM checkpoint_files WHERE run_id = ? AND dataset = ?", arguments: [runId, dataset])
        for file in checkpoint.files {
            try db.execute(
                sql: """
                    INSERT INTO checkpoint_files (run_id, dataset, partition, name, row_count, byte_count, sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [runId, dataset, file.partition, file.name, Int64(file.rows), Int64(file.bytes), file.sha256])
        }
        try db.execute(sql: "DELETE FROM checkpoint_cursors WHERE run_id = ? AND dataset = ?", arguments: [runId, dataset])
        for (unit, cursor) in checkpoint.cursors {
            try db.execute(
                sql: "INSERT INTO checkpoint_cursors (run_id, dataset, unit, next_url, rows, resync) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [runId, dataset, unit, cursor.nextURL, Int64(cursor.rows), cursor.resync])
        }
        for (unit, rows) in checkpoint.completedUnits {
            try completeUnit(runId: runId, dataset: dataset, unit: unit, rows: rows)
            if let link = checkpoint.deltaLinks[unit] {
                try db.execute(
                    sql: "UPDATE checkpoints SET delta_link = ? WHERE run_id = ? AND dataset = ? AND unit = ?",
                    arguments: [link, runId, dataset, unit])
            }
        }
        try db.execute(
            sql: """
                INSERT INTO checkpoint_datasets (run_id, dataset, units_unavailable, units_access_denied, units_resynced)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (run_id, dataset) DO UPDATE SET
                    units_unavailable = excluded.units_unavailable, units_access_denied = excluded.units_access_denied,
                    units_resynced = excluded.units_resynced
                """,
            arguments: [
                runId, dataset, Int64(checkpoint.unitsUnavailable), Int64(checkpoint.unitsAccessDenied), Int64(checkpoint.unitsResynced),
            ])
        var sequence = try Int.fetchOne(
            db, sql: "SELECT COALESCE(MAX(sequence), -1) + 1 FROM checkpoint_quarantine WHERE run_id = ? AND dataset = ?",
            arguments: [runId, dataset]) ?? 0
        for record in checkpoint.quarantined {
            try db.execute(
                sql: "INSERT INTO checkpoint_quarantine (run_id, dataset, sequence, record_id, reason) VALUES (?, ?, ?, ?, ?)",
                arguments: [runId, dataset, Int64(sequence), record.recordId, record.reason])
            sequence += 1
        }
    }

    /// Everything checkpointed of a dataset in a run: all its files, completed units, cursors,
    /// counts and quarantined records. Empty when nothing was saved.
    public func checkpoint(runId: String, dataset: String) throws -> DatasetCheckpoint {
        let arguments: StatementArguments = [runId, dataset]
        var checkpoint = DatasetCheckpoint(dataset: dataset)
        for row in try Row.fetchAll(
            db, sql: """
                SELECT partition, name, row_count, byte_count, sha256 FROM checkpoint_files
                WHERE run_id = ? AND dataset = ? ORDER BY partition, name
                """, arguments: arguments)
        {
            checkpoint.files.append(
                DatasetCheckpoint.File(
                    partition: try row.decode(forColumn: "partition"), name: try row.decode(forColumn: "name"),
                    rows: try row.decode(forColumn: "row_count"), bytes: try row.decode(forColumn: "byte_count"),
                    sha256: try row.decode(forColumn: "sha256")))
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT unit, row_count, delta_link FROM checkpoints WHERE run_id = ? AND dataset = ?",
            arguments: arguments)
        {
            let unit: String = try row.decode(forColumn: "unit")
            checkpoint.completedUnits[unit] = try row.decode(forColumn: "row_count")
            if let link: String = try row.decode(forColumn: "delta_link") { checkpoint.deltaLinks[unit] = link }
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT unit, next_url, rows, resync FROM checkpoint_cursors WHERE run_id = ? AND dataset = ?",
            arguments: arguments)
        {
            checkpoint.cursors[try row.decode(forColumn: "unit")] = DatasetCheckpoint.Cursor(
                nextURL: try row.decode(forColumn: "next_url"), rows: try row.decode(forColumn: "rows"),
                resync: try row.decode(forColumn: "resync"))
        }
        if let counts = try Row.fetchOne(
            db, sql: """
                SELECT units_unavailable, units_access_denied, units_resynced FROM checkpoint_datasets
                WHERE run_id = ? AND dataset = ?
                """,
            arguments: arguments)
        {
            checkpoint.unitsUnavailable = try counts.decode(forColumn: "units_unavailable")
            checkpoint.unitsAccessDenied = try counts.decode(forColumn: "units_access_denied")
            checkpoint.unitsResynced = try counts.decode(forColumn: "units_resynced")
        }
        for row in try Row.fetchAll(
            db, sql: "SELECT record_id, reason FROM checkpoint_quarantine WHERE run_id = ? AND dataset = ? ORDER BY sequence",
            arguments: arguments)
        {
            checkpoint.quarantined.append(
                DatasetCheckpoint.QuarantinedRecord(
                    recordId: try row.decode(forColumn: "record_id"), reason: try row.decode(forColumn: "reason")))
        }
        return checkpoint
    }
}
