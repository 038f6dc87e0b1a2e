//! An order's rows as the other order modules read them: its link's path and stored secret, its
//! lines, its status and currency, a line as shown.

use crate::ctx::Ctx;
use crate::entities::{order, order_line};
use crate::error::{ServiceError, ServiceResult};
use domain::ids::{ImageId, OrderLineId};
use domain::policy::DownloadSize;
use domain::store::views::OrderLineView;
use domain::store::{Currency, OrderStatus, format_price};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// The order page's path for a token.
pub fn order_path(token: &str) -> String {
    format!("/orders/{token}")
}

/// An order's lines in order.
pub async fn lines_of(ctx: &Ctx, order: Uuid) -> ServiceResult<Vec<order_line::Model>> {
    Ok(order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order))
        .order_by_asc(order_line::Column::Position)
        .all(&ctx.db)
        .await?)
}

/// The lines of `orders`, by order, each order's in their positions: a query for a few hundred
/// orders, not one an order.
pub async fn lines_by_order(
    ctx: &Ctx,
    orders: &[Uuid],
) -> ServiceResult<std::collections::HashMap<Uuid, Vec<order_line::Model>>> {
    let mut by_order: std::collections::HashMap<Uuid, Vec<order_line::Model>> = std::collections::HashMap::new();
    for chunk in orders.chunks(500) {
        let lines = order_line::Entity::find()
            .filter(order_line::Column::OrderId.is_in(chunk.iter().copied()))
            .order_by_asc(order_line::Column::Position)
            .all(&ctx.db)
            .await?;
        for line in lines {
            by_order.entry(line.order_id).or_default().push(line);
        }
    }
    Ok(by_order)
}

pub fn line_view(l: &order_line::Model, currency: Currency) -> OrderLineView {
    OrderLineView {
        id: OrderLineId(l.id),
        image: l.image_id.map(ImageId),
        item: l.file_name.clone(),
        licence: l.product_name.clone(),
        description: l.product_description.clone(),
        size: DownloadSize::from_token(&l.size).unwrap_or(DownloadSize::Hd),
        price: format_price(l.price_minor, currency),
        thumb_url: None,
        download_url: None,
        in_archive: false,
    }
}

/// Where the order stands (a stored status is always one of ours).
pub fn status_of(o: &order::Model) -> OrderStatus {
    OrderStatus::parse(&o.status).unwrap_or(OrderStatus::AwaitingPayment)
}

pub fn currency_code(o: &order::Model) -> ServiceResult<Currency> {
    Currency::from_code(&o.currency)
        .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("order {} has currency {:?}", o.id, o.currency)))
}
