//! Sign-up, sign-in, sign-out and "who am I".

use crate::error::AppError;
use domain::dto::Me;
use leptos::prelude::*;

/// Creates a studio and signs it in, then goes to the studio's galleries.
#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(studio_name: String, email: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    backend::auth::sign_up(&ctx, &session, backend::auth::SignUp { studio_name, email, password })
        .await
        .map_err(AppError::from_service)?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Signs a studio in, then goes to its galleries.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let (ctx, session) = super::support::request().await?;
    backend::auth::sign_in(&ctx, &session, &email, &password).await.map_err(AppError::from_service)?;
    leptos_axum::redirect("/studio");
    Ok(())
}

/// Signs out and goes home.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let (_, session) = super::support::request().await?;
    backend::auth::sign_out(&session).await.map_err(AppError::from_service)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in photographer, if any.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let (ctx, session) = super::support::request().await?;
    backend::auth::current(&ctx, &session).await.map_err(AppError::from_service)
}
