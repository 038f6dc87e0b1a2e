//! The studio's price sheets: reusable lists of licence products in one currency, attached to
//! store-mode galleries. Orders keep their own copy of what they bought, so editing or deleting a
//! product never changes an earlier order. A sheet a gallery sells from cannot be deleted.

use crate::ctx::Ctx;
use crate::entities::{gallery, price_product, price_sheet};
use crate::error::{ServiceError, ServiceResult};
use chrono::Utc;
use domain::ids::{PriceSheetId, ProductId, StudioId};
use domain::policy::DownloadSize;
use domain::store::products::{MAX_PRODUCTS_PER_SHEET, sizes_fit};
use domain::store::views::{PriceSheetView, PriceSheetsPage, ProductView};
use domain::store::{Currency, ProductForm, ProductKind, SheetForm, format_price, price_input};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Every sheet of the studio, with its products and the galleries using it.
pub async fn page(ctx: &Ctx, studio: StudioId) -> ServiceResult<PriceSheetsPage> {
    let sheets = price_sheet::Entity::find()
        .filter(price_sheet::Column::StudioId.eq(studio.0))
        .order_by_asc(price_sheet::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let mut views = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        views.push(sheet_view(ctx, sheet).await?);
    }
    let currencies = Currency::all().into_iter().map(|c| (c.code().to_owned(), c.name())).collect();
    Ok(PriceSheetsPage { sheets: views, currencies })
}

async fn sheet_view(ctx: &Ctx, sheet: price_sheet::Model) -> ServiceResult<PriceSheetView> {
    let currency = currency_of(&sheet)?;
    let products = products_of(ctx, sheet.id).await?.iter().map(|p| product_view(p, currency)).collect();
    let galleries = gallery::Entity::find()
        .filter(gallery::Column::PriceSheetId.eq(sheet.id))
        .filter(gallery::Column::StudioId.eq(sheet.studio_id))
        .filter(gallery::Column::StoreMode.eq(true))
        .order_by_asc(gallery::Column::Title)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|g| if g.deleted_at.is_some() { format!("{} (recently deleted)", g.title) } else { g.title })
        .collect();
    Ok(PriceSheetView {
        id: PriceSheetId(sheet.id),
        name: sheet.name,
        currency: currency.code().to_owned(),
        products,
        galleries,
    })
}

/// A product as shown.
pub fn product_view(p: &price_product::Model, currency: Currency) -> ProductView {
    ProductView {
        id: ProductId(p.id),
        kind: ProductKind::parse(&p.kind),
        name: p.name.clone(),
        description: p.description.clone(),
        price: format_price(p.price_minor, currency),
        price_input: price_input(p.price_minor, currency),
        size: DownloadSize::from_token(&p.size).unwrap_or(DownloadSize::Hd),
    }
}

/// The sheet's currency (stored codes are checked when saved).
pub fn currency_of(sheet: &price_sheet::Model) -> ServiceResult<Currency> {
    Currency::from_code(&sheet.currency).ok_or_else(|| {
        ServiceError::Internal(anyhow::anyhow!("price sheet {} has currency {:?}", sheet.id, sheet.currency))
    })
}

/// A sheet's products in the photographer's order.
pub async fn products_of(ctx: &Ctx, sheet: Uuid) -> ServiceResult<Vec<price_product::Model>> {
    Ok(price_product::Entity::find()
        .filter(price_product::Column::SheetId.eq(sheet))
        .order_by_asc(price_product::Column::Position)
        .order_by_asc(price_product::Column::CreatedAt)
        .all(&ctx.db)
        .await?)
}

/// One of the studio's sheets; another studio's sheet is not found, exactly like a missing one.
pub async fn load_owned(ctx: &Ctx, studio: StudioId, id: PriceSheetId) -> ServiceResult<price_sheet::Model> {
    price_sheet::Entity::find_by_id(id.0)
        .one(&ctx.db)
        .await?
        .filter(|s| s.studio_id == studio.0)
        .ok_or(ServiceError::NotFound)
}

/// One of the studio's products, with its sheet.
async fn product_owned(
    ctx: &Ctx,
    studio: StudioId,
    id: ProductId,
) -> ServiceResult<(price_sheet::Model, price_product::Model)> {
    let product = price_product::Entity::find_by_id(id.0).one(&ctx.db).await?.ok_or(ServiceError::NotFound)?;
    let sheet = load_owned(ctx, studio, PriceSheetId(product.sheet_id)).await?;
    Ok((sheet, product))
}

