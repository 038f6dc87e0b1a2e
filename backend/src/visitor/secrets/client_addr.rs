//! The client's address as the throttles count it: the connection's peer, unless the peer is
//! a configured proxy, in which case the right-most address in `X-Forwarded-For` that is not one
//! of our proxies (everything left of it could have been written by the client).

use std::net::IpAddr;

/// The address to count attempts against. Addresses are compared in their canonical form: a
/// server listening on `[::]` sees an IPv4 peer as `::ffff:a.b.c.d`, which is still the proxy
/// configured as `a.b.c.d` (and one client, counted once).
pub fn client_addr(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let hops = forwarded_for.iter().flat_map(|header| header.split(',')).map(str::trim).collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>().map(|addr| addr.to_canonical()) {
            Ok(addr) if is_trusted(addr, trusted) => continue,
            Ok(addr) => return addr,
            // A garbled entry: nothing left of it can be believed either.
            Err(_) => return peer,
        }
    }
    peer
}

/// Whether `addr` is one of our proxies (both sides canonical).
pub fn is_trusted(addr: IpAddr, trusted: &[IpAddr]) -> bool {
    let addr = addr.to_canonical();
    trusted.iter().any(|proxy| proxy.to_canonical() == addr)
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
        // A server on `[::]` sees the IPv4 proxy mapped into IPv6: still the proxy.
        assert_eq!(client_addr(ip("::ffff:10.0.0.1"), &["198.51.100.7"], &[proxy]), ip("198.51.100.7"));
        assert_eq!(client_addr(ip("::ffff:203.0.113.9"), &[], &[proxy]), ip("203.0.113.9"));
    }
}
