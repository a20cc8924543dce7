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
        migrator.registerMigration("v2") { db in try db.execute(sql: v2) }
        return migrator
    }

    /// Fewer B-trees per account, for the first sync of a large directory (about 14 B-tree
    /// inserts per created account before, 6 after):
    /// - roles, projects and tags move from child tables into JSON columns of `accounts`
    ///   (`AccountLists`); views of the old names keep ad-hoc SQL working;
    /// - `accounts` and `ledger` are clustered by their keys (WITHOUT ROWID), which drops
    ///   the rowid B-tree each had beside its key index;
    /// - the index on `accounts.email` goes: no statement looks accounts up by email (the
    ///   planner matches emails in memory), and its random-order inserts slow a first sync;
    /// - `audit` drops AUTOINCREMENT (an update of `sqlite_sequence` per line): audit lines
    ///   are never deleted, so ids are never reused anyway. Ids are kept as they were.
    static let v2 = """
        CREATE TABLE accounts_v2 (
            "key" TEXT NOT NULL PRIMARY KEY,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            email TEXT COLLATE NOCASE,
            display_name TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
            roles TEXT NOT NULL DEFAULT '[]',
            projects TEXT NOT NULL DEFAULT '{}',
            tags TEXT NOT NULL DEFAULT '[]'
        ) WITHOUT ROWID;
        INSERT INTO accounts_v2 ("key", username, email, display_name, status, roles, projects, tags)
        SELECT a."key", a.username, a.email, a.display_name, a.status,
            (SELECT json_group_array(role) FROM
                (SELECT role FROM account_roles WHERE account_key = a."key" ORDER BY role)),
            (SELECT json_group_object(project, permission) FROM
                (SELECT project, permission FROM account_projects WHERE account_key = a."key" ORDER BY project)),
            (SELECT json_group_array(tag) FROM
                (SELECT tag FROM account_tags WHERE account_key = a."key" ORDER BY tag))
        FROM accounts a;
        DROP TABLE account_roles;
        DROP TABLE account_projects;
        DROP TABLE account_tags;
        DROP TABLE accounts;
        ALTER TABLE accounts_v2 RENAME TO accounts;
        CREATE VIEW account_roles (account_key, role) AS
            SELECT a."key", r.value FROM accounts a, json_each(a.roles) r;
        CREATE VIEW account_projects (account_key, project, permission) AS
            SELECT a."key", p."key", p.value FROM accounts a, json_each(a.projects) p;
        CREATE VIEW account_tags (account_key, tag) AS
            SELECT a."key", t.value FROM accounts a, json_each(a.tags) t;

        CREATE TABLE ledger_v2 (
            identity TEXT NOT NULL PRIMARY KEY,
            account_key TEXT NOT NULL,
            gone_since DATETIME
        ) WITHOUT ROWID;
        INSERT INTO ledger_v2 (identity, account_key, gone_since) SELECT identity, account_key, gone_since FROM ledger;
        DROP TABLE ledger;
        ALTER TABLE ledger_v2 RENAME TO ledger;
        CREATE INDEX ledger_account_key ON ledger(account_key);

        CREATE TABLE audit_v2 (
            id INTEGER PRIMARY KEY,
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
        INSERT INTO audit_v2 SELECT id, run_id, at, action, username, account_key, identity, reason, before, after,
            result, error, note FROM audit;
        DROP TABLE audit;
        ALTER TABLE audit_v2 RENAME TO audit;
        CREATE INDEX audit_run_id ON audit(run_id);
        """
}
