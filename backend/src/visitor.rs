//! What a visitor does before anything else: reach a gallery by its address or an access link
//! (`lookup`, with addresses that lead nowhere throttled), and take an identity for proofing
//! (`identity`: a typed email starts one for this browser only; any other browser joins it through
//! a sign-in link emailed to the address).

pub mod identity;
pub mod lookup;
