//! Connecting to the database (SQLite by default, PostgreSQL by URL) and migrating it.

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::time::Duration;

/// Opens a connection pool. For SQLite the file (and its folder) is created when missing, and
/// every connection gets WAL, a generous busy timeout (so concurrent uploads wait their turn
/// instead of failing with "database is locked") and enforced foreign keys.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_path(url)
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create the folder for {path}: {e}")))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(if sqlite_path(url).is_some() { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(30))
        .map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| {
            opts.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Full, not Normal: in WAL mode Normal lets a power cut roll back a commit
                // already acknowledged, and an upload answered 201 would lose its row (and the
                // storage sweep then its original).
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
        });
    Database::connect(options).await
}

/// Begins a transaction that may write. On SQLite it takes the database's one write lock at once
/// (`BEGIN IMMEDIATE`), waiting its turn under the busy timeout: a deferred transaction that reads
/// first and writes later is refused at once ("database is locked", whatever the timeout) when
/// any other connection wrote in between, and fails the request or job for nothing. On
/// PostgreSQL it is a plain `BEGIN`. Every transaction of the app is begun here (clippy.toml
/// refuses `begin()`); none of them may write through another connection while it is open, or it
/// waits for its own lock.
#[allow(clippy::disallowed_methods)] // the one place allowed to
pub async fn begin<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Holds the rows of `E` that `filter` matches until `txn` ends, by writing `column` to itself
/// (PostgreSQL locks a row written; SQLite's transaction holds the whole database already):
/// requests that change the same thing one after the other take turns here, and each reads what
/// the one before wrote. Answers how many rows are held (0: none matched).
pub async fn hold_rows<E: sea_orm::EntityTrait>(
    txn: &sea_orm::DatabaseTransaction,
    column: E::Column,
    filter: sea_orm::Condition,
) -> Result<u64, DbErr> {
    use sea_orm::QueryFilter;
    let held =
        E::update_many().col_expr(column, sea_orm::sea_query::Expr::col(column)).filter(filter).exec(txn).await?;
    Ok(held.rows_affected)
}

/// Makes transactions that name the same `key` take turns until `txn` ends, for a check and the
/// write it decides that have no row to hold (an event counted once: the first of two at once
/// must be seen by the second). PostgreSQL takes an advisory lock on the key's hash; SQLite's
/// transaction holds the whole database already.
pub async fn take_turns(txn: &sea_orm::DatabaseTransaction, key: &str) -> Result<(), DbErr> {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    advisory_lock(txn, i64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))).await
}

/// Takes PostgreSQL's advisory lock `id` until `txn` ends (nothing on SQLite, whose write
/// transaction holds the whole database).
async fn advisory_lock(txn: &sea_orm::DatabaseTransaction, id: i64) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// The PostgreSQL advisory lock migrations run under ("PRmigrat" in ASCII).
const MIGRATION_LOCK: i64 = 0x5052_6d69_6772_6174;

/// Applies every pending migration, all in one transaction: an upgrade cut short (a full disk, a
/// killed start) leaves the schema as it was, and the next start runs it again from the same
/// place (sea-orm-migration wraps each migration in a transaction on PostgreSQL only, and a half
/// applied one on SQLite would fail on every later start). On PostgreSQL, instances may start
/// together: the first takes an advisory lock; the others wait on it until it commits, then find
/// nothing pending. (SQLite is one file on one machine: its write lock lets one process at a time
/// change the schema.)
///
/// A database migrated by a newer release (during a rolling upgrade, an older instance that
/// restarts; a rollback) is used as it is when it has every migration this release knows:
/// migrations only add, so the older code still reads and writes what it knows.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = begin(db).await?;
    advisory_lock(&txn, MIGRATION_LOCK).await?;
    let applied = applied_migrations(&txn).await?;
    let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let newer: Vec<&String> = applied.iter().filter(|name| !known.contains(name)).collect();
    if !newer.is_empty() {
        txn.rollback().await?;
        if let Some(missing) = known.iter().find(|name| !applied.contains(name)) {
            return Err(DbErr::Custom(format!(
                "it was migrated by another release (it has {} that this release does not know, and lacks {missing}): start the release that migrated it",
                newer[0]
            )));
        }
        tracing::warn!(
            newer = newer.len(),
            latest = %newer.iter().max().map_or("", |n| n.as_str()),
            "the database was migrated by a newer release; this one uses it as it is"
        );
        return Ok(());
    }
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// The names of the migrations recorded in the database (none before the first).
async fn applied_migrations(txn: &sea_orm::DatabaseTransaction) -> Result<Vec<String>, DbErr> {
    let backend = txn.get_database_backend();
    let exists = match backend {
        DbBackend::Postgres => {
            "SELECT 1 AS n FROM information_schema.tables WHERE table_name = 'seaql_migrations' AND table_schema = current_schema()"
        }
        _ => "SELECT 1 AS n FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
    };
    if txn.query_one_raw(sea_orm::Statement::from_string(backend, exists)).await?.is_none() {
        return Ok(Vec::new());
    }
    let rows =
        txn.query_all_raw(sea_orm::Statement::from_string(backend, "SELECT version FROM seaql_migrations")).await?;
    rows.iter().map(|row| row.try_get::<String>("", "version")).collect()
}

