//! A photographer's studio: the account (`auth`: sign-up confirmed by email, sign-in, password
//! reset), the branding its galleries show (`settings`), the mail it gets (`notifications`) and
//! its days (`days`: its own time zone's, which engagement is counted under and last days end
//! with).

pub mod auth;
pub mod days;
pub mod notifications;
pub mod settings;
