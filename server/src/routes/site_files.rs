//! The built site (`LEPTOS_SITE_ROOT`: the bundle under `pkg/`, the favicon), held in memory and
//! served with a strong ETag (304 on `If-None-Match`), the brotli copy the build wrote when the
//! browser takes it, and `immutable` caching for content-hashed names. The site is a few files
//! written once per build, so reading it at start costs nothing and no request touches the disk.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path as FsPath;

use crate::state::AppState;

/// What the build wrote: the bundles' hashed names (each a `.js` and a `_bg.wasm`: the studio's,
/// with every page, and the client's, with a visitor's pages only), the files of the client
/// bundle's lightbox part, and the stylesheet's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleNames {
    pub bundle: String,
    pub client: Option<String>,
    pub client_lightbox: Vec<String>,
    pub css: String,
}

impl BundleNames {
    /// Reads `pkg/assets.txt` (`bundle: NAME`, `client: NAME`, `client-lightbox: FILE…` and
    /// `css: NAME` lines).
    pub fn read(site_root: &FsPath) -> Option<Self> {
        let text = std::fs::read_to_string(site_root.join("pkg").join("assets.txt")).ok()?;
        let field = |key: &str| {
            text.lines().find_map(|line| line.strip_prefix(key)?.strip_prefix(':').map(|v| v.trim().to_owned()))
        };
        Some(Self {
            bundle: field("bundle")?,
            client: field("client"),
            client_lightbox: field("client-lightbox")
                .map(|files| files.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
            css: field("css")?,
        })
    }
}

/// Every file of the site, by its URL path (`/pkg/…`, `/favicon.ico`).
#[derive(Debug, Default)]
pub struct SiteFiles {
    files: HashMap<String, SiteFile>,
}

#[derive(Debug)]
struct SiteFile {
    bytes: Bytes,
    brotli: Option<Bytes>,
    etag: HeaderValue,
    content_type: &'static str,
    /// The name carries a hash of the content: it can be cached for a year.
    immutable: bool,
}

impl SiteFiles {
    /// Loads the site folder (an absent folder is an empty site: the server still answers).
    pub fn load(site_root: &FsPath) -> std::io::Result<Self> {
        let mut files = HashMap::new();
        if site_root.is_dir() {
            load_folder(site_root, site_root, &mut files)?;
        }
        Ok(Self { files })
    }

    fn get(&self, path: &str) -> Option<&SiteFile> {
        self.files.get(path)
    }
}

fn load_folder(root: &FsPath, folder: &FsPath, files: &mut HashMap<String, SiteFile>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            load_folder(root, &path, files)?;
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".br") || name == "assets.txt" {
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else { continue };
        let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
        let bytes = Bytes::from(std::fs::read(&path)?);
        let brotli = std::fs::read(format!("{}.br", path.display())).ok().map(Bytes::from);
        let digest = Sha256::digest(&bytes);
        let etag =
            HeaderValue::from_str(&format!("\"{}\"", hex::encode(&digest[..12]))).expect("hex is a header value");
        files.insert(
            url,
            SiteFile { bytes, brotli, etag, content_type: content_type(name), immutable: is_hashed(name) },
        );
    }
    Ok(())
}

/// `studio-0123456789abcdef.js` (and `_bg.wasm`, `client-….js`, `proofroom-….css`): what
/// tools/bundle.sh names.
fn is_hashed(name: &str) -> bool {
    name.split_once('-')
        .map(|(_, rest)| rest.len() > 16 && rest.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit))
        .unwrap_or(false)
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "ico" => "image/x-icon",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /pkg/{file}`.
pub async fn pkg(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    serve(&state, &format!("/pkg/{file}"), &headers)
}

/// `GET /favicon.ico`.
pub async fn favicon(State(state): State<AppState>, headers: HeaderMap) -> Response {
    serve(&state, "/favicon.ico", &headers)
}

fn serve(state: &AppState, path: &str, headers: &HeaderMap) -> Response {
    let Some(file) = state.site.get(path) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let mut out = HeaderMap::new();
    out.insert(header::ETAG, file.etag.clone());
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(match file.immutable {
            true => "public, max-age=31536000, immutable",
            false => "public, max-age=0, must-revalidate",
        }),
    );
    if matches_etag(headers, &file.etag) {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    let body = match (&file.brotli, accepts_brotli(headers)) {
        (Some(brotli), true) => {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            brotli.clone()
        }
        _ => file.bytes.clone(),
    };
    (StatusCode::OK, out, Body::from(body)).into_response()
}

fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(wanted) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else { return false };
    let etag = etag.to_str().unwrap_or_default();
    wanted.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(
        |coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "") == "q=0" || p.replace(' ', "") == "q=0.0");
            name.eq_ignore_ascii_case("br") && !refused
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("studio-0123456789abcdef.js"));
        assert!(is_hashed("client-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("proofroom-0123456789abcdef.css"));
        assert!(!is_hashed("proofroom.js"));
        assert!(!is_hashed("favicon.ico"));
    }

    #[test]
    fn brotli_only_when_accepted() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br, zstd"));
        assert!(accepts_brotli(&headers));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert!(!accepts_brotli(&headers));
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        assert!(!accepts_brotli(&headers));
    }
}