/// Makes a sheet.
pub async fn create(ctx: &Ctx, studio: StudioId, form: SheetForm) -> ServiceResult<PriceSheetId> {
    let valid = form.validated()?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    price_sheet::ActiveModel {
        id: Set(id),
        studio_id: Set(studio.0),
        name: Set(valid.name),
        currency: Set(valid.currency.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&ctx.db)
    .await?;
    Ok(PriceSheetId(id))
}

/// Renames a sheet, or changes its currency while it has no products yet (prices are typed in
/// one currency; converting them is the photographer's call, not ours).
pub async fn update(ctx: &Ctx, studio: StudioId, id: PriceSheetId, form: SheetForm) -> ServiceResult<()> {
    let sheet = load_owned(ctx, studio, id).await?;
    let valid = form.validated_keeping(Some(&sheet.currency))?;
    if valid.currency.code() != sheet.currency && !products_of(ctx, sheet.id).await?.is_empty() {
        return Err(domain::validation::FieldError::new(
            "currency",
            "This sheet already has prices in its currency. Make a new sheet for another currency.",
        )
        .into());
    }
    let mut row: price_sheet::ActiveModel = sheet.into();
    row.name = Set(valid.name);
    row.currency = Set(valid.currency.code().to_owned());
    row.updated_at = Set(Utc::now());
    row.update(&ctx.db).await?;
    Ok(())
}

/// Deletes a sheet no gallery sells from. Galleries whose shop is closed only remember it for
/// when they open again: they forget it (their Store tab then asks for a sheet).
pub async fn delete(ctx: &Ctx, studio: StudioId, id: PriceSheetId) -> ServiceResult<()> {
    let sheet = load_owned(ctx, studio, id).await?;
    let txn = crate::db::begin(&ctx.db).await?;
    let selling = gallery::Entity::find()
        .filter(gallery::Column::PriceSheetId.eq(sheet.id))
        .filter(gallery::Column::StoreMode.eq(true))
        .all(&txn)
        .await?;
    // A deleted gallery still sells from it once brought back; it is changed after that.
    if let Some(deleted) = selling.iter().find(|g| g.deleted_at.is_some()) {
        return Err(ServiceError::Conflict(format!(
            "“{}”, in your recently deleted galleries, sells from this sheet. Bring it back and choose another sheet for it, or delete this sheet once that gallery is removed for good.",
            deleted.title
        )));
    }
    if let Some(first) = selling.first() {
        return Err(ServiceError::Conflict(format!(
            "“{}” sells from this sheet. Choose another sheet for {} first, or turn its store mode off.",
            first.title,
            if selling.len() == 1 { "it".to_owned() } else { format!("it and {} more galleries", selling.len() - 1) }
        )));
    }
    gallery::Entity::update_many()
        .col_expr(gallery::Column::PriceSheetId, sea_orm::sea_query::Expr::value(Option::<uuid::Uuid>::None))
        .filter(gallery::Column::PriceSheetId.eq(sheet.id))
        .exec(&txn)
        .await?;
    price_sheet::Entity::delete_by_id(sheet.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a product to a sheet.
pub async fn add_product(
    ctx: &Ctx,
    studio: StudioId,
    sheet: PriceSheetId,
    form: ProductForm,
) -> ServiceResult<ProductId> {
    let sheet = load_owned(ctx, studio, sheet).await?;
    let valid = form.validated(currency_of(&sheet)?)?;
    let existing = products_of(ctx, sheet.id).await?;
    if existing.len() >= MAX_PRODUCTS_PER_SHEET {
        return Err(ServiceError::Conflict(format!(
            "A price sheet holds at most {MAX_PRODUCTS_PER_SHEET} licences. Remove one you no longer sell first."
        )));
    }
    sizes_fit(existing.iter().filter_map(|p| DownloadSize::from_token(&p.size)).chain([valid.size]))?;
    let id = Uuid::new_v4();
    price_product::ActiveModel {
        id: Set(id),
        sheet_id: Set(sheet.id),
        kind: Set(valid.kind.as_str().to_owned()),
        name: Set(valid.name),
        description: Set(valid.description),
        price_minor: Set(valid.price_minor),
        size: Set(valid.size.token()),
        position: Set(existing.iter().map(|p| p.position + 1).max().unwrap_or(0)),
        created_at: Set(Utc::now()),
    }
    .insert(&ctx.db)
    .await?;
    Ok(ProductId(id))
}

/// Changes a product. Carts holding it show the new price; orders keep what they paid.
pub async fn update_product(ctx: &Ctx, studio: StudioId, id: ProductId, form: ProductForm) -> ServiceResult<()> {
    let (sheet, product) = product_owned(ctx, studio, id).await?;
    let valid = form.validated(currency_of(&sheet)?)?;
    let others = products_of(ctx, sheet.id).await?;
    sizes_fit(
        others
            .iter()
            .filter(|p| p.id != product.id)
            .filter_map(|p| DownloadSize::from_token(&p.size))
            .chain([valid.size]),
    )?;
    let mut row: price_product::ActiveModel = product.into();
    row.kind = Set(valid.kind.as_str().to_owned());
    row.name = Set(valid.name);
    row.description = Set(valid.description);
    row.price_minor = Set(valid.price_minor);
    row.size = Set(valid.size.token());
    row.update(&ctx.db).await?;
    Ok(())
}

/// Removes a product (it leaves every cart that held it).
pub async fn delete_product(ctx: &Ctx, studio: StudioId, id: ProductId) -> ServiceResult<()> {
    let (_, product) = product_owned(ctx, studio, id).await?;
    price_product::Entity::delete_by_id(product.id).exec(&ctx.db).await?;
    Ok(())
}
