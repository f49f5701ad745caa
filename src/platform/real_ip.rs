//! The client IP that rate limits and bans key on. `X-Forwarded-For` is believed only when the
//! peer is a configured trusted proxy; otherwise anyone could pick their own IP and dodge a ban.

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
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .map(|ip| ip.to_canonical())
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
    fn mapped_ipv6_peers_are_plain_ipv4() {
        assert_eq!(
            client_ip(Some(ip("::ffff:127.0.0.1")), &HeaderMap::new(), &[]),
            ip("127.0.0.1")
        );
    }
}
