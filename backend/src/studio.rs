//! A photographer's studio: the account (`auth`: sign-up confirmed by email, sign-in, password
//! reset) and the branding its galleries show (`settings`).

pub mod auth;
pub mod settings;
