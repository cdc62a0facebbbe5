//! A fresh database on the benchmark's PostgreSQL server (`KETEN_BENCH_POSTGRES_URL`), for
//! the benchmarks that fill one each.

use sqlx::Connection;

/// Creates a database named `prefix_…` and returns its URL.
pub async fn fresh_database(prefix: &str) -> String {
    let admin = std::env::var("KETEN_BENCH_POSTGRES_URL").expect("KETEN_BENCH_POSTGRES_URL names a server");
    let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("the benchmark's PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("a database");
    let (base, _) = admin.rsplit_once('/').expect("the URL names a database");
    format!("{base}/{name}")
}
