//! Sign-up (confirmed by email), sign-in, password reset, sign-out and "who am I". None of them
//! says whether an address has an account.

use crate::error::AppError;
use domain::dto::Me;
use leptos::prelude::*;

/// Starts a sign-up: the answer is always "check your inbox" (the email says what is next).
#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(studio_name: String, email: String, password: String) -> Result<(), AppError> {
    let (ctx, _) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    let form = backend::studio::auth::SignUp { studio_name, email, password };
    backend::studio::auth::sign_up::start(&ctx, form, client, chrono::Utc::now()).await?;
    leptos_axum::redirect("/signup/sent");
    Ok(())
}

/// The address a sign-up confirmation link is for.
#[server(endpoint = "auth/sign_up_link")]
pub async fn sign_up_link(token: String) -> Result<String, AppError> {
    let (ctx, _) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    Ok(backend::studio::auth::sign_up::details(&ctx, &token, client, chrono::Utc::now()).await?)
}

/// Confirms the address: creates the studio, signs it in, and goes to its galleries.
#[server(endpoint = "auth/confirm_sign_up")]
pub async fn confirm_sign_up(token: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    backend::studio::auth::sign_up::confirm(&ctx, &session, &token, &password, client, chrono::Utc::now()).await?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Signs a studio in (throttled), then goes to its galleries.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    backend::studio::auth::sign_in(&ctx, &session, &email, &password, client).await?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Asks for a password reset link: the answer is the same whether or not the address has an
/// account.
#[server(endpoint = "auth/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let (ctx, _) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    backend::studio::auth::password_reset::request(&ctx, &email, client, chrono::Utc::now()).await?;
    leptos_axum::redirect("/forgot/sent");
    Ok(())
}

/// The address a reset link is for.
#[server(endpoint = "auth/reset_link")]
pub async fn reset_link(token: String) -> Result<String, AppError> {
    let (ctx, _) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    Ok(backend::studio::auth::password_reset::details(&ctx, &token, client, chrono::Utc::now()).await?)
}

/// Sets a new password with a reset link: every other session of the studio ends, this one is
/// signed in and goes to the galleries.
#[server(endpoint = "auth/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    let client = super::support::client_addr(&ctx).await?;
    backend::studio::auth::password_reset::reset(&ctx, &session, &token, &password, client, chrono::Utc::now()).await?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Signs out and goes home.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let (_, session) = super::support::request().await?;
    backend::studio::auth::sign_out(&session).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in photographer, if any.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let (ctx, session) = super::support::request().await?;
    Ok(backend::studio::auth::current(&ctx, &session).await?)
}
