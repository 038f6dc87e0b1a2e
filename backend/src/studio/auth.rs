//! Photographers' accounts: sign-in and sign-out here; sign-up confirmed by email
//! (`sign_up`) and password reset by an emailed one-time link (`password_reset`). Neither
//! ever says whether an address has an account. The session (server-side) holds only the studio
//! id; its id is cycled at sign-in so a session fixed before sign-in is worthless after it.

pub mod password_reset;
pub mod sign_up;

use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult, is_unique_violation};
use crate::visitor::secrets;
use chrono::Utc;
use domain::dto::Me;
use domain::ids::StudioId;
use domain::validation;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::net::IpAddr;
use tower_sessions::Session;
use uuid::Uuid;

/// Session key: the signed-in studio.
pub(crate) const STUDIO_KEY: &str = "studio_id";
/// The studio's session epoch the sign-in was made in (missing: 0, sessions signed in before
/// epochs were kept).
pub(crate) const EPOCH_KEY: &str = "studio_epoch";

/// What sign-up asks for.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub studio_name: String,
    pub email: String,
    pub password: String,
}

/// Creates a studio with an already hashed password (no session, no email: used when a sign-up
/// is confirmed and by the demo seed). The contact email starts empty: clients see the studio's
/// sign-in address only if the photographer enters it as their contact.
pub async fn insert_studio<C: ConnectionTrait>(
    db: &C,
    name: String,
    email: String,
    password_hash: String,
) -> ServiceResult<Me> {
    let id = Uuid::now_v7();
    let row = studio::ActiveModel {
        id: Set(id),
        name: Set(name.clone()),
        email: Set(email.clone()),
        password_hash: Set(password_hash),
        accent_color: Set(domain::brand::DEFAULT_ACCENT.to_owned()),
        contact_email: Set(String::new()),
        logo_key: Set(None),
        watermark: Set(None),
        created_at: Set(Utc::now()),
        time_zone: Set("UTC".to_owned()),
        digest_hour: Set(8),
        notify_digest: Set(true),
        notify_security: Set(true),
        session_epoch: Set(0),
    };
    if let Err(err) = studio::Entity::insert(row).exec(db).await {
        return Err(if is_unique_violation(&err) {
            ServiceError::Conflict("A studio with this email address exists already. Sign in instead.".to_owned())
        } else {
            err.into()
        });
    }
    Ok(Me { studio_id: StudioId(id), studio_name: name, email })
}

/// Creates a studio from a sign-up form straight away (the demo seed; people sign up by email).
pub async fn create_studio(ctx: &Ctx, form: SignUp) -> ServiceResult<Me> {
    let name = validation::studio_name(&form.studio_name)?;
    let email = validation::email(&form.email)?;
    let password = validation::new_password(&form.password)?;
    let hash = secrets::hash(ctx, password).await?;
    insert_studio(&ctx.db, name, email, hash).await
}

/// Checks the email and password (throttled: `secrets::AttemptKind::SignIn`, counted per typed
/// address whether or not it has an account) and signs the studio in. The error never says which
/// was wrong, and an unknown address takes as long as a known one.
pub async fn sign_in(ctx: &Ctx, session: &Session, email: &str, password: &str, client: IpAddr) -> ServiceResult<Me> {
    let refused = || {
        ServiceError::Forbidden("That email and password do not match an account. Check both and try again.".to_owned())
    };
    let email = validation::email_to_find(email).map_err(|_| refused())?;
    let found = studio::Entity::find().filter(studio::Column::Email.eq(&email)).one(&ctx.db).await?;
    let stored = found.as_ref().map(|s| s.password_hash.clone());
    let kind = secrets::AttemptKind::SignIn;
    match (secrets::check(ctx, kind, &email, client, password, stored, Utc::now()).await?, found) {
        (secrets::Checked::Right, Some(studio)) => {
            start_session(ctx, session, StudioId(studio.id), studio.session_epoch).await?;
            Ok(Me { studio_id: StudioId(studio.id), studio_name: studio.name, email: studio.email })
        }
        _ => Err(refused()),
    }
}

