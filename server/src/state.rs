//! The router's state: the backend context plus what the web layer needs.

use axum::extract::FromRef;
use backend::Ctx;
use leptos::config::LeptosOptions;
use std::sync::Arc;

use crate::routes::site_files::{BundleNames, SiteFiles};

/// Shared by every route.
#[derive(Debug, Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub leptos: LeptosOptions,
    /// The built browser bundle and other site files, in memory.
    pub site: Arc<SiteFiles>,
}

impl AppState {
    /// The state for a backend, a built site folder and the address pages are served at. The
    /// bundle's hashed names come from the site (`pkg/assets.txt`); pages link to them.
    pub fn new(ctx: Ctx, site_root: &str, addr: std::net::SocketAddr) -> std::io::Result<Self> {
        let root = std::path::Path::new(site_root);
        let names = BundleNames::read(root);
        if let Some(names) = &names {
            app::assets::set_stylesheet(&names.css);
            if let Some(client) = &names.client {
                app::assets::set_client_bundle(client, &names.client_lightbox);
            }
        }
        let bundle = names.map(|n| n.bundle).unwrap_or_else(|| "proofroom".to_owned());
        let leptos = LeptosOptions::builder()
            .output_name(bundle)
            .site_root(site_root)
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        Ok(Self { ctx, leptos, site: Arc::new(SiteFiles::load(root)?) })
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
