//! Password reset by an emailed one-time link: asked for with an address (the answer never says
//! whether it has an account; only an account's owner gets an email), used once within 30
//! minutes to choose a new password, which ends every session of the studio and signs this
//! browser in.

use crate::ctx::Ctx;
use crate::entities::{email_link, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::jobs::{JobError, JobKind, Next, queue};
use crate::mail::{self, OutgoingMail};
use crate::visitor::secrets;
use crate::visitor::secrets::email_links::{self, NewLink, Purpose};
use chrono::{DateTime, Utc};
use domain::dto::Me;
use domain::ids::StudioId;
use domain::validation;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use tower_sessions::Session;

/// Asks for a reset link to be emailed to `email` if a studio signs in with it; answers the same,
/// in the same time, either way: the request only queues the job that looks the address up and
/// mails the link (`SendPasswordReset`), one insert whether or not the account exists, so neither
/// the answer nor its timing tells which addresses have one. Throttled per address and per
/// client, so nobody can flood an inbox.
pub async fn request(ctx: &Ctx, email: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<()> {
    let email = validation::email(email)?;
    secrets::spend_mail(ctx, "reset", &email, client, now).await?;
    queue::enqueue(&ctx.db, &SendPasswordReset { email, asked_at: now }, now.timestamp_millis()).await?;
    Ok(())
}

/// Emails a reset link to `email` when a studio signs in with it; nothing otherwise. Asked at
/// `asked_at`: a link for the address made since then means a run of this job already sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendPasswordReset {
    pub email: String,
    pub asked_at: DateTime<Utc>,
}

impl JobKind for SendPasswordReset {
    const KIND: &'static str = "send_password_reset";

    async fn run(self, ctx: &Ctx) -> Result<Next, JobError> {
        send_link(ctx, self, Utc::now()).await.map_err(|e| JobError::Transient(e.to_string()))?;
        Ok(Next::Done)
    }
}

crate::register_job!(SendPasswordReset);

async fn send_link(ctx: &Ctx, job: SendPasswordReset, now: DateTime<Utc>) -> ServiceResult<()> {
    let SendPasswordReset { email, asked_at } = job;
    let Some(found) = studio::Entity::find().filter(studio::Column::Email.eq(&email)).one(&ctx.db).await? else {
        return Ok(());
    };
    // A run that committed its link and mail, then died before the job was marked done (a crash,
    // a lost lease), has sent it: a second run would mail a second link. (A later request made
    // its own job; whichever runs first sends the one link both asked for.)
    let already = email_link::Entity::find()
        .filter(email_link::Column::Purpose.eq(Purpose::PasswordReset.as_str()))
        .filter(email_link::Column::Email.eq(&email))
        .filter(email_link::Column::CreatedAt.gte(asked_at))
        .count(&ctx.db)
        .await?;
    if already > 0 {
        return Ok(());
    }
    let txn = crate::db::begin(&ctx.db).await?;
    let link = NewLink { email: email.clone(), studio: Some(found.id), ..NewLink::default() };
    let token = email_links::issue(&txn, Purpose::PasswordReset, link, now).await?;
    let message = OutgoingMail {
        to: email,
        to_name: Some(found.name),
        subject: "Choose a new Proofroom password".to_owned(),
        text: format!(
            "Hello,\n\nsomeone (we hope you) asked to reset the password of your Proofroom studio. Choose a new one here (the link works once, for 30 minutes):\n{}{}\n\n\
             Choosing a new password signs you out everywhere else. If it was not you, ignore this email: your password stays as it is.\n",
            ctx.config.public_origin,
            Purpose::PasswordReset.path(&token)
        ),
        html: None,
        reply_to: None,
        unsubscribe: None,
        gallery: None,
    };
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The address a reset link is for (the page shows it), without using it.
pub async fn details(ctx: &Ctx, token: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<String> {
    Ok(email_links::peek(ctx, Purpose::PasswordReset, token, client, now).await?.email)
}

/// Sets the new password, ends every session of the studio, and signs it in on this browser.
pub async fn reset(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    password: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<Me> {
    let password = validation::new_password(password)?;
    // The link is looked at (a dead one counted as a miss, and a client with too many refused)
    // before the password is hashed: hashing is the costly part, and the hashing slots are shared
    // with every sign-in, so made-up links must not reach it.
    email_links::peek(ctx, Purpose::PasswordReset, token, client, now).await?;
    let hash = secrets::hash(ctx, password).await?;
    let link = email_links::redeem(ctx, &ctx.db, Purpose::PasswordReset, token, client, now).await?;
    let found = match link.studio_id {
        Some(id) => studio::Entity::find_by_id(id).one(&ctx.db).await?,
        None => None,
    }
    .ok_or(ServiceError::NotFound)?;
    let me = Me { studio_id: StudioId(found.id), studio_name: found.name.clone(), email: found.email.clone() };
    // The new password and a new session epoch in one write: no session of the old epoch is
    // written again (a request in flight that renews one, a sign-in that read the old password).
    // Only from the epoch read: of two resets at once, one turns it over and the other is
    // refused (each would otherwise write the same next epoch).
    let epoch = found.session_epoch.wrapping_add(1);
    let turned = studio::Entity::update_many()
        .col_expr(studio::Column::PasswordHash, Expr::value(hash))
        .col_expr(studio::Column::SessionEpoch, Expr::value(epoch))
        .filter(studio::Column::Id.eq(found.id))
        .filter(studio::Column::SessionEpoch.eq(found.session_epoch))
        .exec(&ctx.db)
        .await?;
    if turned.rows_affected == 0 {
        return Err(ServiceError::Conflict(
            "The password was just changed from another reset link. Sign in with that one, or ask for a new link."
                .to_owned(),
        ));
    }
    // Any other reset link still unused (asked for by whoever could read the mailbox) dies with
    // the old password.
    email_links::use_up_all(&ctx.db, Purpose::PasswordReset, me.studio_id.0, now).await?;
    crate::visitor::sessions::end_all(&ctx.db, me.studio_id).await?;
    // Guesses at the old password locked the account for everyone, the owner too ("reset your
    // password, or wait"): the reset lifts that, on every device, not only on this browser.
    secrets::forget(ctx, secrets::AttemptKind::SignIn, &me.email).await?;
    super::start_session(ctx, session, me.studio_id, epoch).await?;
    Ok(me)
}
