//! The subcommands.

use crate::config::Config;
use crate::{prepare, router};
use backend::jobs::worker;
use backend::seed;
use std::time::Duration;
use tokio::sync::watch;

/// Serves until Ctrl-C or SIGTERM, then lets open requests and workers' current jobs finish,
/// for up to about 30 seconds.
pub async fn serve(config: &Config) -> anyhow::Result<()> {
    let site = std::path::Path::new(&config.site_root);
    if crate::routes::site_files::BundleNames::read(site).is_none() {
        anyhow::bail!(
            "LEPTOS_SITE_ROOT={} holds no built browser bundle (pkg/assets.txt): run `make site-release` (or `make run`) first, or point LEPTOS_SITE_ROOT at the built site.",
            config.site_root
        );
    }
    let state = prepare(config).await?;
    state.ctx.clear_unfinished_uploads().map_err(|e| {
        anyhow::anyhow!(
            "Cannot clear this instance's folder in the uploads folder {} (PROOFROOM_UPLOADS) ({e}).",
            state.ctx.config.upload_tmp.display()
        )
    })?;
    // The storage sweep and the scrub are periodic jobs: schedule them once.
    backend::jobs::periodic::ensure(&state.ctx.db, chrono::Utc::now().timestamp_millis())
        .await
        .map_err(|e| anyhow::anyhow!("Cannot schedule the periodic jobs in the database at DATABASE_URL ({e})."))?;
    let (stop, stopped) = watch::channel(false);
    let workers = worker::spawn(state.ctx.clone(), state.ctx.config.render_workers, stopped);
    spawn_session_sweeper(state.ctx.clone());
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| anyhow::anyhow!("Cannot listen on PROOFROOM_ADDR={} ({e}).", config.addr))?;
    tracing::info!(addr = %config.addr, "Proofroom is listening on {}", config.public_origin());
    let limits = crate::connections::ConnectionLimits::of(&state.ctx.config);
    // Workers stop taking jobs as soon as the signal comes, while open requests drain.
    let signalled = std::sync::Arc::new(std::sync::OnceLock::new());
    let stopping = {
        let signalled = signalled.clone();
        async move {
            shutdown_signal().await;
            let _ = signalled.set(tokio::time::Instant::now());
            let _ = stop.send(true);
        }
    };
    crate::connections::serve(listener, router(state, config.secure_cookies()), limits, stopping).await?;
    // A job still running at the end of the grace is left to its lease: another instance, or
    // this one's next start, takes it up (an orchestrator's kill would cut it anyway).
    let deadline = signalled.get().copied().unwrap_or_else(tokio::time::Instant::now) + WORKER_GRACE;
    if tokio::time::timeout_at(deadline, futures::future::join_all(workers)).await.is_err() {
        tracing::warn!("jobs still running at shutdown are left to be taken up again after their lease");
    }
    Ok(())
}

/// How long after the signal running jobs may finish: within the usual 30 seconds an
/// orchestrator waits before killing (the same as open requests get, `SHUTDOWN_GRACE`).
const WORKER_GRACE: Duration = Duration::from_secs(28);

/// Applies pending migrations.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    prepare(config).await?;
    println!("The database is up to date.");
    Ok(())
}

/// Creates the demo studio and gallery, renders them, and prints how to see them.
pub async fn seed(config: &Config) -> anyhow::Result<()> {
    if !config.demo_photos.is_dir() {
        anyhow::bail!(
            "PROOFROOM_DEMO_PHOTOS={} is not a folder: point it at a folder of JPEG photos (the corpus's demo/ folder).",
            config.demo_photos.display()
        );
    }
    let state = prepare(config).await?;
    let seeded = seed::seed_demo(&state.ctx, &config.demo_photos).await.map_err(|e| {
        let detail = match e {
            backend::ServiceError::Internal(source) => format!("{source:#}"),
            other => other.to_string(),
        };
        anyhow::anyhow!("Seeding the demo from PROOFROOM_DEMO_PHOTOS={} failed: {detail}", config.demo_photos.display())
    })?;
    // Render what the seed uploaded now, so the demo opens complete.
    while worker::run_once(&state.ctx, "seed", chrono::Utc::now().timestamp_millis()).await? {}
    let origin = config.public_origin();
    println!();
    println!("  Proofroom demo is ready ({} new photos).", seeded.uploaded);
    println!("  Photographer sign-in: {origin}/signin");
    println!("      email:    {}", seed::DEMO_EMAIL);
    println!("      password: {}", seed::DEMO_PASSWORD);
    println!("  Client link (main client: downloads, high-res, proofing):");
    println!("      {origin}{}", seeded.client_link);
    println!("  Store-mode demo (watermarked previews, buy licences, pay by invoice; mark the order paid");
    println!("  in the gallery's Orders tab):");
    println!("      {origin}{}", seeded.shop_link);
    println!("  The public link {origin}/g/{} is off, as for every new gallery: turn it on in the", seed::DEMO_SLUG);
    println!("  gallery's Invite tab to let anyone with the address view it as a guest.");
    println!("  Mail (sign-up confirmations, password resets, sign-in links) is printed in this terminal");
    println!("  by `make run` (PROOFROOM_MAIL_DELIVERY=print); set it to smtp to send it.");
    println!();
    Ok(())
}

/// Seeds the demo (if not yet), then a large gallery of `photos` copies of its photos at
/// `/g/{slug}`, and prints its address.
pub async fn seed_large(config: &Config, photos: u32, slug: &str) -> anyhow::Result<()> {
    let state = prepare(config).await?;
    let seeded = seed::seed_demo(&state.ctx, &config.demo_photos).await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    while worker::run_once(&state.ctx, "seed", chrono::Utc::now().timestamp_millis()).await? {}
    backend::seed_large::seed_large(&state.ctx, seeded.studio, seeded.gallery, slug, photos)
        .await
        .map_err(|e| anyhow::anyhow!("Seeding the large gallery failed: {e:?}"))?;
    println!("{}/g/{slug}", config.public_origin());
    Ok(())
}

/// Every hour: expired sessions, attempts older than every throttle window and spent email links
/// go.
fn spawn_session_sweeper(ctx: backend::Ctx) {
    tokio::spawn(async move {
        let store = backend::visitor::sessions::DbSessionStore::new(ctx.db.clone());
        loop {
            if let Err(e) = store.delete_expired(time::OffsetDateTime::now_utc()).await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            if let Err(e) = backend::visitor::secrets::forget_old_attempts(&ctx, chrono::Utc::now()).await {
                tracing::warn!(error = %e, "could not delete old attempts");
            }
            if let Err(e) = backend::visitor::secrets::email_links::forget_spent(&ctx, chrono::Utc::now()).await {
                tracing::warn!(error = %e, "could not delete spent email links");
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
