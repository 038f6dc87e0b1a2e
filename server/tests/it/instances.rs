//! Several instances on one PostgreSQL database: they may start together (migrations and the
//! periodic jobs' rows wait for each other on advisory locks). The two-process test with object storage behind a proxy is
//! `tests/two_instances.rs`.

use sea_orm::ConnectionTrait;

/// Four instances starting at once on an empty database: every one migrates without an error,
/// and the schema is made once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_migrate_once() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("TEST_DATABASE_URL is not set: PostgreSQL run skipped");
        return;
    };
    let name = format!("proofroom_test_{}", uuid::Uuid::new_v4().simple());
    let admin = backend::db::connect(&admin_url).await.expect("connect");
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
    let (prefix, _) = admin_url.rsplit_once('/').expect("a database URL with a path");
    let url = format!("{prefix}/{name}");

    let starts = (0..4).map(|_| {
        let url = url.clone();
        tokio::spawn(async move {
            let db = backend::db::connect(&url).await.expect("connect");
            backend::db::migrate(&db).await
        })
    });
    let results = futures::future::join_all(starts).await;
    // Then each schedules the periodic jobs, at once too: one row per kind.
    let now = chrono::Utc::now().timestamp_millis();
    let schedules = (0..4).map(|_| {
        let url = url.clone();
        tokio::spawn(async move {
            let db = backend::db::connect(&url).await.expect("connect");
            backend::jobs::periodic::ensure(&db, now).await
        })
    });
    let scheduled = futures::future::join_all(schedules).await;
    let db = backend::db::connect(&url).await.expect("connect");
    let (jobs, kinds) = rows_and_distinct(&db, "kind", "jobs").await;
    let (n, distinct) = rows_and_distinct(&db, "version", "seaql_migrations").await;
    drop(db);
    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    for result in results {
        result.expect("task").expect("every instance migrates");
    }
    for result in scheduled {
        result.expect("task").expect("every instance schedules");
    }
    assert!(kinds >= 3, "{kinds} periodic kinds");
    assert_eq!(jobs, kinds, "one row per periodic kind");
    assert!(n > 10, "{n} migrations applied");
    assert_eq!(n, distinct, "each migration applied once");
}

/// The rows of `table`, and how many distinct values of `column` they hold.
async fn rows_and_distinct(db: &sea_orm::DatabaseConnection, column: &str, table: &str) -> (i64, i64) {
    let sql = format!("SELECT count(*) AS n, count(DISTINCT {column}) AS d FROM {table}");
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql))
        .await
        .expect("query")
        .expect("a row");
    (row.try_get("", "n").expect("n"), row.try_get("", "d").expect("d"))
}
