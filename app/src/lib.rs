#![recursion_limit = "256"]
//! The Proofroom web app (Leptos): the HTML shell, the routes, pages and components, and the
//! server functions they call. Rendered on the server, hydrated in the browser.

pub mod api;
pub mod assets;
mod client_hydration;
pub mod components;
pub mod error;
mod lazy_pages;
pub mod pages;
pub mod resource;
mod studio_pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // A visitor's page (`assets::is_client_page`) loads the client bundle (`client_hydration`).
    #[cfg(feature = "ssr")]
    let request = use_context::<http::request::Parts>();
    #[cfg(feature = "ssr")]
    let client =
        request.as_ref().filter(|parts| assets::is_client_page(parts.uri.path())).and_then(|_| assets::client_bundle());
    #[cfg(not(feature = "ssr"))]
    let client: Option<&str> = None;
    // A gallery's lightbox is a part of the bundle of its own, fetched once the page is
    // interactive; on a page that opens on a photo, beside the bundle (hydrating the lightbox the
    // server rendered needs it).
    #[cfg(feature = "ssr")]
    let lightbox = request
        .as_ref()
        .filter(|parts| assets::is_gallery_page(parts.uri.path()))
        .map_or(&[][..], |_| assets::client_lightbox());
    #[cfg(feature = "ssr")]
    let lightbox_now = request.is_some_and(|parts| assets::opens_on_photo(parts.uri.path(), parts.uri.query()));
    #[cfg(not(feature = "ssr"))]
    let (lightbox, lightbox_now): (&'static [String], bool) = (&[], false);
    // A visitor's page is painted whole: not before its footer (`#page-end`) is parsed. Chrome
    // paints a document as it parses it, and what came later moved what was painted: on a busy
    // machine the hero's buttons, parsed after a paint, lifted its title (a layout shift; a
    // justified row still taking its photos would too). The first page's HTML is a few KiB once
    // compressed, so this costs the first paint little, and never the cover, preloaded above it.
    let hold = client.is_some().then(|| {
        view! {
            <client_hydration::HoldTiles/>
            <link rel="expect" href="#page-end" blocking="render"/>
        }
    });
    let scripts = match client {
        Some(name) => {
            view! { <MetaTags/><client_hydration::ClientHydration options name=name.to_owned() lightbox lightbox_now/> }
                .into_any()
        }
        None => view! { <HydrationScripts options/><MetaTags/> }.into_any(),
    };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                {hold}
                <link rel="stylesheet" href=assets::stylesheet()/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                {scripts}
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app: routes to pages. Every page renders completely on the server before it is sent
/// (`SsrMode::Async`): the status code is right (404 for a hidden gallery) and the page reads
/// fully with JavaScript off, which streamed out-of-order fragments would not.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Proofroom"/>
        <Router>
            <Routes fallback=pages::not_found::NotFound>
                <Route path=path!("/") view=studio_pages::Home ssr=SsrMode::Async/>
                <Route path=path!("/signin") view=studio_pages::SignIn ssr=SsrMode::Async/>
                <Route path=path!("/signup") view=studio_pages::SignUp ssr=SsrMode::Async/>
                <Route path=path!("/signup/sent") view=studio_pages::SignUpSent ssr=SsrMode::Async/>
                <Route path=path!("/signup/confirm/:token") view=studio_pages::ConfirmSignUpPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot") view=studio_pages::ForgotPassword ssr=SsrMode::Async/>
                <Route path=path!("/forgot/sent") view=studio_pages::ResetSent ssr=SsrMode::Async/>
                <Route path=path!("/reset/:token") view=studio_pages::ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/studio") view=studio_pages::Studio ssr=SsrMode::Async/>
                <Route path=path!("/studio/settings") view=studio_pages::StudioSettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/studio/report") view=studio_pages::StudioReportPage ssr=SsrMode::Async/>
                <Route path=path!("/studio/inbox") view=studio_pages::StudioInboxPage ssr=SsrMode::Async/>
                <Route path=path!("/studio/galleries/:id") view=studio_pages::GalleryEditor ssr=SsrMode::Async/>
                <Route path=path!("/g/:slug") view=pages::client_gallery::ClientGallery ssr=SsrMode::Async/>
                <Route path=path!("/l/:token") view=pages::client_gallery::ClientGallery ssr=SsrMode::Async/>
                <Route path=path!("/join/:token") view={Lazy::<lazy_pages::Join>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/cart/:slug") view={Lazy::<lazy_pages::Cart>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/orders/:token") view={Lazy::<lazy_pages::Order>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/d/:token") view={Lazy::<lazy_pages::Delivery>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/studio/price-sheets") view=studio_pages::PriceSheetsPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
