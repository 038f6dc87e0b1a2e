//! Serving connections: the one accept loop used by `run::serve` and by the integration tests,
//! so both exercise the same connection handling. HTTP/1.1 through hyper with
//!
//! - a header-read timeout: a client that does not finish its request head in time is dropped
//!   (one header line every few seconds cannot hold a connection for ever);
//! - a body idle timeout on every request body (`idle_body`): a stalled upload ends with an error,
//!   its handler returns and its temporary file goes with it; responses are never cut, so a long
//!   ZIP download that keeps sending is unaffected;
//! - a cap on open connections per client address (`per_address`), except for trusted proxies,
//!   which carry many clients: over it, a 503 with a sentence, then the connection is closed;
//! - graceful shutdown: on the signal, no new connections; open ones finish their requests.

mod idle_body;
mod per_address;

use axum::Router;
use axum::extract::ConnectInfo;
use backend::config::BackendConfig;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use per_address::PerAddress;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long open connections may take to finish once shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The connection limits, from the configuration.
#[derive(Debug, Clone)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub body_idle_timeout: Duration,
    pub connections_per_address: usize,
    /// Exempt from the per-address cap (their connections carry many clients).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl ConnectionLimits {
    /// The limits a backend configuration sets.
    pub fn of(config: &BackendConfig) -> Self {
        Self {
            header_read_timeout: config.header_read_timeout,
            body_idle_timeout: config.body_idle_timeout,
            connections_per_address: config.connections_per_address,
            trusted_proxies: config.trusted_proxies.clone(),
        }
    }
}

/// Accepts connections on `listener` and serves `router` on each until `shutdown` completes, then
/// lets open connections finish (up to half a minute).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = Arc::new(limits);
    let per_address = PerAddress::new(limits.connections_per_address);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(stream);
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout);
        let exempt = backend::visitor::secrets::client_addr::is_trusted(peer.ip(), &limits.trusted_proxies);
        let slot = if exempt { None } else { per_address.enter(peer.ip().to_canonical()) };
        if !exempt && slot.is_none() {
            http.keep_alive(false);
            let connection = http.serve_connection(io, hyper::service::service_fn(per_address::refuse));
            tokio::spawn(graceful.watch(connection));
            continue;
        }
        let service = connection_service(router.clone(), peer, limits.body_idle_timeout);
        let connection = http.serve_connection(io, TowerToHyperService::new(service));
        let watched = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => tracing::warn!("connections still open after the shutdown grace period"),
    }
    Ok(())
}

/// The router for one connection: the peer's address as `ConnectInfo` (what
/// `into_make_service_with_connect_info` gave), and every request body under the idle timeout.
fn connection_service(
    router: Router,
    peer: SocketAddr,
    body_idle: Duration,
) -> impl tower::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send
+ 'static {
    router.map_request(move |request: hyper::Request<Incoming>| {
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(ConnectInfo(peer));
        axum::extract::Request::from_parts(parts, axum::body::Body::new(idle_body::IdleTimeout::new(body, body_idle)))
    })
}
