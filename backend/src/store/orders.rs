//! Orders as buyers meet them: placing one from the cart (checkout, with the email carrying its
//! link), the order page behind that link, starting a card payment, and the shop on the gallery
//! page. An order keeps a copy of every product and price it was placed with. Status changes are
//! `order_status`'s; the photographer's list is `orders_tab`'s.

use super::cart::{self, Priced};
use super::order_records::{currency_code, line_view, lines_of, order_path, status_of};
use super::payments::Provider;
use crate::ctx::Ctx;
use crate::entities::{gallery, image, order, order_image, order_line, studio};
use crate::error::{ServiceError, ServiceResult};
use crate::mail::letter::{Brand, Letter};
use crate::mail::{self, OutgoingMail};
use crate::visitor::access::{self, Viewer};
use crate::visitor::secrets::hashing::token_digest as digest;
use crate::visitor::secrets::{self, AttemptKind};
use chrono::{DateTime, Utc};
use domain::store::views::{CheckoutForm, OrderLineView, OrderLink, OrderView, PaymentMethod, ShopView};
use domain::store::{Currency, OrderStatus, ProductKind, format_price, order_number};
use domain::validation::{TextRule, text};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashSet;
use std::net::IpAddr;
use tower_sessions::Session;
use uuid::Uuid;

/// What checkout leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The order page (its secret link).
    pub order_path: String,
    /// Where to pay now (Stripe Checkout), for card payments.
    pub pay_url: Option<String>,
}