/// Ends the session (the record is deleted from the store).
pub async fn sign_out(session: &Session) -> ServiceResult<()> {
    session.flush().await.map_err(|e| ServiceError::Internal(e.into()))
}

/// The studio signed in on this session, if any (and if it still exists).
pub async fn current(ctx: &Ctx, session: &Session) -> ServiceResult<Option<Me>> {
    let Some(id) = current_studio_id(session).await? else { return Ok(None) };
    Ok(studio::Entity::find_by_id(id.0).one(&ctx.db).await?.map(|s| Me {
        studio_id: StudioId(s.id),
        studio_name: s.name,
        email: s.email,
    }))
}

/// The signed-in studio's id, or `Unauthenticated`.
pub async fn require_studio(session: &Session) -> ServiceResult<StudioId> {
    current_studio_id(session).await?.ok_or(ServiceError::Unauthenticated)
}

/// How long a signed-in session lasts without use.
pub const SESSION_IDLE: time::Duration = time::Duration::days(14);

/// When the signed-in session was last written (unix seconds).
const RENEWED_KEY: &str = "renewed_at";

/// The studio id stored in the session, if any. A signed-in session is kept alive (`keep_alive`).
pub async fn current_studio_id(session: &Session) -> ServiceResult<Option<StudioId>> {
    let internal = |e: tower_sessions::session::Error| ServiceError::Internal(e.into());
    let id = session.get::<StudioId>(STUDIO_KEY).await.map_err(internal)?;
    if id.is_some() {
        keep_alive(session).await?;
    }
    Ok(id)
}

/// Writes a session in use again once it was last written more than half its life ago, which
/// renews its expiry and cookie: a photographer who keeps working stays signed in, and a client
/// who keeps coming back keeps their link, PIN, password and proven address. (Sessions are saved
/// only when changed; renewing on every request would cost a database write per image view.)
pub async fn keep_alive(session: &Session) -> ServiceResult<()> {
    let internal = |e: tower_sessions::session::Error| ServiceError::Internal(e.into());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let renewed = session.get::<i64>(RENEWED_KEY).await.map_err(internal)?.unwrap_or(0);
    if now - renewed > SESSION_IDLE.whole_seconds() / 2 {
        session.insert(RENEWED_KEY, now).await.map_err(internal)?;
    }
    Ok(())
}

/// Signs `id` in on this session, under a new session id. `epoch`: the studio's session epoch,
/// read with the password that was checked (the session store writes the session only while the
/// studio is still in that epoch).
pub(crate) async fn start_session(ctx: &Ctx, session: &Session, id: StudioId, epoch: i32) -> ServiceResult<()> {
    let internal = |e: tower_sessions::session::Error| ServiceError::Internal(e.into());
    session.cycle_id().await.map_err(internal)?;
    session.insert(RENEWED_KEY, time::OffsetDateTime::now_utc().unix_timestamp()).await.map_err(internal)?;
    session.insert(EPOCH_KEY, epoch).await.map_err(internal)?;
    session.insert(STUDIO_KEY, id).await.map_err(internal)?;
    // Written now rather than after the answer: a password reset between the password's check
    // and this write refuses the session, and the person is told why (refused after the answer,
    // it would be a bare server error). Emptied, the session is not written again. (The layer
    // still writes it once more after the answer, as an update of this row: a reset in the moment
    // between the two ends in a server error, and no session is kept either way.)
    if let Err(err) = session.save().await {
        session.clear().await;
        let now = studio::Entity::find_by_id(id.0).one(&ctx.db).await?;
        if now.is_some_and(|studio| studio.session_epoch != epoch) {
            return Err(ServiceError::Conflict(
                "This studio's password was changed a moment ago. Sign in with the new password.".to_owned(),
            ));
        }
        return Err(internal(err));
    }
    Ok(())
}
