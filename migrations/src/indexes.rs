//! Plain indexes named in a list, for migrations that add several at once.

use sea_orm_migration::prelude::*;

/// (name, table, columns).
pub(crate) type Named = (&'static str, &'static str, &'static [&'static str]);

/// Creates each index that does not exist yet.
pub(crate) async fn create(manager: &SchemaManager<'_>, indexes: &[Named]) -> Result<(), DbErr> {
    for (name, table, columns) in indexes {
        let mut index = Index::create();
        index.name(*name).table(Alias::new(*table)).if_not_exists();
        for column in *columns {
            index.col(Alias::new(*column));
        }
        manager.create_index(index.to_owned()).await?;
    }
    Ok(())
}

/// Drops each index.
pub(crate) async fn drop(manager: &SchemaManager<'_>, indexes: &[Named]) -> Result<(), DbErr> {
    for (name, table, _) in indexes {
        manager.drop_index(Index::drop().name(*name).table(Alias::new(*table)).to_owned()).await?;
    }
    Ok(())
}
