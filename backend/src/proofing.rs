//! Proofing: what a visitor tells the photographer about the photos — selects in named lists,
//! comments (answered in one inbox), annotations (vector marks, burned into a PNG for the
//! retoucher) — and the checks the compare view and the contact sheet start with. Every
//! operation asks the policy through `access`; the owner's views check ownership.

pub mod annotated_png;
pub mod annotations;
pub mod comments;
pub mod compare;
pub mod contact_sheet;
pub mod person;
pub mod selects;
pub mod selects_report;
pub mod sheet;
