//! The Proofroom server: assembles the router (Leptos pages and server functions, byte routes,
//! sessions, the cross-site guard) and runs the subcommands. `router` is public so integration
//! tests drive the real thing in-process.

#![recursion_limit = "256"]

pub mod allocator;
pub mod api_error;
mod body_limit;
pub mod config;
pub mod connections;
mod csrf;
mod plain_forms;
mod request_spans;
pub mod routes;
pub mod run;
mod security_headers;
pub mod state;
mod text_guard;
mod visitor;

use app::{App, shell};
use axum::Router;
use axum::routing::{get, post};
use backend::Ctx;
use backend::visitor::sessions::DbSessionStore;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use state::AppState;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie (it holds only an opaque id).
pub const SESSION_COOKIE: &str = "proofroom_session";

/// Its name behind TLS: the `__Host-` prefix makes browsers refuse it unless it is Secure, for
/// this host only and for every path, so a sibling subdomain cannot plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-proofroom_session";

/// The whole HTTP surface of Proofroom. `secure_cookies` is true behind https (the public URL's
/// scheme): cookies are then Secure and `__Host-`, and HSTS is sent.
pub fn router(state: AppState, secure_cookies: bool) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.ctx.db.clone()))
        .with_name(if secure_cookies { SECURE_SESSION_COOKIE } else { SESSION_COOKIE })
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure_cookies)
        .with_expiry(Expiry::OnInactivity(backend::studio::auth::SESSION_IDLE));
    let routes = page_routes();
    let ctx = state.ctx.clone();
    let leptos_options = state.leptos.clone();
    Router::new()
        .route("/healthz", get(routes::health::healthz))
        .route("/pkg/{file}", get(routes::site_files::pkg))
        .route("/favicon.ico", get(routes::site_files::favicon))
        .route("/media/{image}/{size}", get(routes::media::rendition))
        .route("/media/{image}/wm/{size}", get(routes::media::watermarked))
        .route("/download/{image}/{size}", get(routes::download::download))
        .route("/zip/{slug}/{contents}/{size}", get(routes::zip::zip))
        .route("/order-files/{token}/zip", get(routes::orders::zip))
        .route("/order-files/{token}/{image}/{size}", get(routes::orders::file))
        .route("/delivery-files/{token}/zip/{size}", get(routes::delivery::zip))
        .route("/delivery-files/{token}/{image}/{size}", get(routes::delivery::file))
        .route("/restored/{token}", get(routes::restored::restored))
        .route("/webhooks/stripe", post(routes::orders::stripe_webhook))
        .route("/contact-sheet/{slug}/{scope}", get(routes::contact_sheet::contact_sheet))
        .route("/export/galleries/{id}/selects.csv", get(routes::studio_exports::selects_csv))
        .route("/export/annotated/{image}", get(routes::studio_exports::annotated_png))
        .route("/export/galleries/{id}/orders.csv", get(routes::studio_exports::orders_csv))
        .route("/export/galleries/{id}/downloads.csv", get(routes::studio_exports::downloads_csv))
        .route("/export/galleries/{id}/report/{table}", get(routes::reports::gallery_csv))
        .route("/export/studio/report/{table}", get(routes::reports::studio_csv))
        .route("/unsubscribe/{token}", get(routes::unsubscribe::page).post(routes::unsubscribe::confirm))
        .route("/studio/watermark-preview.jpg", get(routes::studio_exports::watermark_preview))
        .route("/api/galleries/{gallery}/images", post(routes::upload::upload_image))
        .route("/api/studio/logo", post(routes::logo::upload_logo))
        .route("/studio-logo/{studio}/{version}", get(routes::logo::logo))
        .leptos_routes_with_context(&state, routes, move || provide_request_context(&ctx), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(body_limit::limit_server_fn_bodies))
        .layer(axum::middleware::from_fn_with_state(state.clone(), plain_forms::answer_plain_forms))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::refuse_cross_site))
        .layer(sessions)
        .layer(CompressionLayer::new().br(true).gzip(true).compress_when(compressible()))
        .layer(axum::middleware::from_fn(text_guard::refuse_hidden_characters))
        .layer(axum::middleware::from_fn_with_state(security_headers::Https(secure_cookies), security_headers::add))
        .layer(TraceLayer::new_for_http().make_span_with(request_spans::RequestSpan))
        .layer(tower_http::request_id::PropagateRequestIdLayer::new(http::HeaderName::from_static(
            request_spans::REQUEST_ID,
        )))
        .layer(axum::middleware::from_fn(request_spans::assign_id))
        .with_state(state)
}

/// The app's page routes, generated once per process. Generating them renders the app with
/// resource loading switched off for the whole process (a global flag in `leptos_server`): a
/// second generation while another router renders a page would leave that page's data waiting
/// for ever and its response unanswered. One process builds several routers in the integration
/// tests, and a page hung there one run in five under load.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What every page render and server function gets beside Leptos's own context: the backend,
/// and this response's CSP nonce (so the scripts Leptos writes carry the one the header allows).
fn provide_request_context(ctx: &Ctx) {
    use leptos::prelude::{provide_context, use_context};
    provide_context(ctx.clone());
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<security_headers::CspNonce>().cloned());
    if let Some(security_headers::CspNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Compress HTML, JS, CSS, WASM and JSON; never images or ZIPs (already compressed, and a
/// compressed body would break their Content-Length and byte ranges).
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    SizeAbove::new(512)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/octet-stream"))
}

/// Connects, migrates and builds the state for a configuration.
pub async fn prepare(config: &config::Config) -> anyhow::Result<AppState> {
    let db = backend::db::connect(&config.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("Cannot open the database at DATABASE_URL ({e})."))?;
    backend::db::migrate(&db)
        .await
        .map_err(|e| anyhow::anyhow!("Cannot migrate the database at DATABASE_URL ({e})."))?;
    let ctx = Ctx::new(db, config.backend())
        .map_err(|e| anyhow::anyhow!("Cannot use the storage PROOFROOM_STORAGE={} ({e}).", config.storage))?;
    // A bucket is only reached on first use: write and read back a probe now, so a wrong key or
    // endpoint stops the start with a sentence instead of failing the first upload.
    for (store, setting, value) in [
        (&ctx.storage, "PROOFROOM_STORAGE", ctx.config.storage.to_string()),
        (&ctx.archive, "PROOFROOM_ARCHIVE", ctx.config.archive.to_string()),
    ] {
        let checked = tokio::time::timeout(std::time::Duration::from_secs(30), store.check()).await;
        match checked {
            Ok(Ok(())) => {}
            Ok(Err(e)) if backend::error::is_storage_full(&e) => {
                tracing::warn!(error = %e, "{setting}={value} is full: uploads will be refused until space is freed");
            }
            Ok(Err(e)) => anyhow::bail!("Cannot write to {setting}={value} ({e})."),
            Err(_) => anyhow::bail!("{setting}={value} did not answer within 30 seconds."),
        }
    }
    // Before any job runs: the storage sweep deletes what this database does not know.
    backend::storage::pairing::ensure(&ctx).await.map_err(anyhow::Error::msg)?;
    AppState::new(ctx, &config.site_root, config.addr)
        .map_err(|e| anyhow::anyhow!("Cannot read the built site at LEPTOS_SITE_ROOT={} ({e}).", config.site_root))
}
