//! Store mode: the studio's price sheets and their licence products, visitors' carts, orders
//! (which keep a copy of every product and price they bought, so editing a sheet never changes
//! an earlier order), and what watermarked previews need: the sheet a gallery sells from, the
//! studio's watermark, and which watermark each image's previews were burned with.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PriceSheets::Table)
                    .if_not_exists()
                    .col(uuid(PriceSheets::Id).primary_key())
                    .col(uuid(PriceSheets::StudioId))
                    .col(string(PriceSheets::Name))
                    // ISO 4217 code: one currency per sheet.
                    .col(string(PriceSheets::Currency))
                    .col(timestamp_with_time_zone(PriceSheets::CreatedAt))
                    .col(timestamp_with_time_zone(PriceSheets::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PriceSheets::Table, PriceSheets::StudioId)
                            .to(Studios::Table, Studios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PriceProducts::Table)
                    .if_not_exists()
                    .col(uuid(PriceProducts::Id).primary_key())
                    .col(uuid(PriceProducts::SheetId))
                    // "image" (one licence per image) or "gallery" (every image of the gallery).
                    .col(string(PriceProducts::Kind))
                    .col(string(PriceProducts::Name))
                    .col(text(PriceProducts::Description))
                    // Minor units of the sheet's currency; always > 0.
                    .col(big_integer(PriceProducts::PriceMinor))
                    // The download size granted (`DownloadSize::token`).
                    .col(string(PriceProducts::Size))
                    .col(integer(PriceProducts::Position))
                    .col(timestamp_with_time_zone(PriceProducts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PriceProducts::Table, PriceProducts::SheetId)
                            .to(PriceSheets::Table, PriceSheets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CartLines::Table)
                    .if_not_exists()
                    .col(uuid(CartLines::Id).primary_key())
                    // The cart is named in one visitor's session only.
                    .col(uuid(CartLines::CartId))
                    .col(uuid(CartLines::GalleryId))
                    // `None` for a whole-gallery product.
                    .col(uuid_null(CartLines::ImageId))
                    .col(uuid(CartLines::ProductId))
                    .col(timestamp_with_time_zone(CartLines::AddedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartLines::Table, CartLines::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CartLines::Table, CartLines::ProductId)
                            .to(PriceProducts::Table, PriceProducts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("cart_lines_cart").table(CartLines::Table).col(CartLines::CartId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .if_not_exists()
                    .col(uuid(Orders::Id).primary_key())
                    .col(uuid(Orders::StudioId))
                    .col(uuid(Orders::GalleryId))
                    // For people: "7F3A-91C2".
                    .col(string(Orders::Number))
                    // SHA-256 of the order link's secret; the secret itself is never stored.
                    .col(string(Orders::TokenHash).unique_key())
                    .col(string(Orders::BuyerName))
                    .col(string(Orders::BuyerEmail))
                    .col(string(Orders::Status))
                    .col(string(Orders::Currency))
                    .col(big_integer(Orders::TotalMinor))
                    // "invoice" or "stripe".
                    .col(string(Orders::Provider))
                    // The provider's own reference (a Stripe Checkout Session id).
                    .col(string_null(Orders::ProviderRef))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .col(timestamp_with_time_zone_null(Orders::PaidAt))
                    .col(timestamp_with_time_zone_null(Orders::ClosedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Orders::Table, Orders::GalleryId)
                            .to(Galleries::Table, Galleries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("orders_gallery").table(Orders::Table).col(Orders::GalleryId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderLines::Table)
                    .if_not_exists()
                    .col(uuid(OrderLines::Id).primary_key())
                    .col(uuid(OrderLines::OrderId))
                    // `None` for a whole-gallery licence.
                    .col(uuid_null(OrderLines::ImageId))
                    .col(string(OrderLines::FileName))
                    // Copies of the product as bought: later edits of the sheet change nothing here.
                    .col(string(OrderLines::Kind))
                    .col(string(OrderLines::ProductName))
                    .col(text(OrderLines::ProductDescription))
                    .col(string(OrderLines::Size))
                    .col(big_integer(OrderLines::PriceMinor))
                    .col(integer(OrderLines::Position))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrderLines::Table, OrderLines::OrderId)
                            .to(Orders::Table, Orders::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one column per ALTER TABLE (and no foreign keys).
        manager
            .alter_table(
                Table::alter().table(Galleries::Table).add_column(uuid_null(Galleries::PriceSheetId)).to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table(Studios::Table).add_column(text_null(Studios::Watermark)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(Images::Table).add_column(string_null(Images::WatermarkVersion)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Images::Table).drop_column(Images::WatermarkVersion).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Studios::Table).drop_column(Studios::Watermark).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Galleries::Table).drop_column(Galleries::PriceSheetId).to_owned())
            .await?;
        manager.drop_table(Table::drop().table(OrderLines::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Orders::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CartLines::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PriceProducts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PriceSheets::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PriceSheets {
    Table,
    Id,
    StudioId,
    Name,
    Currency,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PriceProducts {
    Table,
    Id,
    SheetId,
    Kind,
    Name,
    Description,
    PriceMinor,
    Size,
    Position,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CartLines {
    Table,
    Id,
    CartId,
    GalleryId,
    ImageId,
    ProductId,
    AddedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    StudioId,
    GalleryId,
    Number,
    TokenHash,
    BuyerName,
    BuyerEmail,
    Status,
    Currency,
    TotalMinor,
    Provider,
    ProviderRef,
    CreatedAt,
    PaidAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum OrderLines {
    Table,
    Id,
    OrderId,
    ImageId,
    FileName,
    Kind,
    ProductName,
    ProductDescription,
    Size,
    PriceMinor,
    Position,
}

#[derive(DeriveIden)]
enum Galleries {
    Table,
    Id,
    PriceSheetId,
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    Id,
    Watermark,
}

#[derive(DeriveIden)]
enum Images {
    Table,
    WatermarkVersion,
}
