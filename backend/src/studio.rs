//! A photographer's studio: the account (`auth`: sign-up confirmed by email, sign-in, password
//! reset), the branding its galleries show (`settings`) and the mail it gets (`notifications`).

pub mod auth;
pub mod notifications;
pub mod settings;