/// The file path of a SQLite URL (`sqlite://data/proofroom.db?mode=rwc` → `data/proofroom.db`).
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (path != ":memory:" && !path.is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::{begin, connect, migrate, sqlite_path};
    use sea_orm::{ConnectionTrait, Statement};
    use std::time::Duration;

    #[test]
    fn sqlite_paths() {
        assert_eq!(sqlite_path("sqlite://data/p.db?mode=rwc"), Some("data/p.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://u@h/db"), None);
    }

    /// A job or request that reads, then writes, while another connection writes: with a
    /// deferred BEGIN its write was refused at once ("database is locked"), and a restore's
    /// mail waited for the job's next try a minute later.
    #[tokio::test]
    async fn a_transaction_that_reads_then_writes_is_not_refused_for_a_write_in_between() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = connect(&format!("sqlite://{}/t.db?mode=rwc", dir.path().display())).await.expect("connect");
        db.execute_unprepared("CREATE TABLE t (n INTEGER NOT NULL); INSERT INTO t VALUES (0)").await.expect("table");
        let read = Statement::from_string(db.get_database_backend(), "SELECT n FROM t");

        let txn = begin(&db).await.expect("begin");
        txn.query_one_raw(read.clone()).await.expect("read").expect("a row");
        let other = tokio::spawn({
            let db = db.clone();
            async move { db.execute_unprepared("UPDATE t SET n = n + 10").await }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!other.is_finished(), "another connection's write waits for the transaction");
        txn.execute_unprepared("UPDATE t SET n = n + 1").await.expect("the transaction's own write goes through");
        txn.commit().await.expect("commit");
        other.await.expect("task").expect("then the other write goes through");
        let n: i64 = db.query_one_raw(read).await.expect("read").expect("a row").try_get("", "n").expect("n");
        assert_eq!(n, 11);
    }

    /// An upgrade that fails partway leaves nothing of itself: the next start runs it whole.
    /// (A late migration is made to fail by a table of its name already there, without the
    /// columns it fills.)
    #[tokio::test]
    async fn a_migration_that_fails_partway_leaves_the_schema_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = connect(&format!("sqlite://{}/m.db?mode=rwc", dir.path().display())).await.expect("connect");
        db.execute_unprepared("CREATE TABLE order_images (order_id TEXT, image_id TEXT)").await.expect("table");
        assert!(migrate(&db).await.is_err(), "the last migration cannot fill the table in its way");
        let tables = Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('galleries', 'seaql_migrations')",
        );
        let count = |row: Option<sea_orm::QueryResult>| -> i64 { row.expect("a row").try_get("", "n").expect("n") };
        assert_eq!(count(db.query_one_raw(tables.clone()).await.expect("read")), 0, "nothing of the upgrade stayed");
        db.execute_unprepared("DROP TABLE order_images").await.expect("drop");
        migrate(&db).await.expect("the whole upgrade, run again");
        assert_eq!(count(db.query_one_raw(tables).await.expect("read")), 2);
    }

    /// An older release starting on a database a newer one migrated (a rolling upgrade, a
    /// rollback) uses it as it is; one that lacks a migration of its own is refused.
    #[tokio::test]
    async fn a_database_migrated_by_a_newer_release_is_used_as_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = connect(&format!("sqlite://{}/n.db?mode=rwc", dir.path().display())).await.expect("connect");
        migrate(&db).await.expect("migrate");
        db.execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29991231_000001_from_the_future', 0)",
        )
        .await
        .expect("a newer migration");
        migrate(&db).await.expect("the older release starts");
        db.execute_unprepared("DELETE FROM seaql_migrations WHERE version LIKE 'm20261218%'")
            .await
            .expect("forget one");
        let refused = migrate(&db).await.expect_err("a database that went another way");
        assert!(refused.to_string().contains("another release"), "{refused}");
    }
}
