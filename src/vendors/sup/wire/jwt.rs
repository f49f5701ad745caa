//! HS256 JSON Web Tokens for СУП clients. Written against RFC 7519 with the HMAC and base64 crates
//! the emulator already uses: HS256 is all this vendor needs, and the JWT crates' backends bring
//! RSA and elliptic-curve stacks along.
//!
//! Each tenant signs with its own key (derived from the database's signing key), so a token
//! issued in one tenant fails the signature check in another. Expiry is checked by the caller
//! against the tenant's virtual clock, not the machine's.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The client's login.
    pub sub: String,
    /// The tenant that issued it.
    pub tenant: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    /// The tenant's session epoch when it was issued: a reset or a replacing load of fixtures
    /// moves it, which ends the token (a token from before the epoch existed carries "").
    #[serde(default)]
    pub epoch: String,
}

const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// The key a tenant signs with.
pub fn tenant_key(signing_key: &str, tenant: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"sup-jwt:");
    mac.update(tenant.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

pub fn sign(key: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(HEADER);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(mac(key, &signing_input).finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// The claims of a well-formed HS256 token whose signature matches `key`; expiry unchecked.
pub fn verify(key: &[u8], token: &str) -> Option<Claims> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, payload) = signing_input.split_once('.')?;
    let header: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    if header.get("alg").and_then(|alg| alg.as_str()) != Some("HS256") {
        return None;
    }
    mac(key, signing_input)
        .verify_slice(&URL_SAFE_NO_PAD.decode(signature).ok()?)
        .ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

fn mac(key: &[u8], signing_input: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(signing_input.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: "partner".into(),
            tenant: "t".into(),
            iat: 1,
            exp: 3601,
            jti: "j".into(),
            epoch: "e".into(),
        }
    }

    #[test]
    fn signed_tokens_verify_with_their_key_only() {
        let key = tenant_key("secret", "t");
        let token = sign(&key, &claims());
        assert_eq!(token.split('.').count(), 3);
        assert_eq!(verify(&key, &token), Some(claims()));
        assert_eq!(
            verify(&tenant_key("secret", "other"), &token),
            None,
            "another tenant's key"
        );
        let (rest, _) = token.rsplit_once('.').unwrap();
        assert_eq!(verify(&key, &format!("{rest}.AAAA")), None, "a wrong signature");
        assert_eq!(verify(&key, "not.a.jwt"), None);
        assert_eq!(verify(&key, ""), None);
    }

    #[test]
    fn other_algorithms_are_refused() {
        let key = tenant_key("secret", "t");
        let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims()).unwrap());
        let input = format!("{none_header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(mac(&key, &input).finalize().into_bytes());
        assert_eq!(verify(&key, &format!("{input}.{signature}")), None);
    }
}
