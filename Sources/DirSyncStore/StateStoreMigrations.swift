import GRDB

/// The state database's schema history. A migration is never edited once released: add a
/// new one ("v2", …) instead, so every existing database upgrades the same way.
enum StateStoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE accounts (
                        "key" TEXT NOT NULL PRIMARY KEY,
                        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        email TEXT COLLATE NOCASE,
                        display_name TEXT,
                        status TEXT NOT NULL CHECK (status IN ('active', 'inactive'))
                    );
                    CREATE INDEX accounts_email ON accounts(email);
                    CREATE TABLE account_roles (
                        account_key TEXT NOT NULL REFERENCES accounts("key"),
                        role TEXT NOT NULL,
                        PRIMARY KEY (account_key, role)
                    ) WITHOUT ROWID;
                    CREATE TABLE account_projects (
                        account_key TEXT NOT NULL REFERENCES accounts("key"),
                        project TEXT NOT NULL,
                        permission TEXT NOT NULL CHECK (permission IN ('all', 'read-only')),
                        PRIMARY KEY (account_key, project)
                    ) WITHOUT ROWID;
                    CREATE TABLE account_tags (
                        account_key TEXT NOT NULL REFERENCES accounts("key"),
                        tag TEXT NOT NULL,
                        PRIMARY KEY (account_key, tag)
                    ) WITHOUT ROWID;
                    CREATE TABLE ledger (
                        identity TEXT NOT NULL PRIMARY KEY,
                        account_key TEXT NOT NULL,
                        gone_since DATETIME
                    );
                    CREATE INDEX ledger_account_key ON ledger(account_key);
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        "trigger" TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at DATETIME NOT NULL,
                        finished_at DATETIME,
                        summary TEXT NOT NULL,
                        failures INTEGER NOT NULL DEFAULT 0,
                        message TEXT
                    );
                    CREATE INDEX runs_status ON runs(status);
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id INTEGER NOT NULL REFERENCES runs(id),
                        at DATETIME NOT NULL,
                        action TEXT NOT NULL,
                        username TEXT NOT NULL,
                        account_key TEXT,
                        identity TEXT,
                        reason TEXT NOT NULL DEFAULT '',
                        before TEXT,
                        after TEXT,
                        result TEXT NOT NULL CHECK (result IN ('applied', 'failed')),
                        error TEXT,
                        note TEXT
                    );
                    CREATE INDEX audit_run_id ON audit(run_id);
                    """)
        }
        return migrator
    }
}
