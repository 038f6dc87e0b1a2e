//! Who is asking and what they may reach. A visitor reaches a gallery by its address or an access
//! link (`lookup`, with addresses that lead nowhere throttled); their standing — the link, what
//! their session has done, the facts of the gallery and its images — goes to the policy
//! (`access`, `reach`). Links are made, narrowed and revoked in `links`, and by main clients'
//! `sharing`; sessions live in the database (`sessions`). Everything secret — hashing, throttles,
//! emailed one-time links — is in `secrets`; the download PIN in `pin`. A visitor's proofing
//! identity is taken in `identity`: a typed email starts one for this browser only; any other
//! browser joins it through a sign-in link emailed to the address.

pub mod access;
pub mod forget;
pub mod identity;
pub mod image_facts;
pub mod invitations;
pub mod links;
pub mod lookup;
pub mod pin;
pub mod reach;
pub mod secrets;
pub mod sessions;
pub mod sharing;
pub mod unlock;
