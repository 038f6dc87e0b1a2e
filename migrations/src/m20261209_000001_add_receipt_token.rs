//! A second secret link to an order's page, made when the order is paid and carried by the
//! receipt: the order-placed mail's link is stored only as a hash, so the receipt could not carry
//! it, and a buyer with the receipt alone had no way to the downloads it announces.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Orders::Table).add_column(string_null(Orders::ReceiptTokenHash)).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_orders_receipt_token_hash")
                    .table(Orders::Table)
                    .col(Orders::ReceiptTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("uq_orders_receipt_token_hash").table(Orders::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Orders::Table).drop_column(Orders::ReceiptTokenHash).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    ReceiptTokenHash,
}
