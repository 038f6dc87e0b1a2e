//! sea-orm entities: the Rust view of each table. Only `backend` touches them.

pub mod gallery;
pub mod image;
pub mod job;
pub mod session;
pub mod set;
pub mod studio;
