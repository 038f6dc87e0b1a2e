//! Unsubscribe links: one per message that can be switched off, carrying a random secret (only
//! its SHA-256 is stored). Opening one shows what it stops; confirming it (a POST, also the
//! one-click `List-Unsubscribe-Post` of RFC 8058) stops that kind of mail for that address and
//! studio: the studio's own switch for the photographer's digest and security notices, a stored
//! opt-out for a visitor's invitations. No sign-in is needed: the secret is the proof.

use crate::entities::{studio, unsubscribe};
use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use domain::engagement::notifications::MailKind;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// What an unsubscribe link stops, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub kind: MailKind,
    pub studio_name: String,
    pub email: String,
    /// Already used (the page says it is done).
    pub done: bool,
}

/// A new unsubscribe link for `email`'s mail of `kind` from `studio`: its absolute URL.
pub async fn link<C: ConnectionTrait>(
    db: &C,
    origin: &str,
    studio: Uuid,
    email: &str,
    kind: MailKind,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let mut bytes = [0u8; 24];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let row = unsubscribe::ActiveModel {
        token_hash: Set(crate::visitor::secrets::hashing::token_digest(&token)),
        studio_id: Set(studio),
        email: Set(email.to_owned()),
        kind: Set(kind.token().to_owned()),
        created_at: Set(now),
        used_at: Set(None),
    };
    unsubscribe::Entity::insert(row).exec_without_returning(db).await?;
    Ok(format!("{origin}/unsubscribe/{token}"))
}

/// What the link `token` stops; an unknown token is not found.
pub async fn peek<C: ConnectionTrait>(db: &C, token: &str) -> ServiceResult<Unsubscribe> {
    let row = unsubscribe::Entity::find_by_id(crate::visitor::secrets::hashing::token_digest(token))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let kind = MailKind::parse(&row.kind).ok_or(ServiceError::NotFound)?;
    let owner = studio::Entity::find_by_id(row.studio_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    Ok(Unsubscribe { kind, studio_name: owner.name, email: row.email, done: row.used_at.is_some() })
}

/// Stops what the link `token` stops. Using it twice is the same as once.
pub async fn confirm<C: ConnectionTrait>(db: &C, token: &str, now: DateTime<Utc>) -> ServiceResult<Unsubscribe> {
    let row = unsubscribe::Entity::find_by_id(crate::visitor::secrets::hashing::token_digest(token))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let kind = MailKind::parse(&row.kind).ok_or(ServiceError::NotFound)?;
    let column = match kind {
        MailKind::Digest => Some(studio::Column::NotifyDigest),
        MailKind::Security => Some(studio::Column::NotifySecurity),
        MailKind::Invitations => None,
    };
    if let Some(column) = column {
        studio::Entity::update_many()
            .col_expr(column, Expr::value(false))
            .filter(studio::Column::Id.eq(row.studio_id))
            .exec(db)
            .await?;
    }
    unsubscribe::Entity::update_many()
        .col_expr(unsubscribe::Column::UsedAt, Expr::value(Some(now)))
        .filter(unsubscribe::Column::TokenHash.eq(row.token_hash.clone()))
        .filter(unsubscribe::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let mut stopped = peek(db, token).await?;
    stopped.done = true;
    Ok(stopped)
}

/// Whether `email` asked `studio` for no more mail of `kind` (visitors' invitations; the
/// photographer's kinds are the studio's switches).
pub async fn opted_out<C: ConnectionTrait>(db: &C, studio: Uuid, email: &str, kind: MailKind) -> ServiceResult<bool> {
    Ok(unsubscribe::Entity::find()
        .filter(unsubscribe::Column::StudioId.eq(studio))
        .filter(unsubscribe::Column::Email.eq(email))
        .filter(unsubscribe::Column::Kind.eq(kind.token()))
        .filter(unsubscribe::Column::UsedAt.is_not_null())
        .count(db)
        .await?
        > 0)
}
