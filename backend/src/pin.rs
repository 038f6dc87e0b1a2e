//! The download PIN, as a visitor gives it. Wrong PINs are throttled three ways, all counted in
//! the database so they survive restarts and hold across instances:
//! - per (client address, gallery): 5 failures in 15 minutes → wait 15 minutes (429);
//! - per gallery: 10 failures in 24 hours → PIN entry locked for 24 hours (sessions that already
//!   gave the PIN keep downloading: they never come here);
//! - per client address, across galleries: 20 failures in an hour → wait an hour.
//!
//! An attempt is charged before the PIN is compared (a row is written first and removed only when
//! the PIN was right), so parallel guesses count like sequential ones.

use crate::access;
use crate::ctx::Ctx;
use crate::entities::{gallery, pin_attempt};
use crate::error::{ServiceError, ServiceResult};
use crate::throttle::{Rule, locked_until};
use chrono::{DateTime, Duration, Utc};
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::net::IpAddr;
use tower_sessions::Session;
use uuid::Uuid;

const PER_ADDRESS_AND_GALLERY: Rule = Rule { failures: 5, window: Duration::minutes(15), lock: Duration::minutes(15) };
const PER_GALLERY: Rule = Rule { failures: 10, window: Duration::hours(24), lock: Duration::hours(24) };
const PER_ADDRESS: Rule = Rule { failures: 20, window: Duration::hours(1), lock: Duration::hours(1) };

/// Checks a visitor's PIN for the gallery at `slug` and remembers it for the session.
pub async fn give(
    ctx: &Ctx,
    session: &Session,
    slug: &str,
    pin: &str,
    client: IpAddr,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let g = crate::galleries::find_by_slug(ctx, slug).await?;
    let viewer = access::viewer(session).await?;
    let admitted = access::admission(ctx, &viewer, &g, now).await?;
    admitted.check(Action::ViewGallery)?;
    let Some(stored) = g.pin_hash.clone() else { return Ok(()) };
    // Only someone who could download once the PIN is given may try one: no free guesses for
    // links without downloads.
    if domain::policy::allowed_sizes(&admitted.actor, &admitted.facts).is_empty() {
        return Err(ServiceError::Forbidden(
            "Downloads are not open to your link, so there is no PIN to give. Ask your photographer.".to_owned(),
        ));
    }
    let attempt = charge(ctx, &g, client, now).await?;
    if let Err(err) = within_limits(ctx, &g, client, attempt, now).await {
        pin_attempt::Entity::delete_by_id(attempt).exec(&ctx.db).await?;
        return Err(err);
    }
    if !crate::auth::verify_password(ctx, pin.trim(), Some(stored)).await? {
        return Err(ServiceError::Forbidden(
            "That PIN is not right. Check it with your photographer and try again.".to_owned(),
        ));
    }
    pin_attempt::Entity::delete_by_id(attempt).exec(&ctx.db).await?;
    access::update_visit(session, g.id, |visit| visit.pin_epoch = Some(g.pin_epoch)).await
}

/// The key attempts are counted under: the address, or for IPv6 its /64 (one subscriber's
/// network), so hopping through a prefix's addresses does not give fresh guesses.
fn client_key(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Writes the attempt before anything is compared.
async fn charge(ctx: &Ctx, g: &gallery::Model, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<Uuid> {
    let id = Uuid::now_v7();
    pin_attempt::Entity::insert(pin_attempt::ActiveModel {
        id: sea_orm::ActiveValue::Set(id),
        gallery_id: sea_orm::ActiveValue::Set(g.id),
        client_addr: sea_orm::ActiveValue::Set(client_key(client)),
        created_at: sea_orm::ActiveValue::Set(now),
    })
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(id)
}

/// Refuses with 429 and the wait when any rule locks, counting every other attempt on record
/// (those still being compared included).
async fn within_limits(
    ctx: &Ctx,
    g: &gallery::Model,
    client: IpAddr,
    own: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let since = now - Duration::hours(48);
    let by_address = pin_attempt::Entity::find()
        .filter(pin_attempt::Column::ClientAddr.eq(client_key(client)))
        .filter(pin_attempt::Column::CreatedAt.gt(since))
        .filter(pin_attempt::Column::Id.ne(own))
        .all(&ctx.db)
        .await?;
    let by_gallery = pin_attempt::Entity::find()
        .filter(pin_attempt::Column::GalleryId.eq(g.id))
        .filter(pin_attempt::Column::CreatedAt.gt(since))
        .filter(pin_attempt::Column::Id.ne(own))
        .all(&ctx.db)
        .await?;
    let times = |rows: &[pin_attempt::Model], here: bool| -> Vec<DateTime<Utc>> {
        rows.iter().filter(|r| !here || r.gallery_id == g.id).map(|r| r.created_at).collect()
    };
    let checks = [
        (PER_ADDRESS_AND_GALLERY, times(&by_address, true), "Too many wrong PINs from here. Wait"),
        (
            PER_GALLERY,
            times(&by_gallery, false),
            "PIN entry for this gallery is locked after too many wrong PINs. Ask your photographer, or wait",
        ),
        (PER_ADDRESS, times(&by_address, false), "Too many wrong PINs from here. Wait"),
    ];
    let locked = checks
        .into_iter()
        .filter_map(|(rule, failures, sentence)| locked_until(rule, &failures, now).map(|until| (until, sentence)))
        .max_by_key(|(until, _)| *until);
    match locked {
        None => Ok(()),
        Some((until, sentence)) => {
            let wait = (until - now).num_seconds().max(1) as u64;
            Err(ServiceError::TooMany {
                message: format!("{sentence} {} and try again.", human_wait(wait)),
                retry_after: wait,
            })
        }
    }
}

fn human_wait(seconds: u64) -> String {
    match seconds {
        0..=90 => "a minute".to_owned(),
        91..=5399 => format!("{} minutes", seconds.div_ceil(60)),
        _ => format!("{} hours", seconds.div_ceil(3600)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_per_64_and_mapped_v4_as_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().expect("ip");
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key(a), "2001:db8:1:2::/64");
        assert_eq!(client_key("::ffff:203.0.113.5".parse().expect("ip")), "203.0.113.5");
        assert_eq!(client_key("198.51.100.1".parse().expect("ip")), "198.51.100.1");
    }
}
