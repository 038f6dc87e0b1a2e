//! One-time links sent by email: finishing a sign-up, resetting a password, a visitor's sign-in
//! on another browser. The token is 256 random bits, sent only in the email; the database keeps
//! its SHA-256, so a copy of the database opens nothing. A link works once, until it expires.
//! Opening the link shows a page with a button; only the button's POST redeems it, so mail
//! scanners that fetch every link in a message cannot use it up.

use crate::ctx::Ctx;
use crate::entities::email_link;
use crate::error::{ServiceError, ServiceResult};
use crate::visitor::secrets::hashing::token_digest;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::net::IpAddr;
use uuid::Uuid;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms a new studio's address and creates the studio.
    SignUp,
    /// Sets a new password and ends every session of the studio.
    PasswordReset,
    /// Joins a browser to a visitor's identity in one gallery.
    VisitorSignIn,
}

impl Purpose {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::SignUp => "sign_up",
            Self::PasswordReset => "password_reset",
            Self::VisitorSignIn => "visitor_sign_in",
        }
    }

    /// How long a link works.
    pub const fn lifetime(self) -> Duration {
        match self {
            Self::SignUp => Duration::hours(24),
            Self::PasswordReset => Duration::minutes(30),
            Self::VisitorSignIn => Duration::hours(1),
        }
    }

    /// The path the emailed link opens (a page with the button that redeems it).
    pub fn path(self, token: &str) -> String {
        match self {
            Self::SignUp => format!("/signup/confirm/{token}"),
            Self::PasswordReset => format!("/reset/{token}"),
            Self::VisitorSignIn => format!("/join/{token}"),
        }
    }
}

/// A link to make: its purpose, the address it goes to, and what it acts on.
#[derive(Debug, Clone, Default)]
pub struct NewLink {
    pub email: String,
    pub studio: Option<Uuid>,
    pub gallery: Option<Uuid>,
    pub access_link: Option<Uuid>,
    pub payload: Option<String>,
}

/// Stores a new link on `db` (the caller's transaction, with the email that carries it) and
/// returns its token.
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    purpose: Purpose,
    link: NewLink,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    email_link::Entity::insert(email_link::ActiveModel {
        id: Set(Uuid::now_v7()),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(token_digest(&token)),
        email: Set(link.email),
        studio_id: Set(link.studio),
        gallery_id: Set(link.gallery),
        access_link_id: Set(link.access_link),
        payload: Set(link.payload),
        expires_at: Set(now + purpose.lifetime()),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Whether `token` is a live link for `purpose` (for the page that shows its button), without
/// using it up.
pub async fn peek(
    ctx: &Ctx,
    purpose: Purpose,
    token: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<email_link::Model> {
    match live(ctx, purpose, token, now).await? {
        Some(found) => Ok(found),
        None => dead(ctx, client, now).await,
    }
}

/// Uses the link up: exactly one request succeeds, however many race (a conditional update).
/// Unknown, used and expired links answer the same sentence, and count as misses for the
/// client's address.
pub async fn redeem<C: ConnectionTrait>(
    ctx: &Ctx,
    db: &C,
    purpose: Purpose,
    token: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<email_link::Model> {
    match take(ctx, db, purpose, token, now).await? {
        Some(found) => Ok(found),
        None => dead(ctx, client, now).await,
    }
}

/// `redeem` within a transaction `db`: `None` for a link that is not live (or that another
/// request used first), counted by nothing yet — the caller ends its transaction, then answers
/// `refuse_dead` (on SQLite the miss could not be written while the transaction holds the lock).
pub async fn take<C: ConnectionTrait>(
    ctx: &Ctx,
    db: &C,
    purpose: Purpose,
    token: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<email_link::Model>> {
    let Some(found) = live(ctx, purpose, token, now).await? else { return Ok(None) };
    let used = email_link::Entity::update_many()
        .col_expr(email_link::Column::UsedAt, Expr::value(now))
        // What it carried (a sign-up's name and password hash) is the caller's now, kept nowhere.
        .col_expr(email_link::Column::Payload, Expr::value(Option::<String>::None))
        .filter(email_link::Column::Id.eq(found.id))
        .filter(email_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((used.rows_affected == 1).then_some(found))
}

/// Forgets links used or run out more than a day ago (hourly, with old sessions): an address
/// someone typed at sign-up and never confirmed, with the name and password hash they chose, is
/// not kept past its link's life. (A day, not at once: a dead link and an unknown one answer
/// alike either way, and a day keeps what happened to yesterday's links for an operator.)
pub async fn forget_spent(ctx: &Ctx, now: DateTime<Utc>) -> ServiceResult<u64> {
    let before = now - chrono::Duration::days(1);
    let gone = email_link::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(email_link::Column::ExpiresAt.lt(before))
                .add(email_link::Column::UsedAt.lt(before)),
        )
        .exec(&ctx.db)
        .await?;
    Ok(gone.rows_affected)
}

/// The answer to a link `take` found dead, counted as a miss for the client's address.
pub async fn refuse_dead<T>(ctx: &Ctx, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<T> {
    dead(ctx, client, now).await
}

/// Uses up every live link for `purpose` of `studio` (a secret they lead to has changed).
pub async fn use_up_all<C: ConnectionTrait>(
    db: &C,
    purpose: Purpose,
    studio: uuid::Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    email_link::Entity::update_many()
        .col_expr(email_link::Column::UsedAt, Expr::value(now))
        .filter(email_link::Column::Purpose.eq(purpose.as_str()))
        .filter(email_link::Column::StudioId.eq(studio))
        .filter(email_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn live(
    ctx: &Ctx,
    purpose: Purpose,
    token: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Option<email_link::Model>> {
    let token = token.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(email_link::Entity::find()
        .filter(email_link::Column::TokenHash.eq(token_digest(&token.to_ascii_lowercase())))
        .filter(email_link::Column::Purpose.eq(purpose.as_str()))
        .filter(email_link::Column::UsedAt.is_null())
        .filter(email_link::Column::ExpiresAt.gt(now))
        .one(&ctx.db)
        .await?)
}

async fn dead<T>(ctx: &Ctx, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<T> {
    secrets::record_miss(ctx, AttemptKind::Lookup, client, now).await?;
    Err(ServiceError::Forbidden(
        "This link was already used or has expired. Ask for a new one where you got it.".to_owned(),
    ))
}
