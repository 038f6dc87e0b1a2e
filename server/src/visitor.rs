//! The `Visitor` extractor for byte routes: the session's viewer with the client's address, and
//! whether the browser marked the request as started by another site.

use crate::api_error::ApiError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use backend::ServiceError;
use backend::visitor::access::Viewer;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_sessions::Session;

/// Who asks, and from where.
pub struct Visitor {
    pub viewer: Viewer,
    /// `Sec-Fetch-Site` said `cross-site` or `same-site`: another site's page sent the browser
    /// here with the visitor's cookies. Byte routes that download put it on the viewer.
    pub cross_site: bool,
}

impl Visitor {
    /// The viewer as a download decides it: with the request's cross-site mark.
    pub fn downloading(self) -> Viewer {
        Viewer { cross_site: self.cross_site, ..self.viewer }
    }
}

/// The client's address as the throttles count it (see `backend::visitor::secrets::client_addr`).
pub fn client_addr(parts: &Parts, state: &AppState) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| addr.ip());
    let forwarded: Vec<&str> =
        parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    backend::visitor::secrets::client_addr::client_addr(peer, &forwarded, &state.ctx.config.trusted_proxies)
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, why)| ServiceError::Internal(anyhow::anyhow!("no session: {why}")))?;
        let viewer = backend::visitor::access::viewer(&session, client_addr(parts, state)).await?;
        let cross_site = parts
            .headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|site| matches!(site, "cross-site" | "same-site"));
        Ok(Self { viewer, cross_site })
    }
}
