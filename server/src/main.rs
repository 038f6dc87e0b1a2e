//! The `server` binary: `serve` (default), `migrate`, `seed`, `seed-large`.

use clap::Parser;
use server::config::{Command, Config};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread exists: may restart the process with the allocator tuned.
    server::allocator::ensure_tuned();
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("Cannot start the async runtime ({e}).");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    if let Err(problem) = config.validate() {
        eprintln!("{problem}");
        return ExitCode::from(2);
    }
    let outcome = match config.command.clone().unwrap_or(Command::Serve) {
        Command::Serve => server::run::serve(&config).await,
        Command::Migrate => server::run::migrate(&config).await,
        Command::Seed => server::run::seed(&config).await,
        Command::SeedLarge { photos, slug } => server::run::seed_large(&config, photos, &slug).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
