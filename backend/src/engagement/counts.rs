//! The counts reports read, kept as running totals.
//!
//! A key is one kind of event in one gallery: in all (`image` and `email` empty), or one image's
//! or one person's share. `activity_totals` holds each key's count so far; `activity_running`
//! holds, for each day the key had events, its count up to the end of that day. The count over
//! any range of days is the running total on its last day less the one before its first: two
//! look-ups per key, whether the range is a day or 13 months and however many events it holds.
//!
//! Writers of a key take turns on its totals row (PostgreSQL locks it until the transaction
//! ends; SQLite has one writer), and always change it before its running rows, in key order, so
//! two transactions never wait on each other in a circle.

mod add;
mod forget;
mod range;

pub use add::add;
pub use forget::forget_before;
pub use range::{Count, over, per_day};

use crate::entities::{activity_running as running, activity_total as total};
use domain::engagement::EventKind;
use sea_orm::sea_query::{Order, Query, QueryStatementBuilder, SimpleExpr};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// What a count is of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    pub gallery: Uuid,
    pub kind: EventKind,
    /// Empty, or an image id.
    pub image: String,
    /// Empty, or a person's email.
    pub email: String,
}

impl Key {
    /// The gallery's count of `kind`, everyone's and every photo's.
    pub fn all(gallery: Uuid, kind: EventKind) -> Key {
        Key { gallery, kind, image: String::new(), email: String::new() }
    }

    /// The order writers take keys in.
    fn order(&self) -> (Uuid, &'static str, &str, &str) {
        (self.gallery, self.kind.token(), &self.image, &self.email)
    }

    /// This key's running rows.
    fn running_rows(&self) -> Condition {
        Condition::all()
            .add(running::Column::GalleryId.eq(self.gallery))
            .add(running::Column::Kind.eq(self.kind.token()))
            .add(running::Column::Image.eq(self.image.as_str()))
            .add(running::Column::Email.eq(self.email.as_str()))
    }
}

/// `column` of the key's latest running row that meets `when` (`key_rows` ties the row to the
/// key, here or in the outer query).
fn latest(key_rows: Condition, column: running::Column, when: SimpleExpr) -> SimpleExpr {
    let mut query = Query::select();
    query
        .column((running::Entity, column))
        .from(running::Entity)
        .cond_where(key_rows)
        .and_where(when)
        .order_by((running::Entity, running::Column::Day), Order::Desc)
        .limit(1);
    SimpleExpr::SubQuery(None, Box::new(query.into_sub_query_statement()))
}
