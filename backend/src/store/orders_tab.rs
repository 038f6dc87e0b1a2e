//! The photographer's Orders tab: a gallery's orders, newest first, optionally of one status, and
//! every order line as CSV.

use super::order_records::{currency_code, line_view, lines_of, status_of};
use crate::ctx::Ctx;
use crate::entities::order;
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use domain::ids::{GalleryId, OrderId, StudioId};
use domain::store::views::{OrderSummary, PaymentMethod};
use domain::store::{OrderChange, OrderStatus, format_price};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The gallery's orders for the Orders tab, newest first, optionally of one status.
pub async fn list(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    status: Option<OrderStatus>,
) -> ServiceResult<Vec<OrderSummary>> {
    let g = load_owned(ctx, studio, gallery).await?;
    let mut query = order::Entity::find().filter(order::Column::GalleryId.eq(g.id));
    if let Some(status) = status {
        query = query.filter(order::Column::Status.eq(status.as_str()));
    }
    let orders = query.order_by_desc(order::Column::CreatedAt).all(&ctx.db).await?;
    let mut summaries = Vec::with_capacity(orders.len());
    for o in orders {
        let currency = currency_code(&o)?;
        let status = status_of(&o);
        summaries.push(OrderSummary {
            id: OrderId(o.id),
            number: o.number.clone(),
            status,
            placed_at: o.created_at,
            buyer_name: o.buyer_name.clone(),
            buyer_email: o.buyer_email.clone(),
            method: PaymentMethod::parse(&o.provider).unwrap_or(PaymentMethod::Invoice),
            total: format_price(o.total_minor, currency),
            lines: lines_of(ctx, o.id).await?.iter().map(|l| line_view(l, currency)).collect(),
            changes: [OrderChange::MarkPaid, OrderChange::Cancel, OrderChange::Refund]
                .into_iter()
                .filter(|c| status.after(*c).is_some())
                .collect(),
        });
    }
    Ok(summaries)
}

/// Every order line of the gallery as CSV (one row per line; formula-safe).
pub async fn csv_export(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<String> {
    let cell = domain::select_export::cell;
    let mut out =
        String::from("order,placed_at,status,buyer_name,buyer_email,method,photo,licence,size,price,order_total\r\n");
    for summary in list(ctx, studio, gallery, None).await? {
        for line in &summary.lines {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{}\r\n",
                cell(&summary.number),
                summary.placed_at.format("%Y-%m-%dT%H:%M:%SZ"),
                summary.status.as_str(),
                cell(&summary.buyer_name),
                cell(&summary.buyer_email),
                summary.method.as_str(),
                cell(&line.item),
                cell(&line.licence),
                cell(&line.size.label()),
                cell(&line.price),
                cell(&summary.total),
            ));
        }
    }
    Ok(out)
}
