//! Starts the real application on port 0 with a database of its own, on SQLite or PostgreSQL.
//!
//! PostgreSQL tests use `EMULATOR_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) to create a throw-away database per test.

#![allow(dead_code)]

use std::sync::Arc;

use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use vendor_emulator::config::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generates `sqlite::<name>` and `postgres::<name>` tests from `async fn <name>(Backend)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            )*
        }
    };
}

/// A database for one test; dropped (PostgreSQL) or deleted (SQLite) when the last user is done.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime, which cannot be blocked on: use a thread.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
                        .await
                        .ok()?;
                    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .execute(&mut conn)
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("EMULATOR_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub async fn fresh_database(backend: Backend) -> Arc<TestDatabase> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("emulator.db").display());
            Arc::new(TestDatabase {
                url,
                cleanup: Cleanup::Sqlite(dir),
            })
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let name = format!("emulator_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
                .await
                .unwrap_or_else(|err| panic!("PostgreSQL at {admin_url} is needed for this test: {err}"));
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .expect("create the test database");
            let mut url = url::Url::parse(&admin_url).expect("EMULATOR_TEST_POSTGRES_URL is a URL");
            url.set_path(&name);
            Arc::new(TestDatabase {
                url: url.to_string(),
                cleanup: Cleanup::Postgres { admin_url, name },
            })
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub database: Arc<TestDatabase>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// The configuration every test starts from: port 0, loopback trusted as a proxy so tests can
/// pose as other client IPs with `X-Forwarded-For`.
pub fn test_config(database_url: &str) -> Config {
    let mut config = Config::defaults();
    config.server.listen = "127.0.0.1:0".parse().expect("literal");
    config.server.trusted_proxies = vec!["127.0.0.1/32".parse().expect("literal")];
    config.database.url = database_url.to_owned();
    config.database.max_connections = 5;
    config
}

/// A port nothing listens on now, for a listener the emulator is to open itself.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_with(backend, |_| {}).await
}

pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_on(fresh_database(backend).await, tweak).await
}

/// Another instance on an existing database, as a second replica would be.
pub async fn spawn_on(database: Arc<TestDatabase>, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = test_config(&database.url);
    tweak(&mut config);
    let state = vendor_emulator::start(config).await.expect("the emulator starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = vendor_emulator::serve(listener, state, async {
            let _ = stopped.await;
        })
        .await;
    });
    let client = Client::builder().no_proxy().build().expect("http client");
    TestApp {
        base,
        client,
        database,
        shutdown: Some(shutdown),
        task: Some(task),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.client.post(self.url(path))
    }

    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.client.delete(self.url(path))
    }

    /// A LIFE POS request with the three client headers every endpoint requires.
    pub fn lifepos(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        with_lifepos_headers(self.client.request(method, self.url(&format!("/lifepos{path}"))))
    }

    /// Stops accepting, lets in-flight requests finish, waits for the server to close.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

pub fn with_lifepos_headers(builder: RequestBuilder) -> RequestBuilder {
    builder
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Identifier", "3a604a4c-bb52-4e96-b07e-d0d96ab28384")
        .header("X-LP-Client-Type", "App")
}

/// Status and JSON body of a response.
pub async fn json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("response body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text:?}"));
    (status, body)
}

pub async fn send(builder: RequestBuilder) -> (u16, Value) {
    json(builder.send().await.expect("request sent")).await
}

/// Runs futures concurrently on this task.
pub async fn join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs = Vec::new();
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (slot, result) in pending.iter_mut().zip(results.iter_mut()) {
            if let Some(future) = slot {
                if let std::task::Poll::Ready(output) = future.as_mut().poll(cx) {
                    *result = Some(output);
                    *slot = None;
                }
            }
        }
        if pending.iter().all(Option::is_none) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    outputs.extend(results.into_iter().flatten());
    outputs
}

/// The statuses an operation object of the spec lists in `x-emulator-refusals`, each once, in
/// order; `null` when it lists none.
pub fn refusal_statuses(operation: &Value) -> Value {
    let Some(entries) = operation[vendor_emulator::openapi::REFUSALS_EXTENSION].as_array() else {
        return Value::Null;
    };
    let mut statuses: Vec<Value> = Vec::new();
    for status in entries.iter().map(|entry| entry["status"].clone()) {
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    Value::Array(statuses)
}
