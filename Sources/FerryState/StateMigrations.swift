import GRDB

extension StateStore {
    /// The schema's history. Append new migrations; never edit one that has shipped.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, watermarks, delta links, checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        pipeline TEXT NOT NULL,
                        window_start TEXT,
                        window_end TEXT,
                        started_at TEXT NOT NULL,
                        ended_at TEXT,
                        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
                        row_count INTEGER NOT NULL DEFAULT 0,
                        error TEXT,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        instance TEXT NOT NULL
                    );
                    CREATE INDEX runs_by_pipeline ON runs (pipeline, started_at);
                    CREATE INDEX runs_by_start ON runs (started_at);
                    CREATE TABLE watermarks (
                        pipeline TEXT NOT NULL,
                        dataset TEXT NOT NULL,
                        value TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (pipeline, dataset)
                    ) WITHOUT ROWID;
                    CREATE TABLE delta_links (
                        pipeline TEXT NOT NULL,
                        dataset TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        link TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (pipeline, dataset, scope)
                    ) WITHOUT ROWID;
                    CREATE TABLE checkpoints (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        dataset TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        row_count INTEGER NOT NULL,
                        completed_at TEXT NOT NULL,
                        PRIMARY KEY (run_id, dataset, unit)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2: staged files, page cursors, counts and quarantine of checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE checkpoint_files (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        dataset TEXT NOT NULL,
                        partition TEXT NOT NULL,
                        name TEXT NOT NULL,
                        row_count INTEGER NOT NULL,
                        byte_count INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        PRIMARY KEY (run_id, dataset, partition, name)
                    ) WITHOUT ROWID;
                    CREATE TABLE checkpoint_cursors (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        dataset TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        next_url TEXT NOT NULL,
                        rows INTEGER NOT NULL,
                        PRIMARY KEY (run_id, dataset, unit)
                    ) WITHOUT ROWID;
                    CREATE TABLE checkpoint_datasets (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        dataset TEXT NOT NULL,
                        units_unavailable INTEGER NOT NULL,
                        PRIMARY KEY (run_id, dataset)
                    ) WITHOUT ROWID;
                    ALTER TABLE checkpoints ADD COLUMN delta_link TEXT;
                    CREATE TABLE checkpoint_quarantine (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        dataset TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        record_id TEXT,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (run_id, dataset, sequence)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3: mailboxes refused by an access policy, counted in checkpoints") { db in
            try db.execute(sql: "ALTER TABLE checkpoint_datasets ADD COLUMN units_access_denied INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v4: delta query shapes, and units read as a resync in checkpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE delta_requests (
                        pipeline TEXT NOT NULL,
                        dataset TEXT NOT NULL,
                        request TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (pipeline, dataset)
                    ) WITHOUT ROWID;
                    ALTER TABLE checkpoint_cursors ADD COLUMN resync INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE checkpoint_datasets ADD COLUMN units_resynced INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        return migrator
    }()
}
