//! A tower-sessions `SessionStore` on sea-orm, so sessions live in the same database (SQLite or
//! PostgreSQL) and survive restarts and load balancing. Records are JSON text; expiry is kept in
//! unix seconds so it compares as a plain integer everywhere. A row is keyed by the SHA-256 of
//! the session id, never the id itself: the id is the cookie's whole secret, and a copy of the
//! database (a backup, a replica) must not let anyone take over a photographer's session.

use crate::entities::{session, studio};
use async_trait::async_trait;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// How long a deleted session's id is still known (empty), for requests already on their way.
const TOMBSTONE_SECONDS: i64 = 60;

/// The data of a session that ended (not JSON, so no saved session can look like it).
const ENDED: &str = "ended";

/// Sessions stored in the `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    /// A store over this connection pool.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Deletes expired sessions; returns how many went.
    pub async fn delete_expired(&self, now: OffsetDateTime) -> Result<u64, sea_orm::DbErr> {
        let result = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(now.unix_timestamp()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected)
    }

    /// A row written before rows were keyed by hash (under the id itself), found by `load`: re-keyed
    /// at its first use, so nobody is signed out by the change, and no id stays in the table
    /// longer than its session is used (rows never used again expire with their sessions).
    /// A signed-in one is adopted only in its studio's current session epoch (and then carries
    /// its studio id, so a reset ends it like any other).
    async fn adopt(&self, id: &Id, found: Option<session::Model>) -> session_store::Result<Option<session::Model>> {
        let Some(mut row) = found else { return Ok(None) };
        let data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&row.data).unwrap_or_default();
        let studio = data.get(crate::studio::auth::STUDIO_KEY).and_then(|v| v.as_str()).map(str::to_owned);
        if let Some(studio) = &studio
            && !self.in_epoch(studio, &data).await?
        {
            session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend_error)?;
            return Ok(None);
        }
        session::Entity::update_many()
            .col_expr(session::Column::Id, Expr::value(row_key(id)))
            .col_expr(session::Column::StudioId, Expr::value(studio.clone()))
            .filter(session::Column::Id.eq(id.to_string()))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        row.id = row_key(id);
        row.studio_id = studio;
        Ok(Some(row))
    }

    /// Writes a new session's row.
    async fn insert(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let row = session::ActiveModel {
            id: Set(row_key(&record.id)),
            data: Set(data),
            expires_at: Set(record.expiry_date.unix_timestamp()),
            studio_id: Set(studio_of(record)),
        };
        session::Entity::insert(row).exec_without_returning(&self.db).await.map_err(backend_error)?;
        // Checked after the write: a password reset turns the epoch over, then deletes the
        // studio's rows, so a row written before that delete goes with it, and one written after
        // it finds the new epoch here and is taken back.
        if let Some(studio) = studio_of(record)
            && !self.in_epoch(&studio, &record.data).await?
        {
            session::Entity::delete_by_id(row_key(&record.id)).exec(&self.db).await.map_err(backend_error)?;
            return Err(session_store::Error::Backend("the studio's sessions were ended".to_owned()));
        }
        Ok(())
    }

    /// Whether a session signed in to `studio` was signed in under the studio's current session
    /// epoch (a password reset ends every earlier one; a studio that is gone has none).
    async fn in_epoch(
        &self,
        studio: &str,
        data: &std::collections::HashMap<String, serde_json::Value>,
    ) -> session_store::Result<bool> {
        let Ok(id) = uuid::Uuid::parse_str(studio) else { return Ok(false) };
        let signed_in = data.get(crate::studio::auth::EPOCH_KEY).and_then(|v| v.as_i64()).unwrap_or(0);
        let current = studio::Entity::find_by_id(id).one(&self.db).await.map_err(backend_error)?;
        Ok(current.is_some_and(|s| i64::from(s.session_epoch) == signed_in))
    }
}

/// The row of the session `id`.
fn row_key(id: &Id) -> String {
    crate::visitor::secrets::hashing::token_digest(&id.to_string())
}

/// Ends every session the studio is signed in on (after a password reset): their next request
/// finds no session.
pub async fn end_all(db: &DatabaseConnection, studio: domain::ids::StudioId) -> Result<u64, sea_orm::DbErr> {
    let result =
        session::Entity::delete_many().filter(session::Column::StudioId.eq(studio.0.to_string())).exec(db).await?;
    Ok(result.rows_affected)
}

/// The studio a session is signed in to, kept beside the data so every session of a studio can
/// be ended at once.
fn studio_of(record: &Record) -> Option<String> {
    record.data.get(crate::studio::auth::STUDIO_KEY).and_then(|v| v.as_str()).map(str::to_owned)
}

fn backend_error(err: sea_orm::DbErr) -> session_store::Error {
    session_store::Error::Backend(err.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; regenerate on the (astronomically unlikely) collision.
        loop {
            let taken =
                session::Entity::find_by_id(row_key(&record.id)).one(&self.db).await.map_err(backend_error)?.is_some();
            if !taken {
                return self.insert(record).await;
            }
            record.id = Id::default();
        }
    }

    /// Saves an existing session: an update only. A session that ended (signed out, renewed,
    /// ended by a password reset) is never written again, whatever a request that loaded it
    /// before it ended does: that request fails instead, and the browser's cookie is left alone.
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let updated = session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(data))
            .col_expr(session::Column::ExpiresAt, Expr::value(record.expiry_date.unix_timestamp()))
            .col_expr(session::Column::StudioId, Expr::value(studio_of(record)))
            .filter(session::Column::Id.eq(row_key(&record.id)))
            .filter(session::Column::Data.ne(ENDED))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        if updated.rows_affected == 0 {
            return Err(session_store::Error::Backend("the session has ended".to_owned()));
        }
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let find =
            |key: String| session::Entity::find_by_id(key).filter(session::Column::ExpiresAt.gt(now)).one(&self.db);
        let row = match find(row_key(session_id)).await.map_err(backend_error)? {
            Some(row) => Some(row),
            None => self.adopt(session_id, find(session_id.to_string()).await.map_err(backend_error)?).await?,
        };
        let Some(row) = row else { return Ok(None) };
        let data = if row.data == ENDED {
            Default::default()
        } else {
            serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?
        };
        let expiry_date = OffsetDateTime::from_unix_timestamp(row.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *session_id, data, expiry_date }))
    }

    /// Wipes the session at once and forgets its id a minute later (`delete_expired`). A renewed
    /// session's old id is deleted here, and a request the browser had already sent with it (an
    /// image the page was loading) may arrive after: finding no session at all, tower-sessions
    /// would answer by removing the browser's cookie — by then the renewed one — and sign the
    /// visitor or photographer out. Finding an empty one, it leaves the cookie alone. Nothing is
    /// kept: the data and the studio are gone as soon as this returns.
    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let forget_at = OffsetDateTime::now_utc().unix_timestamp() + TOMBSTONE_SECONDS;
        session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(ENDED))
            .col_expr(session::Column::StudioId, Expr::value(Option::<String>::None))
            .col_expr(session::Column::ExpiresAt, Expr::value(forget_at))
            .filter(session::Column::Id.eq(row_key(session_id)))
            .exec(&self.db)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}
