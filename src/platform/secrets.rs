//! Random values handed to clients: tokens and one-time codes.

use rand::Rng;

use crate::db::Db;

/// A random secret shared by every replica on the database: created by whichever starts first.
pub async fn shared_secret(db: &Db, name: &str) -> Result<String, sqlx::Error> {
    let insert =
        sqlx::query("INSERT INTO platform_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(name.to_owned())
            .bind(random_token());
    db.write(move |conn| Box::pin(insert.execute(conn))).await?;
    sqlx::query_scalar("SELECT value FROM platform_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(db.pool())
        .await
}

/// An opaque bearer token: 32 random bytes as hex.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A code of `len` decimal digits, leading zeros allowed.
pub fn random_digits(len: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..len).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_codes_have_their_shape() {
        let token = random_token();
        assert_eq!(token.len(), 64);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(token, random_token());
        let code = random_digits(8);
        assert_eq!(code.len(), 8);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
    }
}