/// Places an order for the visitor's cart: the lines as the price sheet prices them now (any
/// price or total the browser might send plays no part), awaiting payment. The buyer is emailed
/// the order's link; a card payment is started at Stripe.
pub async fn checkout(
    ctx: &Ctx,
    session: &Session,
    viewer: &Viewer,
    slug: &str,
    form: CheckoutForm,
    now: DateTime<Utc>,
) -> ServiceResult<Placed> {
    let name = text(
        TextRule {
            field: "name",
            label: "name",
            empty: "Give your name for the order and its receipt.",
            max: 120,
            multiline: false,
        },
        &form.name,
    )?;
    // The name is written into an email sent to any address typed here, under the studio's name:
    // it carries no link, as a share's note does not.
    if domain::links::has_web_address(&name) {
        return Err(crate::error::invalid(
            "name",
            "Give your name without a web address (a space after each full stop, as in “St. Pierre”).",
        ));
    }
    let email = domain::validation::email(&form.email)?;
    let provider = Provider::chosen(ctx, form.method)?;
    let shop = cart::shop(ctx, viewer, slug, now).await?;
    let (lines, dropped) = cart::priced_lines(ctx, &shop).await?;
    if lines.is_empty() {
        return Err(ServiceError::Conflict(if dropped > 0 {
            "The photos in your cart can no longer be bought here. Reload the gallery to see what is for sale."
                .to_owned()
        } else {
            "Your cart is empty. Add a licence for a photo first.".to_owned()
        }));
    }
    for line in &lines {
        provider.check_price(line.product.price_minor, shop.currency.code())?;
    }
    provider.check_total(lines.iter().map(|p| p.product.price_minor).sum(), shop.currency.code())?;
    // A whole-gallery licence covers the photos this buyer sees now, not those added later or
    // kept from their link.
    let covered = match lines.iter().any(|p| p.image.is_none()) {
        true => crate::gallery::pages::visible_rows(ctx, &shop.admitted, shop.gallery.id).await?,
        false => Vec::new(),
    };
    // The photographer may have changed a price, a size, a licence or the photos a whole-gallery
    // licence covers while the buyer looked.
    if form.seen.as_ref().is_some_and(|seen| *seen != cart::fingerprint(&lines, covered.len())) || dropped > 0 {
        return Err(ServiceError::Conflict(
            "Your cart changed while you were looking at it (a price, a size, a licence or the gallery's photos changed). Check it again below, then place your order."
                .to_owned(),
        ));
    }
    // Each order emails the address typed: counted per address and per client, so checkout
    // cannot send mail in bulk.
    secrets::spend(ctx, AttemptKind::OrderPlaced, &email, viewer.client, now).await?;
    let id = unused_order_id(ctx, shop.gallery.studio_id).await?;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = hex::encode(secret);
    let total: i64 = lines.iter().map(|p| p.product.price_minor).sum();
    let owner = studio::Entity::find_by_id(shop.gallery.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let row = order::ActiveModel {
        id: Set(id),
        studio_id: Set(shop.gallery.studio_id),
        gallery_id: Set(shop.gallery.id),
        number: Set(order_number(id)),
        token_hash: Set(digest(&token)),
        receipt_token_hash: Set(None),
        buyer_name: Set(name.clone()),
        buyer_email: Set(email.clone()),
        status: Set(OrderStatus::AwaitingPayment.as_str().to_owned()),
        currency: Set(shop.currency.code().to_owned()),
        total_minor: Set(total),
        provider: Set(form.method.as_str().to_owned()),
        provider_ref: Set(None),
        payment_page_at: Set(None),
        created_at: Set(now),
        paid_at: Set(None),
        closed_at: Set(None),
    };
    let txn = crate::db::begin(&ctx.db).await?;
    // The cart's lines leave it first, in the same transaction, and all of them or none: a second
    // checkout of the same cart (a double click, two tabs) waits here for the first, then finds
    // them gone and places nothing, so nobody is sent two orders or charged twice.
    let taken = crate::entities::cart_line::Entity::delete_many()
        .filter(crate::entities::cart_line::Column::Id.is_in(lines.iter().map(|p| p.line.id)))
        .exec(&txn)
        .await?;
    if taken.rows_affected != lines.len() as u64 {
        txn.rollback().await?;
        return Err(ServiceError::Conflict(
            "Your cart changed while the order was being placed (it may have been placed already: check your \
             email). Look at your cart again before ordering."
                .to_owned(),
        ));
    }
    order::Entity::insert(row).exec_without_returning(&txn).await?;
    let copies = lines.iter().enumerate().map(|(n, p)| line_copy(id, n, p, &shop.gallery.title));
    order_line::Entity::insert_many(copies).exec_without_returning(&txn).await?;
    // In chunks: one statement's parameters are bounded (SQLite's 32,766).
    let covered: Vec<(usize, &image::Model)> = covered.iter().enumerate().collect();
    for chunk in covered.chunks(5_000) {
        let rows = chunk.iter().map(|(position, image)| order_image::ActiveModel {
            order_id: Set(id),
            image_id: Set(image.id),
            file_name: Set(image.file_name.clone()),
            position: Set(*position as i32),
        });
        order_image::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    let placed = order::Entity::find_by_id(id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    mail::queue(&txn, &placed_mail(ctx, &placed, &owner, &shop.gallery, &token, shop.currency), now).await?;
    // An invoice order waits for the photographer: they hear of it now, not when they next open
    // the Orders tab (a card order tells them nothing until Stripe confirms it).
    if form.method == PaymentMethod::Invoice {
        mail::queue(&txn, &invoice_due_mail(ctx, &placed, &owner, &shop.gallery, shop.currency), now).await?;
    }
    txn.commit().await?;
    access::update_visit(session, shop.gallery.id, |visit| {
        visit.orders.push(access::OwnOrder { id, token: token.clone() });
        visit.name.get_or_insert(name);
        visit.email.get_or_insert(email);
    })
    .await?;
    // The session now holds an address and an order's secret: a new id, as at every gain.
    access::renew(session).await?;
    let pay_url = provider.start(ctx, &placed, &token).await?;
    Ok(Placed { order_path: order_path(&token), pay_url })
}

fn line_copy(order: Uuid, n: usize, p: &Priced, gallery_title: &str) -> order_line::ActiveModel {
    order_line::ActiveModel {
        id: Set(Uuid::now_v7()),
        order_id: Set(order),
        image_id: Set(p.image.as_ref().map(|i| i.id)),
        file_name: Set(p
            .image
            .as_ref()
            .map_or_else(|| format!("All photos of “{gallery_title}”"), |i| i.file_name.clone())),
        kind: Set(p.product.kind.clone()),
        product_name: Set(p.product.name.clone()),
        product_description: Set(p.product.description.clone()),
        size: Set(p.product.size.clone()),
        price_minor: Set(p.product.price_minor),
        position: Set(n as i32),
    }
}

/// The photographer's notice of an order to invoice (no secret: the Orders tab needs signing in).
fn invoice_due_mail(
    ctx: &Ctx,
    placed: &order::Model,
    owner: &studio::Model,
    g: &gallery::Model,
    currency: Currency,
) -> OutgoingMail {
    let origin = &ctx.config.public_origin;
    let total = format_price(placed.total_minor, currency);
    let letter = Letter {
        brand: Brand::to_studio(owner),
        greeting: format!("Hello {},", owner.name),
        paragraphs: vec![
            format!(
                "{} ({}) placed order {} in “{}” ({total}) and asked to pay by invoice.",
                placed.buyer_name, placed.buyer_email, placed.number, g.title
            ),
            "Send them your invoice; once they have paid, mark the order paid in the gallery's Orders tab and their downloads open.".to_owned(),
        ],
        sections: Vec::new(),
        action: Some(("Open the orders".to_owned(), format!("{origin}/studio/galleries/{}?tab=orders", g.id))),
        footer: Vec::new(),
        unsubscribe: None,
    };
    OutgoingMail {
        to: owner.email.clone(),
        to_name: Some(owner.name.clone()),
        subject: format!("Order {} to invoice: {total}", placed.number),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: Some(placed.buyer_email.clone()),
        unsubscribe: None,
        gallery: None,
    }
}

fn placed_mail(
    ctx: &Ctx,
    placed: &order::Model,
    owner: &studio::Model,
    g: &gallery::Model,
    token: &str,
    currency: Currency,
) -> OutgoingMail {
    let link = format!("{}{}", ctx.config.public_origin, order_path(token));
    let total = format_price(placed.total_minor, currency);
    let how = match PaymentMethod::parse(&placed.provider) {
        Some(PaymentMethod::Card) => {
            "Once your card payment is confirmed, your downloads open on that page.".to_owned()
        }
        _ => format!(
            "{} will send you an invoice or settle payment with you in person. As soon as they mark the order paid, \
             your downloads open on that page.",
            owner.name
        ),
    };
    let letter = Letter {
        brand: Brand::of(owner, &ctx.config.public_origin),
        greeting: format!("Hello {},", placed.buyer_name),
        paragraphs: vec![format!("Thank you for your order {} in “{}” ({total}).", placed.number, g.title), how],
        sections: Vec::new(),
        action: Some(("Your order, and later its downloads".to_owned(), link)),
        footer: vec!["Keep this link to yourself: anyone who has it can download what you bought.".to_owned()],
        unsubscribe: None,
    };
    OutgoingMail {
        to: placed.buyer_email.clone(),
        to_name: Some(placed.buyer_name.clone()),
        subject: format!("Your order {} from {}", placed.number, owner.name),
        text: letter.text(),
        html: Some(letter.html()),
        reply_to: Some(owner.contact_email.clone()).filter(|e| !e.is_empty()),
        unsubscribe: None,
        gallery: None,
    }
}

/// The order behind an order link. Unknown links are counted like unknown gallery links, so
/// guessing them is throttled per address.
pub async fn by_token(ctx: &Ctx, token: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<order::Model> {
    secrets::ensure_open(ctx, AttemptKind::Lookup, client, now).await?;
    let token = token.trim().to_ascii_lowercase();
    let found = if token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()) {
        // The order-placed mail's link, or the receipt's.
        let hash = digest(&token);
        order::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(order::Column::TokenHash.eq(hash.clone()))
                    .add(order::Column::ReceiptTokenHash.eq(hash)),
            )
            .one(&ctx.db)
            .await?
    } else {
        None
    };
    match found {
        Some(found) => Ok(found),
        None => {
            secrets::record_miss(ctx, AttemptKind::Lookup, client, now).await?;
            Err(ServiceError::NotFound)
        }
    }
}

/// The order page.
pub async fn page(ctx: &Ctx, token: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<OrderView> {
    let found = by_token(ctx, token, client, now).await?;
    let g = gallery::Entity::find_by_id(found.gallery_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let owner = studio::Entity::find_by_id(found.studio_id).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let status = status_of(&found);
    let currency = currency_code(&found)?;
    let token = token.trim().to_ascii_lowercase();
    // The gallery's photos whose originals are in the archive only and can be restored (one lost
    // from the archive says so at its download), and the photos the order's whole-gallery
    // licence covers: only those can hold its ZIP back.
    let archived: HashSet<Uuid> = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::GalleryId.eq(g.id))
        .filter(image::Column::OriginalLive.eq(false))
        .filter(image::Column::DamagedAt.is_null())
        .into_tuple::<Uuid>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    let covered: HashSet<Uuid> = order_image::Entity::find()
        .select_only()
        .column(order_image::Column::ImageId)
        .filter(order_image::Column::OrderId.eq(found.id))
        .into_tuple::<Uuid>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    let lines: Vec<OrderLineView> = lines_of(ctx, found.id)
        .await?
        .iter()
        .map(|l| {
            let mut view = line_view(l, currency);
            let waits = view.size.kept_with_original();
            view.in_archive = waits
                && match l.image_id {
                    Some(image) => archived.contains(&image),
                    None => archived.iter().any(|image| covered.contains(image)),
                };
            if let Some(image) = l.image_id {
                view.thumb_url = Some(format!("/order-files/{token}/{image}/thumb"));
                if status.grants() && !view.in_archive {
                    view.download_url = Some(format!("/order-files/{token}/{image}/{}", view.size.token()));
                }
            }
            view
        })
        .collect();
    let restore = status.grants() && lines.iter().any(|l| l.in_archive);
    let method = PaymentMethod::parse(&found.provider).unwrap_or(PaymentMethod::Invoice);
    Ok(OrderView {
        number: found.number.clone(),
        status,
        placed_at: found.created_at,
        paid_at: found.paid_at,
        buyer_name: found.buyer_name.clone(),
        buyer_email: found.buyer_email.clone(),
        gallery_title: g.title,
        studio_name: owner.name,
        studio_contact: Some(owner.contact_email).filter(|e| !e.is_empty()),
        method,
        lines,
        total: format_price(found.total_minor, currency),
        zip_url: (status.grants() && !restore).then(|| format!("/order-files/{token}/zip")),
        restore,
        can_pay_by_card: status == OrderStatus::AwaitingPayment && Provider::of_order(&found).pays_online(ctx),
    })
}

/// A new order's id whose number (from its first eight hex digits; the bank transfer's reference,
/// and what the photographer's mails name) no other order of the studio has: at 10,000 orders a
/// studio would otherwise meet a repeat about once in a hundred.
async fn unused_order_id(ctx: &Ctx, studio: Uuid) -> ServiceResult<Uuid> {
    for _ in 0..8 {
        let id = Uuid::new_v4();
        let taken = order::Entity::find()
            .filter(order::Column::StudioId.eq(studio))
            .filter(order::Column::Number.eq(order_number(id)))
            .count(&ctx.db)
            .await?;
        if taken == 0 {
            return Ok(id);
        }
    }
    Err(ServiceError::Internal(anyhow::anyhow!("no unused order number in eight tries")))
}

/// Starts (again) the card payment of an order awaiting it, from its page.
pub async fn pay_by_card(ctx: &Ctx, token: &str, client: IpAddr, now: DateTime<Utc>) -> ServiceResult<String> {
    let found = by_token(ctx, token, client, now).await?;
    let provider = Provider::of_order(&found);
    if status_of(&found) != OrderStatus::AwaitingPayment || !provider.pays_online(ctx) {
        return Err(ServiceError::Conflict("This order is not waiting for a card payment.".to_owned()));
    }
    provider
        .start(ctx, &found, token.trim())
        .await?
        .ok_or_else(|| ServiceError::Conflict("This order is not waiting for a card payment.".to_owned()))
}

/// The shop as the gallery page shows it to a buyer: licences, bundles, the cart's count, and
/// the orders placed from this session.
pub async fn shop_view(ctx: &Ctx, viewer: &Viewer, slug: &str, now: DateTime<Utc>) -> ServiceResult<ShopView> {
    let shop = cart::shop(ctx, viewer, slug, now).await?;
    let mut licences = Vec::new();
    let mut bundles = Vec::new();
    for p in &shop.products {
        let view = super::price_sheets::product_view(p, shop.currency);
        match view.kind {
            ProductKind::Image => licences.push((p.price_minor, view)),
            ProductKind::Gallery if shop.admitted.check(shop.buy_gallery(None)).is_ok() => {
                bundles.push((p.price_minor, view));
            }
            ProductKind::Gallery => {}
        }
    }
    licences.sort_by_key(|(price, _)| *price);
    bundles.sort_by_key(|(price, _)| *price);
    let own = &shop.admitted.visit.orders;
    let placed = order::Entity::find()
        .filter(order::Column::Id.is_in(own.iter().map(|o| o.id)))
        .filter(order::Column::GalleryId.eq(shop.gallery.id))
        .order_by_desc(order::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    Ok(ShopView {
        licences: licences.into_iter().map(|(_, v)| v).collect(),
        bundles: bundles.into_iter().map(|(_, v)| v).collect(),
        cart_count: cart::count(ctx, &shop).await?,
        orders: placed
            .iter()
            .filter_map(|o| {
                let token = &own.iter().find(|mine| mine.id == o.id)?.token;
                Some(OrderLink { number: o.number.clone(), status: status_of(o), path: order_path(token) })
            })
            .collect(),
    })
}
