//! Who a visitor is, within one day (the studio's, see `days`): the SHA-256 of the day's random
//! salt, the gallery and their address. The salt is made on first use each day, shared by every
//! instance through the
//! database, and deleted two days later (`retention`), after which no hash can be traced back to
//! an address by trying them all. No address is stored anywhere in engagement.

use crate::entities::{activity_salt, activity_visitor};
use chrono::NaiveDate;
use domain::engagement::report::ReportRange;
use rand::RngCore;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use uuid::Uuid;

/// The visitor's hash for `gallery` on `day`.
pub async fn hash<C: ConnectionTrait>(db: &C, gallery: Uuid, client: IpAddr, day: NaiveDate) -> Result<String, DbErr> {
    let salt = salt(db, day).await?;
    let mut digest = Sha256::new();
    digest.update(salt.as_bytes());
    digest.update(gallery.as_bytes());
    // An IPv6 visitor by their /64, as the throttles count them: hopping through one's own
    // prefix's addresses is not many visitors.
    digest.update(crate::visitor::secrets::client_key(client).as_bytes());
    Ok(hex::encode(&digest.finalize()[..16]))
}

/// Whether `visitor` is new in `gallery` on `day`: the first call says so, every later one (from
/// any instance) does not.
pub async fn first_today<C: ConnectionTrait>(
    db: &C,
    gallery: Uuid,
    visitor: &str,
    day: NaiveDate,
) -> Result<bool, DbErr> {
    let row = activity_visitor::ActiveModel {
        gallery_id: Set(gallery),
        day: Set(ReportRange::key(day)),
        visitor: Set(visitor.to_owned()),
    };
    let inserted = activity_visitor::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                activity_visitor::Column::GalleryId,
                activity_visitor::Column::Day,
                activity_visitor::Column::Visitor,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

/// The salt of `day`, made by whichever request needs it first.
async fn salt<C: ConnectionTrait>(db: &C, day: NaiveDate) -> Result<String, DbErr> {
    let day = ReportRange::key(day);
    if let Some(found) = activity_salt::Entity::find_by_id(day.clone()).one(db).await? {
        return Ok(found.salt);
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let row = activity_salt::ActiveModel { day: Set(day.clone()), salt: Set(hex::encode(bytes)) };
    // Two instances may make one at once: the first written is everyone's.
    activity_salt::Entity::insert(row)
        .on_conflict(OnConflict::column(activity_salt::Column::Day).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    let stored = activity_salt::Entity::find_by_id(day).one(db).await?;
    stored.map(|s| s.salt).ok_or_else(|| DbErr::RecordNotFound("the day's salt".to_owned()))
}
