//! Request bodies of clients with an `encryption_key`: the body is the base64 of
//! AES-256-GCM(key, nonce = first 12 bytes of SHA-256(X-Nonce), plaintext JSON) with the 16-byte
//! tag appended. No vendor page states the scheme behind `X-Nonce`; this one is the emulator's
//! (docs/vendors/sup.md). `vendor-emulator sup-encrypt` produces such a body.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the key must be the base64 of 32 bytes")]
    BadKey,
    #[error("the body is not base64")]
    NotBase64,
    #[error("the body does not decrypt with this client's key and X-Nonce")]
    Undecryptable,
}

fn cipher(key_base64: &str) -> Result<Aes256Gcm, CryptoError> {
    let key = STANDARD.decode(key_base64.trim()).map_err(|_| CryptoError::BadKey)?;
    if key.len() != 32 {
        return Err(CryptoError::BadKey);
    }
    Ok(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key)))
}

fn nonce_bytes(x_nonce: &str) -> [u8; 12] {
    let digest = Sha256::digest(x_nonce.as_bytes());
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&digest[..12]);
    nonce
}

pub fn is_valid_key(key_base64: &str) -> bool {
    cipher(key_base64).is_ok()
}

pub fn encrypt(key_base64: &str, x_nonce: &str, plaintext: &[u8]) -> Result<String, CryptoError> {
    let sealed = cipher(key_base64)?
        .encrypt(Nonce::from_slice(&nonce_bytes(x_nonce)), plaintext)
        .map_err(|_| CryptoError::Undecryptable)?;
    Ok(STANDARD.encode(sealed))
}

/// The plaintext of a body; it may also arrive as a JSON string holding the base64.
pub fn decrypt(key_base64: &str, x_nonce: &str, body: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let text = std::str::from_utf8(body).map_err(|_| CryptoError::NotBase64)?.trim();
    let text = serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned());
    let sealed = STANDARD.decode(text.trim()).map_err(|_| CryptoError::NotBase64)?;
    cipher(key_base64)?
        .decrypt(Nonce::from_slice(&nonce_bytes(x_nonce)), sealed.as_slice())
        .map_err(|_| CryptoError::Undecryptable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="; // "0123456789abcdef0123456789abcdef"

    #[test]
    fn round_trips_with_the_same_key_and_nonce() {
        let body = br#"{"customIdCard":"1234567890123","statusCard":"MAIN"}"#;
        let sealed = encrypt(KEY, "nonce-1", body).unwrap();
        assert_eq!(decrypt(KEY, "nonce-1", sealed.as_bytes()).unwrap(), body);
        let quoted = format!("\"{sealed}\"");
        assert_eq!(
            decrypt(KEY, "nonce-1", quoted.as_bytes()).unwrap(),
            body,
            "as a JSON string too"
        );
        assert_eq!(
            decrypt(KEY, "nonce-2", sealed.as_bytes()),
            Err(CryptoError::Undecryptable)
        );
        assert_eq!(decrypt(KEY, "nonce-1", b"{not base64}"), Err(CryptoError::NotBase64));
    }

    #[test]
    fn the_tag_is_appended_and_checked() {
        let sealed = STANDARD.decode(encrypt(KEY, "n", b"{}").unwrap()).unwrap();
        assert_eq!(sealed.len(), 2 + 16, "ciphertext then a 16-byte tag");
        let mut tampered = sealed;
        tampered[0] ^= 1;
        assert_eq!(
            decrypt(KEY, "n", STANDARD.encode(tampered).as_bytes()),
            Err(CryptoError::Undecryptable)
        );
    }

    #[test]
    fn keys_must_be_32_bytes() {
        assert!(is_valid_key(KEY));
        assert!(!is_valid_key("c2hvcnQ="));
        assert!(!is_valid_key("%%%"));
    }
}
