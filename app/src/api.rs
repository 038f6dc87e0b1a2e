//! Server functions: thin transports. Each gets the `Ctx` and the session, calls one `backend`
//! operation (which authorizes), and maps the result to a wire type. No SQL, no policy here.

pub mod access;
pub mod annotations;
pub mod archive;
pub mod auth;
pub mod client;
pub mod comments;
pub mod compare;
pub mod contact_sheets;
pub mod delivery;
pub mod downloads;
pub mod engagement;
pub mod galleries;
pub mod images;
pub mod selects;
pub mod sets;
pub mod sharing;
pub mod store;
pub mod studio;

#[cfg(feature = "ssr")]
pub(crate) mod support {
    use crate::error::AppError;
    use backend::Ctx;
    use tower_sessions::Session;

    /// The backend context and this request's session.
    pub async fn request() -> Result<(Ctx, Session), AppError> {
        let ctx = leptos::prelude::use_context::<Ctx>().ok_or(AppError::Internal)?;
        let session: Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        Ok((ctx, session))
    }

    /// The client's address as the throttles count it (a configured proxy's `X-Forwarded-For`
    /// is believed, nobody else's).
    pub async fn client_addr(ctx: &Ctx) -> Result<std::net::IpAddr, AppError> {
        use axum::extract::ConnectInfo;
        let headers: http::HeaderMap = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
        let peer = leptos_axum::extract::<ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|ConnectInfo(addr)| addr.ip())
            .map_err(|_| AppError::Internal)?;
        let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        Ok(backend::visitor::secrets::client_addr::client_addr(peer, &forwarded, &ctx.config.trusted_proxies))
    }

    /// Who is asking: the session's studio and visits, and the client's address.
    pub async fn viewer(ctx: &Ctx, session: &Session) -> Result<backend::visitor::access::Viewer, AppError> {
        let client = client_addr(ctx).await?;
        let viewer = backend::visitor::access::viewer(session, client).await?;
        backend::visitor::access::keep_visit_alive(session, &viewer).await?;
        Ok(viewer)
    }

    /// Whether loading the gallery counts as a visit in the engagement report: anything but a
    /// HEAD (a link checker's or a download manager's probe) or a request a program made (a chat
    /// app's link preview, a mail scanner, a crawler, the browser's prefetch:
    /// `domain::engagement::robots`). The page's own load (GET) and its reload after a password
    /// or PIN (POST) both count; a reload within a minute is the same visit
    /// (`backend::engagement::hooks`).
    pub async fn counts_as_visit() -> bool {
        if matches!(leptos_axum::extract::<http::Method>().await, Ok(http::Method::HEAD)) {
            return false;
        }
        let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await else { return true };
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let purpose = header("sec-purpose").or_else(|| header("purpose"));
        !domain::engagement::robots::is_automated(header("user-agent"), purpose)
    }

    /// Whether another site sent the browser here (`Sec-Fetch-Site: cross-site` or `same-site`):
    /// a link on another page, a form posted from it, a mail program's web page. A browser that
    /// sends no such header (an old one, a script) is taken as not: it cannot be told.
    pub async fn from_elsewhere() -> bool {
        let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await else { return false };
        matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site" | "same-site"))
    }

    /// The signed-in studio, or `Unauthenticated` (401).
    pub async fn studio(session: &Session) -> Result<domain::ids::StudioId, AppError> {
        Ok(backend::studio::auth::require_studio(session).await?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    /// Every `endpoint = "…"` literal in the server functions' sources, with where it is.
    fn endpoints(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("the api folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                endpoints(&path, found);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a source file");
            for (at, _) in text.match_indices("endpoint = \"") {
                let rest = &text[at + "endpoint = \"".len()..];
                let name = rest.split('"').next().unwrap_or_default().to_owned();
                found.push((name, path.display().to_string()));
            }
        }
    }

    /// Two server functions at one address: the one registered last silently answers for both
    /// (a gallery's "bring back" once ran the archive's restore). Each needs its own.
    #[test]
    fn every_server_function_has_an_address_of_its_own() {
        let mut found = Vec::new();
        endpoints(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.len() > 50, "the server functions were not found: {found:?}");
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (name, file) in &found {
            if let Some(other) = seen.insert(name, file) {
                panic!("“{name}” is the address of a server function in {other} and in {file}");
            }
        }
    }
}
