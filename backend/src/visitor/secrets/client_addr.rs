//! The client's address as the throttles count it: the connection's peer, unless the peer is
//! a configured proxy, in which case the right-most address in `X-Forwarded-For` that is not one
//! of our proxies (everything left of it could have been written by the client).

use std::net::IpAddr;

/// The address to count attempts against.
pub fn client_addr(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.iter().flat_map(|header| header.split(',')).map(str::trim).collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(addr) if trusted.contains(&addr) => continue,
            Ok(addr) => return addr,
            // A garbled entry: nothing left of it can be believed either.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.1");
        // Not from our proxy: the header is the client's own words.
        assert_eq!(client_addr(ip("203.0.113.9"), &["1.2.3.4"], &[proxy]), ip("203.0.113.9"));
        assert_eq!(client_addr(ip("203.0.113.9"), &["1.2.3.4"], &[]), ip("203.0.113.9"));
        // From our proxy: the right-most address the proxy saw.
        assert_eq!(client_addr(proxy, &["1.2.3.4, 198.51.100.7"], &[proxy]), ip("198.51.100.7"));
        // A chain of our proxies is skipped; spoofed entries on the left are ignored.
        let inner = ip("10.0.0.2");
        assert_eq!(client_addr(inner, &["6.6.6.6, 198.51.100.7", "10.0.0.1"], &[proxy, inner]), ip("198.51.100.7"));
        // No header, or garbage: the proxy itself.
        assert_eq!(client_addr(proxy, &[], &[proxy]), proxy);
        assert_eq!(client_addr(proxy, &["unknown"], &[proxy]), proxy);
    }
}
