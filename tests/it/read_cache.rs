//! Kept read answers under parallel load across two emulators on one database (replicas on
//! PostgreSQL, one process's emulators on a SQLite file): once a write is answered by either, no
//! read through either answers what was there before it, however many reads race the write.

use crate::common::{join_all, send, spawn_app, spawn_on, Backend, TestApp};
use reqwest::Method;
use serde_json::json;

const WORKPLACE: &str = "/v6/orgs/0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01/workplaces/5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
const KEY: &str = "demo-lifepos-api-key";

async fn name_of(app: &TestApp) -> String {
    let (status, body) = send(app.lifepos(Method::GET, WORKPLACE).header("Authorization", KEY)).await;
    assert_eq!(status, 200, "{body}");
    body["name"].as_str().unwrap().to_owned()
}

async fn rename(app: &TestApp, name: &str) {
    let patch = json!([{ "op": "replace", "path": "/name", "value": name }]);
    let (status, body) = send(
        app.lifepos(Method::PATCH, WORKPLACE)
            .header("Authorization", KEY)
            .json(&patch),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

async fn reads_racing_writes_never_go_back(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    let mut answered = name_of(&second).await;
    for round in 0..8 {
        let name = format!("Касса {round}");
        // 32 reads through the second emulator while the first renames: each sees the name
        // before or after, nothing else.
        let (_, racing) = tokio::join!(rename(&first, &name), join_all((0..32).map(|_| name_of(&second))));
        for seen in &racing {
            assert!(*seen == answered || *seen == name, "round {round}: {seen}");
        }
        // The rename is answered: every read through either emulator now has it.
        let after = join_all((0..32).map(|i| name_of(if i % 2 == 0 { &first } else { &second }))).await;
        assert!(after.iter().all(|seen| *seen == name), "round {round}: {after:?}");
        answered = name;
    }
}

/// A control-plane change through one emulator is seen by reads through the other at once,
/// however often they were answered before.
async fn a_reset_through_one_is_seen_through_the_other(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    rename(&first, "Касса у окна").await;
    for seen in join_all((0..16).map(|_| name_of(&second))).await {
        assert_eq!(seen, "Касса у окна");
    }
    assert_eq!(send(first.post("/_emulator/reset")).await.0, 200);
    assert_eq!(name_of(&second).await, "Касса 1");
    rename(&second, "Касса у двери").await;
    assert_eq!(send(second.post("/_emulator/reset?all=true")).await.0, 200);
    assert_eq!(name_of(&first).await, "Касса 1");
}

on_both_engines!(
    reads_racing_writes_never_go_back,
    a_reset_through_one_is_seen_through_the_other
);
