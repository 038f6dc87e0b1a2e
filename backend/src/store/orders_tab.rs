//! The photographer's Orders tab: a gallery's orders, newest first, optionally of one status, and
//! every order line as CSV.

use super::order_records::{currency_code, line_view, lines_by_order, status_of};
use crate::ctx::Ctx;
use crate::entities::{order, order_line};
use crate::error::ServiceResult;
use crate::gallery::records::load_owned;
use domain::ids::{GalleryId, OrderId, StudioId};
use domain::store::views::{OrderSummary, PaymentMethod, RefundWay};
use domain::store::{OrderChange, OrderStatus, format_price, price_input};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The gallery's orders for the Orders tab, newest first, optionally of one status.
pub async fn list(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    status: Option<OrderStatus>,
) -> ServiceResult<Vec<OrderSummary>> {
    let (orders, mut lines) = orders_with_lines(ctx, studio, gallery, status).await?;
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
            lines: lines.remove(&o.id).unwrap_or_default().iter().map(|l| line_view(l, currency)).collect(),
            changes: [OrderChange::MarkPaid, OrderChange::Cancel, OrderChange::Refund]
                .into_iter()
                .filter(|c| status.after(*c).is_some())
                .collect(),
            refund: refund_way(ctx, &o),
        });
    }
    Ok(summaries)
}

/// How the money of `o` goes back: a card payment (an order paid by card keeps its payment's
/// reference; one marked paid by hand lets it go) through Stripe when it is set up here.
fn refund_way(ctx: &Ctx, o: &order::Model) -> RefundWay {
    match (super::stripe::card_payment(o), ctx.config.stripe.is_some()) {
        (true, true) => RefundWay::Stripe,
        (true, false) => RefundWay::StripeDashboard,
        (false, _) => RefundWay::ByHand,
    }
}

/// The gallery's orders, newest first (optionally of one status), and their lines by order.
async fn orders_with_lines(
    ctx: &Ctx,
    studio: StudioId,
    gallery: GalleryId,
    status: Option<OrderStatus>,
) -> ServiceResult<(Vec<order::Model>, std::collections::HashMap<uuid::Uuid, Vec<order_line::Model>>)> {
    let g = load_owned(ctx, studio, gallery).await?;
    let mut query = order::Entity::find().filter(order::Column::GalleryId.eq(g.id));
    if let Some(status) = status {
        query = query.filter(order::Column::Status.eq(status.as_str()));
    }
    let orders = query.order_by_desc(order::Column::CreatedAt).all(&ctx.db).await?;
    let lines = lines_by_order(ctx, &orders.iter().map(|o| o.id).collect::<Vec<_>>()).await?;
    Ok((orders, lines))
}

/// Every order line of the gallery as CSV (one row per line; formula-safe). Besides the prices as
/// people read them, each line's currency and amount as plain numbers (`1250.00`), which a
/// spreadsheet sums; the order's total is on each of its lines, so it is summed per order.
pub async fn csv_export(ctx: &Ctx, studio: StudioId, gallery: GalleryId) -> ServiceResult<String> {
    let cell = domain::select_export::cell;
    let mut out = String::from(
        "order,placed_at,status,buyer_name,buyer_email,method,photo,licence,size,price,order_total,currency,amount\r\n",
    );
    let (orders, lines) = orders_with_lines(ctx, studio, gallery, None).await?;
    for o in &orders {
        let currency = currency_code(o)?;
        let method = PaymentMethod::parse(&o.provider).unwrap_or(PaymentMethod::Invoice);
        for line in lines.get(&o.id).map(Vec::as_slice).unwrap_or_default() {
            let shown = line_view(line, currency);
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                cell(&o.number),
                o.created_at.format("%Y-%m-%dT%H:%M:%SZ"),
                status_of(o).as_str(),
                cell(&o.buyer_name),
                cell(&o.buyer_email),
                method.as_str(),
                cell(&shown.item),
                cell(&shown.licence),
                cell(&shown.size.label()),
                cell(&shown.price),
                cell(&format_price(o.total_minor, currency)),
                currency.code(),
                price_input(line.price_minor, currency),
            ));
        }
    }
    Ok(out)
}
