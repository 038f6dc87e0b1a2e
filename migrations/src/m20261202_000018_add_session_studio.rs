//! Sessions name the studio signed in on them, so a password reset can end every one of that
//! studio's sessions at once. A studio's contact email is shown on its galleries only when the
//! photographer set one: the sign-up address it was filled with before is cleared ('' is none).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Sessions::Table).add_column(string_null(Sessions::StudioId)).to_owned())
            .await?;
        manager
            .create_index(
                Index::create().name("ix_sessions_studio").table(Sessions::Table).col(Sessions::StudioId).to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Studios::Table)
                    .value(Studios::ContactEmail, "")
                    .and_where(Expr::col(Studios::ContactEmail).equals(Studios::Email))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_sessions_studio").table(Sessions::Table).to_owned()).await?;
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::StudioId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    StudioId,
}

#[derive(DeriveIden)]
enum Studios {
    Table,
    Email,
    ContactEmail,
}
