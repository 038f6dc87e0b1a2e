//! When an order's current card payment page was opened (`orders.payment_page_at`). A buyer may
//! start paying by card days after ordering, and a payment whose webhook was lost is found by
//! asking Stripe about pages opened lately, not about orders placed lately. Pages opened before
//! this are taken to have opened when their order was placed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Orders::Table)
                    .add_column(timestamp_with_time_zone_null(Orders::PaymentPageAt))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("UPDATE orders SET payment_page_at = created_at WHERE provider_ref IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Orders::Table).drop_column(Orders::PaymentPageAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    PaymentPageAt,
}
