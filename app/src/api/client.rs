//! The client gallery, as a visitor may see it, and what a visitor gives to get in: the gallery
//! password, an email address (with the sign-in link that proves it on another browser).

use crate::error::AppError;
use domain::dto::{ClientGalleryView, StudioBrand, VisitorSignIn};
use domain::gallery_page::GalleryPage;
use leptos::prelude::*;

/// The gallery at its public address `/g/{slug}` (the owner, a session that opened a link, or a
/// guest while the public link is on), opened on the page `wanted` asks for.
#[server(endpoint = "client/gallery")]
pub async fn client_gallery(
    slug: String,
    #[server(default)] page: Option<String>,
    #[server(default)] image: Option<String>,
    #[server(default)] set: Option<String>,
) -> Result<ClientGalleryView, AppError> {
    let wanted = domain::gallery_page::PageWanted::from_query(page.as_deref(), image.as_deref(), set.as_deref());
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let counted = super::support::counts_as_visit().await;
    Ok(backend::gallery::pages::client_view(&ctx, &viewer, &slug, wanted, counted, chrono::Utc::now()).await?)
}

/// The gallery at an access link `/l/{token}`: opens the link for this session and shows the
/// gallery there, as the link allows.
#[server(endpoint = "client/link")]
pub async fn client_gallery_by_link(
    token: String,
    #[server(default)] page: Option<String>,
    #[server(default)] image: Option<String>,
    #[server(default)] set: Option<String>,
) -> Result<ClientGalleryView, AppError> {
    let wanted = domain::gallery_page::PageWanted::from_query(page.as_deref(), image.as_deref(), set.as_deref());
    let (ctx, session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    let arrival = backend::gallery::pages::Arrival {
        counted: super::support::counts_as_visit().await,
        from_elsewhere: super::support::from_elsewhere().await,
    };
    Ok(backend::gallery::pages::client_view_by_link(
        &ctx,
        &session,
        &token,
        client,
        arrival,
        wanted,
        chrono::Utc::now(),
    )
    .await?)
}

/// The visitor's answer when another site sent them to a link of a gallery they already have
/// open with another link (`Need::SwitchLink`): `choice` "switch" opens it with the link at
/// `token`, anything else keeps theirs. A same-site POST (cross-site ones are refused), so no
/// other page can answer for them. Goes on to the gallery (without JavaScript too).
#[server(endpoint = "client/choose_link")]
pub async fn choose_link(token: String, #[server(default)] choice: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    let switch = choice == "switch";
    let path =
        backend::visitor::lookup::choose_link(&ctx, &session, &token, switch, client, chrono::Utc::now()).await?;
    leptos_axum::redirect(&path);
    Ok(())
}

/// Another page of the gallery at `/g/{slug}` (a link's page asks by its gallery's slug: the
/// session opened the link), as the visitor scrolls or the lightbox moves on: page `page`
/// (1-based), or the one holding `image`.
#[server(endpoint = "client/page")]
pub async fn client_gallery_page(
    slug: String,
    #[server(default)] page: Option<String>,
    #[server(default)] image: Option<String>,
) -> Result<GalleryPage, AppError> {
    let wanted = domain::gallery_page::PageWanted::from_query(page.as_deref(), image.as_deref(), None);
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::gallery::pages::client_page(&ctx, &viewer, &slug, wanted, chrono::Utc::now()).await?)
}

/// What this visitor may download now (refreshed after each download for the quota badge).
#[server(endpoint = "client/access")]
pub async fn client_access(slug: String) -> Result<domain::downloads::ClientAccess, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::gallery::pages::client_access(&ctx, &viewer, &slug, chrono::Utc::now()).await?)
}

/// Gives the gallery password; on success the page it was asked on opens (without JavaScript
/// too), at the photo, set or page its address named (`query`). `back` is that page's path
/// (`/g/…` or `/l/…`); the gallery is the one at `slug`, or when none is given the one that page
/// shows.
#[server(endpoint = "client/unlock")]
pub async fn unlock_gallery(
    #[server(default)] slug: String,
    password: String,
    #[server(default)] back: String,
    #[server(default)] query: String,
) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let slug = match slug.is_empty() {
        true => backend::visitor::lookup::slug_of_page(&ctx, &back, viewer.client, chrono::Utc::now()).await?,
        false => slug,
    };
    backend::visitor::unlock::unlock(&ctx, &session, &viewer, &slug, &password, chrono::Utc::now()).await?;
    let at = domain::gallery_page::PageWanted::from_query_string(&query).query();
    leptos_axum::redirect(&format!("{}{at}", domain::links::gallery_return_path(&back, &slug)));
    Ok(())
}

/// The studio's branding for the password page at `back` (the page's path).
#[server(endpoint = "client/password_brand")]
pub async fn password_brand(back: String) -> Result<StudioBrand, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::gallery::pages::brand_before_password(&ctx, &viewer, &back, chrono::Utc::now()).await?)
}

/// Gives the email address downloads are recorded with (once per gallery and session), with
/// the visitor's name when they give it. A new address starts the visitor's proofing identity in
/// this browser; an address in use here gets a sign-in link by email instead.
#[server(endpoint = "downloads/email")]
pub async fn give_email(slug: String, email: String, #[server(default)] name: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::visitor::identity::give_email(&ctx, &session, &viewer, &slug, &email, &name, chrono::Utc::now())
        .await?)
}

/// Emails the sign-in link again to the address this browser gave.
#[server(endpoint = "visitor/send_sign_in_link")]
pub async fn send_sign_in_link(slug: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::visitor::identity::resend_sign_in_link(&ctx, &viewer, &slug, chrono::Utc::now()).await?)
}

/// What an emailed sign-in link is for (the page shows it before its button).
#[server(endpoint = "visitor/sign_in_link")]
pub async fn sign_in_link(token: String) -> Result<VisitorSignIn, AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    Ok(backend::visitor::identity::sign_in_link_details(&ctx, &viewer, &token, chrono::Utc::now()).await?)
}

/// Uses an emailed sign-in link: this browser continues as that person, in that gallery.
#[server(endpoint = "visitor/join")]
pub async fn join_as_visitor(token: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let viewer = super::support::viewer(&ctx, &session).await?;
    let path = backend::visitor::identity::join(&ctx, &session, &viewer, &token, chrono::Utc::now()).await?;
    leptos_axum::redirect(&path);
    Ok(())
}
