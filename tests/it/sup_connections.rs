//! A СУП call holds at most one database connection: its statements share one, it is given back
//! before a transaction starts, and none is held while the call's body is still arriving. Each
//! test runs the emulator with a pool of one connection, where a call that wanted a second one
//! while holding one (or held one while its client was slow) would leave every other call waiting
//! for the pool's timeout, and answering 500.

use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{join_all, send, spawn_with, Backend, TestApp};
use crate::sup::{call, login, nonce, CARD, IVANOV, PETROVA};

async fn app_with_one_connection(backend: Backend) -> TestApp {
    spawn_with(backend, |config| config.database.max_connections = 1).await
}

async fn every_kind_of_call_runs_on_a_pool_of_one(backend: Backend) {
    let app = app_with_one_connection(backend).await;
    let token = login(&app, "partner").await;
    let link = |employee: &str, custom_id: &str| {
        call(&app, &token, &format!("/v1/employee/{employee}/link_card"))
            .json(&json!({ "customIdCard": custom_id, "statusCard": "MAIN" }))
    };
    let get = |path: &str| {
        app.get(&format!("/sup{path}"))
            .bearer_auth(&token)
            .header("X-Nonce", nonce())
    };
    assert_eq!(send(link(IVANOV, "1234567890123")).await.0, 200);

    let mut calls = Vec::new();
    for i in 0..4 {
        // The guarded update, then the reads naming its refusal.
        calls.push((409, link(PETROVA, "1234567890123")));
        // Two reads each.
        calls.push((200, get(&format!("/v1/card/{CARD}"))));
        calls.push((200, get(&format!("/v1/employee/{IVANOV}"))));
        // A transaction each.
        calls.push((
            200,
            call(&app, &token, &format!("/v1/employee/{IVANOV}/card/switch"))
                .json(&json!({ "idCard": CARD, "statusCard": "MAIN" })),
        ));
        calls.push((
            200,
            call(&app, &token, "/v1/employee/add")
                .json(&json!({ "surname": "Пулов", "name": format!("Номер {i}"), "phone": "9001234567" })),
        ));
    }
    let (expected, requests): (Vec<u16>, Vec<_>) = calls.into_iter().unzip();
    let answers = join_all(requests.into_iter().map(send)).await;
    for (expected, (status, body)) in expected.iter().zip(&answers) {
        assert_eq!(status, expected, "{body}");
    }
}

async fn a_body_still_arriving_holds_no_connection(backend: Backend) {
    let app = app_with_one_connection(backend).await;
    let token = login(&app, "partner").await;
    let body = json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" }).to_string();
    let (first_half, second_half) = body.as_bytes().split_at(body.len() / 2);
    let addr = app.base.trim_start_matches("http://");
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /sup/v1/employee/{IVANOV}/link_card HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         X-Nonce: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        nonce(),
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(first_half).await.unwrap();
    // Time for the server to take the call up and wait for the rest of its body.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let (status, card) = send(
        app.get(&format!("/sup/v1/card/{CARD}"))
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(status, 200, "another call is answered meanwhile: {card}");
    assert_eq!(
        card["data"]["idEmployee"],
        json!(null),
        "the slow link has not happened yet"
    );

    slow.write_all(second_half).await.unwrap();
    let mut response = Vec::new();
    slow.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(&format!("\"idEmployee\":\"{IVANOV}\"")), "{response}");
}

on_both_engines!(
    every_kind_of_call_runs_on_a_pool_of_one,
    a_body_still_arriving_holds_no_connection,
);
