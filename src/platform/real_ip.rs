//! The client IP that rate limits and bans key on. `X-Forwarded-For` is believed only when the
//! peer is a configured trusted proxy; otherwise anyone could pick their own IP and dodge a ban.
//!
//! The header is read as bytes, hop by hop: a proxy such as nginx appends the address it saw to
//! whatever the client sent, so a client can put bytes that are not text (`\xff`) in front of its
//! own address. Refusing the whole header for them would attribute the request to the proxy and
//! lift the client's ban; a hop that is not an address is skipped instead, and the client is still
//! the right-most hop no trusted proxy added.

use std::net::{IpAddr, Ipv4Addr};

use axum::http::HeaderMap;
use ipnet::IpNet;

pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted_proxies: &[IpNet]) -> IpAddr {
    let peer = peer
        .map(|ip| ip.to_canonical())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let is_trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.as_bytes().split(|byte| *byte == b','))
        .filter_map(parse_hop)
        .collect();
    // The rightmost address a trusted proxy did not add is the client; if every hop is trusted,
    // the leftmost is as close to the client as we can get.
    forwarded
        .iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or_else(|| forwarded.first())
        .copied()
        .unwrap_or(peer)
}

/// One hop of `X-Forwarded-For`: an address between optional blanks, or nothing.
fn parse_hop(hop: &[u8]) -> Option<IpAddr> {
    let text = std::str::from_utf8(hop.trim_ascii()).ok()?;
    text.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peers_cannot_choose_their_ip() {
        let headers = forwarded("1.2.3.4");
        assert_eq!(client_ip(Some(ip("9.9.9.9")), &headers, &[]), ip("9.9.9.9"));
    }

    #[test]
    fn trusted_proxies_pass_on_the_client() {
        let proxies = ["10.0.0.0/8".parse().unwrap()];
        let headers = forwarded("6.6.6.6, 1.2.3.4, 10.0.0.7");
        assert_eq!(client_ip(Some(ip("10.0.0.1")), &headers, &proxies), ip("1.2.3.4"));
        assert_eq!(
            client_ip(Some(ip("10.0.0.1")), &HeaderMap::new(), &proxies),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn hops_that_are_not_text_do_not_hide_the_client() {
        let proxies = ["10.0.0.0/8".parse().unwrap()];
        let mut headers = HeaderMap::new();
        let appended = HeaderValue::from_bytes(b"\xff, 1.2.3.4").unwrap();
        headers.insert("x-forwarded-for", appended);
        assert_eq!(client_ip(Some(ip("10.0.0.1")), &headers, &proxies), ip("1.2.3.4"));
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_bytes(b"\xfe\xff").unwrap());
        headers.append("x-forwarded-for", HeaderValue::from_static("5.6.7.8"));
        assert_eq!(client_ip(Some(ip("10.0.0.1")), &headers, &proxies), ip("5.6.7.8"));
    }

    #[test]
    fn mapped_ipv6_peers_are_plain_ipv4() {
        assert_eq!(
            client_ip(Some(ip("::ffff:127.0.0.1")), &HeaderMap::new(), &[]),
            ip("127.0.0.1")
        );
    }
}
