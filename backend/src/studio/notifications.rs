//! The studio's notification settings: the daily digest (on or off, its local hour and time
//! zone) and security notices.

use crate::ctx::Ctx;
use crate::entities::studio;
use crate::error::{ServiceError, ServiceResult};
use domain::engagement::notifications::NotificationSettings;
use domain::ids::StudioId;
use domain::validation::FieldError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

/// The signed-in studio's notification settings.
pub async fn settings(ctx: &Ctx, id: StudioId) -> ServiceResult<NotificationSettings> {
    let s = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::Unauthenticated)?;
    Ok(NotificationSettings {
        digest: s.notify_digest,
        digest_hour: u8::try_from(s.digest_hour.clamp(0, 23)).unwrap_or(8),
        time_zone: s.time_zone,
        security: s.notify_security,
    })
}

/// Saves them; the hour and the time zone are checked.
pub async fn update(ctx: &Ctx, id: StudioId, wanted: NotificationSettings) -> ServiceResult<()> {
    if wanted.digest_hour > 23 {
        return Err(FieldError::new("digest_hour", "Choose an hour from 0 to 23.").into());
    }
    let zone = time_zone(&wanted.time_zone)?;
    let s = studio::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::Unauthenticated)?;
    let mut row: studio::ActiveModel = s.into();
    row.notify_digest = Set(wanted.digest);
    row.digest_hour = Set(i32::from(wanted.digest_hour));
    row.time_zone = Set(zone.name().to_owned());
    row.notify_security = Set(wanted.security);
    row.update(&ctx.db).await?;
    Ok(())
}

/// The IANA time zone named `name`, or a sentence.
pub fn time_zone(name: &str) -> Result<chrono_tz::Tz, FieldError> {
    name.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        FieldError::new(
            "time_zone",
            format!("“{}” is not a time zone we know. Choose one from the list, such as Europe/Paris.", name.trim()),
        )
    })
}

/// Every time zone's name, for the settings' list.
pub fn time_zones() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_checked() {
        assert_eq!(time_zone(" Europe/Paris ").expect("known").name(), "Europe/Paris");
        assert_eq!(time_zone("Mars/Olympus").expect_err("unknown").field, "time_zone");
        assert!(time_zones().contains(&"UTC"));
    }
}
