//! What became of outbox messages, as the photographer is shown it beside the invitations and
//! share emails that sent them: from the outbox row's state (sent, tried, refused for good).

use crate::ctx::Ctx;
use crate::entities::outbox;
use crate::error::ServiceResult;
use domain::engagement::notifications::MailDelivery;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The delivery of each of the messages `ids` still in the outbox.
pub async fn of(ctx: &Ctx, ids: impl IntoIterator<Item = Uuid>) -> ServiceResult<HashMap<Uuid, MailDelivery>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = outbox::Entity::find().filter(outbox::Column::Id.is_in(ids)).all(&ctx.db).await?;
    Ok(rows.into_iter().map(|row| (row.id, delivery(&row))).collect())
}

fn delivery(row: &outbox::Model) -> MailDelivery {
    match (row.sent_at, row.attempts, &row.last_error) {
        (Some(at), _, _) => MailDelivery::Sent { at },
        (None, 0, _) => MailDelivery::Sending,
        (None, _, Some(said)) if row.refused_for_good => MailDelivery::Refused { said: said.clone() },
        (None, _, _) => MailDelivery::Waiting,
    }
}
