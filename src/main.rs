//! The command line: parse flags, load the configuration, hand over to the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use vendor_emulator::config::{Config, LogFormat, Overrides, DEFAULT_CONFIG_TOML};

#[derive(Parser)]
#[command(
    name = "vendor-emulator",
    version,
    about = "Stateful emulator of the LIFE POS, СУП, EDIN EDO and CloudTips APIs"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Configuration file (TOML), over the bundled defaults.
    #[arg(long, global = true, env = "EMULATOR_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on, e.g. 0.0.0.0:8080.
    #[arg(long, global = true)]
    listen: Option<SocketAddr>,
    /// sqlite::memory: (the default: a fresh state every start), sqlite://emulator.db (a file
    /// kept across starts) or postgres://user@host/db.
    #[arg(long, global = true)]
    database_url: Option<String>,
    /// Once serving, write {"url": "http://HOST:PORT", "listen": "HOST:PORT", "pid": N} here, so a
    /// caller that asked for port 0 learns the one bound.
    #[arg(long, global = true)]
    ready_file: Option<PathBuf>,
    /// Fixture document every tenant starts from (default: the bundled demo fixtures).
    #[arg(long, global = true)]
    fixtures: Option<PathBuf>,
    /// Log lines for people or for machines.
    #[arg(long, global = true, value_enum)]
    log_format: Option<LogFormat>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the emulator (the default).
    Serve,
    /// Print the default configuration, every setting commented.
    PrintDefaultConfig,
    /// Check a fixture document; exits non-zero naming the JSON path of the first bad field.
    CheckFixtures { file: PathBuf },
    /// Exit 0 when the emulator answers /_emulator/health with 200 (for container health checks).
    Healthcheck {
        /// host:port to ask; default: the configured listen address (0.0.0.0 asked as 127.0.0.1).
        #[arg(long)]
        addr: Option<String>,
    },
    /// Encrypt a СУП request body (standard input) for a client with an encryption_key; prints the
    /// base64 body to send with the same X-Nonce.
    SupEncrypt {
        /// The client's encryption_key: base64 of 32 bytes.
        #[arg(long)]
        key: String,
        /// The X-Nonce header value the request will carry.
        #[arg(long)]
        nonce: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let overrides = Overrides {
        listen: cli.listen,
        database_url: cli.database_url.clone(),
        fixtures: cli.fixtures.clone(),
        log_format: cli.log_format,
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::PrintDefaultConfig => {
            print!("{DEFAULT_CONFIG_TOML}");
            ExitCode::SUCCESS
        }
        Command::CheckFixtures { file } => match runtime().block_on(vendor_emulator::check_fixtures_file(&file)) {
            Ok(()) => {
                println!("{}: ok", file.display());
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("{}: {err}", file.display());
                ExitCode::FAILURE
            }
        },
        Command::Healthcheck { addr } => {
            let addr = match addr {
                Some(addr) => addr,
                None => match Config::load(cli.config.as_deref(), &overrides) {
                    Ok(config) => local_address(config.server.listen),
                    Err(err) => return fail(&format!("configuration: {err}")),
                },
            };
            match runtime().block_on(vendor_emulator::healthcheck::probe(&addr, Duration::from_secs(3))) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => fail(&err),
            }
        }
        Command::SupEncrypt { key, nonce } => {
            let mut plaintext = Vec::new();
            if let Err(err) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut plaintext) {
                return fail(&format!("cannot read standard input: {err}"));
            }
            match vendor_emulator::vendors::sup::crypto::encrypt(&key, &nonce, &plaintext) {
                Ok(body) => {
                    println!("{body}");
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&err.to_string()),
            }
        }
        Command::Serve => match Config::load(cli.config.as_deref(), &overrides) {
            Ok(config) => runtime().block_on(serve(config, cli.ready_file.as_deref())),
            Err(err) => fail(&format!("configuration: {err}")),
        },
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts")
}

fn fail(message: &str) -> ExitCode {
    eprintln!("vendor-emulator: {message}");
    ExitCode::FAILURE
}

/// A wildcard listen address is reached through loopback.
fn local_address(listen: SocketAddr) -> String {
    let ip = if listen.ip().is_unspecified() {
        if listen.is_ipv4() {
            "127.0.0.1".parse().expect("literal")
        } else {
            "::1".parse().expect("literal")
        }
    } else {
        listen.ip()
    };
    SocketAddr::new(ip, listen.port()).to_string()
}

async fn serve(config: Config, ready_file: Option<&std::path::Path>) -> ExitCode {
    init_logging(&config);
    tracing::debug!(?config, "configuration");
    let listen = config.server.listen;
    let state = match vendor_emulator::start(config).await {
        Ok(state) => state,
        Err(err) => return fail(&err.to_string()),
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(err) => return fail(&format!("cannot listen on {listen}: {err}")),
    };
    // Port 0 asks the system for a free port: the log and the ready file say which one it gave.
    let bound = listener.local_addr().unwrap_or(listen);
    if let Some(path) = ready_file {
        if let Err(err) = write_ready_file(path, bound) {
            return fail(&format!("cannot write the ready file {}: {err}", path.display()));
        }
    }
    tracing::info!(listen = %bound, storage = state.db.engine().name(), "vendor-emulator ready");
    match vendor_emulator::serve(listener, state, shutdown_signal()).await {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(err) => fail(&err.to_string()),
    }
}

/// The ready file appears whole or not at all (written beside, then renamed), so a caller polling
/// for it never reads half of it. Connections arriving before `serve` runs wait in the backlog.
fn write_ready_file(path: &std::path::Path, bound: SocketAddr) -> std::io::Result<()> {
    let reachable = local_address(bound);
    let ready = serde_json::json!({
        "url": format!("http://{reachable}"),
        "listen": reachable,
        "pid": std::process::id(),
    });
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, format!("{ready}\n"))?;
    std::fs::rename(&partial, path)
}

fn init_logging(config: &Config) {
    let filter = EnvFilter::try_new(&config.log.level).unwrap_or_else(|_| EnvFilter::new("info"));
    // Colour codes only for a person at a terminal, never into a file or a log collector.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()));
    match config.log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Human => builder.init(),
    }
}

/// Ctrl-C or SIGTERM: stop accepting, let in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
