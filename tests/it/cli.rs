//! The binary itself: its subcommands, start-up and graceful stop.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{free_port, fresh_database, Backend};

const BIN: &str = env!("CARGO_BIN_EXE_vendor-emulator");

#[test]
fn print_default_config_prints_the_commented_defaults() {
    let output = Command::new(BIN).arg("print-default-config").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text, vendor_emulator::config::DEFAULT_CONFIG_TOML);
    assert!(text.contains("[server]") && text.contains("rate_limit_per_second = 10"));
}

#[test]
fn check_fixtures_names_the_bad_path() {
    let mut good = tempfile::NamedTempFile::new().unwrap();
    good.write_all(vendor_emulator::fixtures::DEMO_FIXTURES_JSON.as_bytes())
        .unwrap();
    let output = Command::new(BIN)
        .arg("check-fixtures")
        .arg(good.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let mut bad = tempfile::NamedTempFile::new().unwrap();
    bad.write_all(br#"{"lifepos":{"organizations":[{"name":"x","workplaces":[{"number":0}]}]}}"#)
        .unwrap();
    let output = Command::new(BIN)
        .arg("check-fixtures")
        .arg(bad.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("$.lifepos.organizations[0].workplaces[0].number"),
        "{stderr}"
    );

    let output = Command::new(BIN)
        .arg("check-fixtures")
        .arg("/nonexistent/fixtures.json")
        .output()
        .unwrap();
    assert!(!output.status.success());
}

/// Documents whose every field is well formed but that name an entity they do not hold: only the
/// database-backed checks of the loader find them.
const DANGLING_REFERENCES: [(&str, &str); 3] = [
    (
        r#"{"cloudtips":{"places":[{"id":"place-x","name":"Кофейня","partner":"nobody@example.com"}]}}"#,
        "$.cloudtips.places[0].partner",
    ),
    (
        r#"{"edin":{"users":[{"login":"u","password":"p","gln":"4820000000007"}]}}"#,
        "$.edin.users[0].gln",
    ),
    (
        r#"{"cloudtips":{"receivers":[{"phoneNumber":"+79990000077","name":"Анна","partner":"nobody@example.com"}]}}"#,
        "$.cloudtips.receivers[0].partner",
    ),
];

fn fixture_file(document: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(document.as_bytes()).unwrap();
    file
}

#[test]
fn check_fixtures_runs_the_loaders_checks() {
    for (document, path) in DANGLING_REFERENCES {
        let file = fixture_file(document);
        let output = Command::new(BIN)
            .arg("check-fixtures")
            .arg(file.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{document}");
        assert!(stderr.contains(path), "{path}: {stderr}");
    }
}

async fn a_start_with_fixtures_the_loader_refuses_exits_naming_the_path(backend: Backend) {
    let database = fresh_database(backend).await;
    for (document, path) in DANGLING_REFERENCES {
        let file = fixture_file(document);
        let port = free_port();
        let mut child = Command::new(BIN)
            .arg("--fixtures")
            .arg(file.path())
            .args([
                "--database-url",
                &database.url,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("{path}: the emulator started on fixtures it cannot load");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        assert!(!status.success(), "{path}");
        assert!(stderr.contains(path), "{path}: {stderr}");
        assert!(!healthcheck(&format!("127.0.0.1:{port}")), "never healthy");
    }
}

fn healthcheck(addr: &str) -> bool {
    Command::new(BIN)
        .args(["healthcheck", "--addr", addr])
        .status()
        .unwrap()
        .success()
}

#[test]
fn serves_until_sigterm_and_answers_the_healthcheck() {
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    assert!(!healthcheck(&addr), "nothing listens yet");
    let mut child = Command::new(BIN)
        .args([
            "--listen",
            &addr,
            "--database-url",
            "sqlite::memory:",
            "--log-format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !healthcheck(&addr) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the emulator did not become healthy"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The listen address can also come from the environment layer.
    let via_env = Command::new(BIN)
        .arg("healthcheck")
        .env("EMULATOR__SERVER__LISTEN", format!("0.0.0.0:{port}"))
        .status()
        .unwrap();
    assert!(
        via_env.success(),
        "a wildcard listen address is checked through loopback"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopped = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(20),
            "SIGTERM did not stop the emulator"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "a graceful stop exits 0");
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&output.stdout);
    assert!(
        logs.lines()
            .any(|line| line.starts_with('{') && line.contains("vendor-emulator ready")),
        "{logs}"
    );
    assert!(!healthcheck(&addr), "stopped");
}

#[test]
fn a_bad_configuration_is_refused_at_start() {
    let output = Command::new(BIN)
        .args(["--database-url", "mysql://nope"])
        .env("EMULATOR__SERVER__LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("sqlite: or postgres:"));
    let output = Command::new(BIN)
        .env("EMULATOR__SERVER__LISTEN", "not-an-address")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("configuration"));
}

crate::on_both_engines!(a_start_with_fixtures_the_loader_refuses_exits_naming_the_path);

/// A plain start keeps nothing (the second start accepts the activation code the first used up,
/// and leaves no database file behind), and with port 0 it tells the bound port: in its log line
/// and in the ready file.
#[tokio::test]
async fn a_plain_start_is_fresh_and_tells_the_port_it_bound() {
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready.json");
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for round in 0..2 {
        let _ = std::fs::remove_file(&ready);
        let child = Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--log-format", "json", "--ready-file"])
            .arg(&ready)
            .current_dir(dir.path())
            .env_remove("EMULATOR__DATABASE__URL")
            .env_remove("EMULATOR_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let text = loop {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                break text;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "no ready file");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let said: serde_json::Value = serde_json::from_str(&text).unwrap();
        let url = said["url"].as_str().unwrap().to_owned();
        let listen = said["listen"].as_str().unwrap().to_owned();
        assert_eq!(url, format!("http://{listen}"));
        assert!(!listen.ends_with(":0"), "{text}");
        assert_eq!(said["pid"], child.id());
        let health: serde_json::Value = client
            .get(format!("{url}/_emulator/health"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["storage"], "sqlite");
        let activated = client
            .post(format!("{url}/lifepos/v5/auth/activate-workplace"))
            .header("Accept-Language", "ru")
            .header("X-LP-Client-Identifier", "x")
            .header("X-LP-Client-Type", "App")
            .json(&serde_json::json!({ "activation_code": "12345678" }))
            .send()
            .await
            .unwrap();
        assert_eq!(activated.status(), 200, "round {round}: every start is fresh");

        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        let output = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .unwrap();
        assert!(output.status.success());
        let logs = String::from_utf8_lossy(&output.stdout);
        assert!(
            logs.lines().any(
                |line| line.contains("vendor-emulator ready") && line.contains(&format!("\"listen\":\"{listen}\""))
            ),
            "{logs}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, ["ready.json"], "no database file");
}
