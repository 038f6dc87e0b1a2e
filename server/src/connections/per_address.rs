//! The cap on open connections per client address. Each connection holds a slot for as long as
//! it is open; the slot is given back when the connection ends, however it ends (on drop).

use backend::keyed_slots::{KeyedSlot, KeyedSlots};
use bytes::Bytes;
use http_body_util::Full;
use std::net::IpAddr;
use std::sync::Arc;

/// What a client over the cap reads before its connection is closed.
pub const TOO_MANY: &str =
    "Too many connections are open from your address. Close some downloads or tabs and try again.";

/// Open connections by client address.
#[derive(Debug, Clone)]
pub struct PerAddress {
    cap: usize,
    open: Arc<KeyedSlots<IpAddr>>,
}

/// One open connection's place in the count.
pub type Slot = KeyedSlot<IpAddr>;

impl PerAddress {
    pub fn new(cap: usize) -> Self {
        Self { cap, open: Arc::default() }
    }

    /// A slot for a new connection from `address`, or `None` when it already has `cap` open.
    /// An IPv6 address counts with its /64 (one subscriber's network, as the throttles count
    /// it): hopping through one's own prefix's addresses opens no more.
    pub fn enter(&self, address: IpAddr) -> Option<Slot> {
        self.open.take(network(address.to_canonical()), self.cap)
    }
}

/// The address a connection is counted under: an IPv4 address itself, an IPv6 one's /64.
fn network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
    }
}

/// The answer on a connection over the cap: 503 with the sentence; the connection then closes.
pub async fn refuse(
    _request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, std::convert::Infallible> {
    let mut response = hyper::Response::new(Full::new(Bytes::from_static(TOO_MANY.as_bytes())));
    *response.status_mut() = hyper::StatusCode::SERVICE_UNAVAILABLE;
    response
        .headers_mut()
        .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"));
    response.headers_mut().insert(hyper::header::RETRY_AFTER, hyper::header::HeaderValue::from_static("10"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn an_ipv6_network_shares_one_count() {
        let cap = PerAddress::new(2);
        let first = cap.enter(ip("2001:db8:1:2::1"));
        let second = cap.enter(ip("2001:db8:1:2::ffff"));
        assert!(first.is_some() && second.is_some());
        assert!(cap.enter(ip("2001:db8:1:2:abcd::9")).is_none(), "the same /64 is full");
        assert!(cap.enter(ip("2001:db8:1:3::1")).is_some(), "another network has its own");
        assert!(cap.enter(ip("::ffff:192.0.2.1")).is_some(), "an IPv4 address as IPv6 is itself");
        drop(first);
        assert!(cap.enter(ip("2001:db8:1:2::2")).is_some(), "a slot given back");
    }
}
