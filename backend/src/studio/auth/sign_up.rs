//! Sign-up, confirmed by email. The form's answer is the same whether or not the address has an
//! account ("check your inbox"); the email says which: a new address gets a link that creates the
//! studio (the address is proven on the way), an address with a studio gets a note that someone
//! tried, with links to sign in or reset the password.

use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult};
use crate::mail::{self, OutgoingMail};
use crate::visitor::secrets::email_links::{self, NewLink, Purpose};
use crate::visitor::secrets::{self, AttemptKind, Checked};
use chrono::{DateTime, Utc};
use domain::dto::Me;
use domain::validation;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use tower_sessions::Session;

/// What waits in the link until the address is confirmed.
#[derive(Serialize, Deserialize)]
struct Pending {
    studio_name: String,
    password_hash: String,
}

/// Starts a sign-up: checks the form, then emails the address (throttled per address and per
/// client). Answers the same whether or not the address has a studio.
pub async fn start(ctx: &Ctx, form: super::SignUp, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<()> {
    let studio_name = validation::studio_name(&form.studio_name)?;
    let email = validation::email(&form.email)?;
    let password = validation::new_password(&form.password)?;
    secrets::spend_mail(ctx, "studio", &email, client, now).await?;
    // Hashed either way, so both answers take the same time.
    let password_hash = secrets::hash(ctx, password).await?;
    let existing = studio::Entity::find().filter(studio::Column::Email.eq(&email)).one(&ctx.db).await?;
    let origin = &ctx.config.public_origin;
    let txn = crate::db::begin(&ctx.db).await?;
    let message = match existing {
        Some(studio) => OutgoingMail {
            to: email,
            to_name: Some(studio.name),
            subject: "You already have a Proofroom studio".to_owned(),
            text: format!(
                "Hello,\n\nsomeone (we hope you) asked to create a Proofroom studio with this address, but you have one already.\n\n\
                 Sign in: {origin}/signin\nForgot your password? Choose a new one: {origin}/forgot\n\n\
                 If it was not you, ignore this email: nothing has changed.\n"
            ),
            html: None,
            reply_to: None,
            unsubscribe: None,
            gallery: None,
        },
        None => {
            let payload = serde_json::to_string(&Pending { studio_name: studio_name.clone(), password_hash })
                .map_err(|e| ServiceError::Internal(e.into()))?;
            let link = NewLink { email: email.clone(), payload: Some(payload), ..NewLink::default() };
            let token = email_links::issue(&txn, Purpose::SignUp, link, now).await?;
            OutgoingMail {
                to: email,
                to_name: None,
                subject: "Confirm your email to create your Proofroom studio".to_owned(),
                text: format!(
                    // (The studio's name stays out of it: anyone can sign up with any address,
                    // and the name is theirs to choose, web addresses and all.)
                    "Hello,\n\nto finish creating your Proofroom studio, confirm your email address (the link works once, for 24 hours):\n{origin}{}\n\n\
                     If you did not sign up, ignore this email: no studio is created without this link.\n",
                    Purpose::SignUp.path(&token)
                ),
                html: None,
                reply_to: None,
                unsubscribe: None,
                gallery: None,
            }
        }
    };
    mail::queue(&txn, &message, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The address a confirmation link is for (the page shows it on its button), without using it.
pub async fn details(ctx: &Ctx, token: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<String> {
    Ok(email_links::peek(ctx, Purpose::SignUp, token, client, now).await?.email)
}

/// Confirms the address: creates the studio and signs it in on this browser. The password chosen
/// on the form is asked again: anyone may sign up with someone else's address, and the owner who
/// then clicks the link must not get a studio whose password a stranger chose (throttled like a
/// sign-in, and looked at before anything is hashed).
pub async fn confirm(
    ctx: &Ctx,
    session: &Session,
    token: &str,
    password: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<Me> {
    let link = email_links::peek(ctx, Purpose::SignUp, token, client, now).await?;
    let pending: Pending =
        link.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!("sign-up link {} has no readable payload", link.id))
        })?;
    let stored = Some(pending.password_hash.clone());
    if let Checked::Wrong { .. } =
        secrets::check(ctx, AttemptKind::SignIn, &link.email, client, password, stored, now).await?
    {
        return Err(crate::error::invalid(
            "password",
            "This is not the password chosen on the sign-up form. Type that one: only whoever signed up can finish.",
        ));
    }
    // The link is used up by the studio it makes, in one transaction: a fault between the two
    // must not leave a used link and no studio.
    let txn = crate::db::begin(&ctx.db).await?;
    let Some(link) = email_links::take(ctx, &txn, Purpose::SignUp, token, now).await? else {
        txn.rollback().await?;
        return email_links::refuse_dead(ctx, client, now).await;
    };
    let me = super::insert_studio(&txn, pending.studio_name, link.email, pending.password_hash).await?;
    txn.commit().await?;
    super::start_session(ctx, session, me.studio_id, 0).await?;
    Ok(me)
}
