//! `POST /Api/V1/User/Authorize` (the documented path; `/Api/V1/Index/Authorize`, which a related
//! vendor API uses, is an alias) and the `varToken` every other call carries in its body. A token
//! belongs to one user of one tenant and expires once unused for `vendors.edin.token_idle_seconds`
//! of the tenant's clock; each call that presents it restarts that idle time.

use axum::response::Response;
use rand::Rng;

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::edin::api::call::{Anyone, Call};
use crate::vendors::edin::store::sessions;
use crate::vendors::edin::wire::answer::Outcome;
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::sign_in::{Credentials, SignedIn};

/// Who a call acts as.
#[derive(Clone, Debug)]
pub struct Session {
    pub login: String,
    /// The GLN of the user's company.
    pub gln: String,
}

pub async fn authorize(call: Call<Credentials, Anyone>) -> Response {
    call.respond(issue(&call).await)
}

async fn issue(call: &Call<Credentials, Anyone>) -> Outcome<SignedIn> {
    let (login, password) = call.params.pair();
    let user = sessions::find_user(call.app.db.pool(), call.tenant(), login)
        .await?
        .filter(|user| user.password == password)
        .ok_or(EdinError::WrongCredentials)?;

    let mut tx = call.app.db.begin().await?;
    let now_ms = to_ms(call.context.now(&mut *tx).await?);
    let token = new_token();
    sessions::open(
        &mut tx,
        call.tenant(),
        &token,
        &user,
        now_ms,
        idle_cutoff_ms(&call.app, now_ms),
    )
    .await?;
    tx.commit().await?;
    Ok(SignedIn { token })
}

/// The session of a call's `varToken`, which it keeps alive; 401 when missing, unknown, of
/// another tenant or expired.
pub async fn authenticate(app: &AppState, context: &RequestContext, token: Option<&str>) -> Result<Session, EdinError> {
    let token = token.filter(|token| !token.is_empty()).ok_or(EdinError::Unauthorized)?;
    let now_ms = to_ms(context.now(app.db.pool()).await?);
    let (login, gln) = sessions::touch(&app.db, &context.tenant, token, now_ms, idle_cutoff_ms(app, now_ms))
        .await?
        .ok_or(EdinError::Unauthorized)?;
    Ok(Session { login, gln })
}

/// A token last used at or before this instant has expired.
fn idle_cutoff_ms(app: &AppState, now_ms: i64) -> i64 {
    let idle_seconds = app.config.vendors.edin.token_idle_seconds.max(0);
    now_ms.saturating_sub(idle_seconds.saturating_mul(1000))
}

/// 26 characters of `[0-9a-v]`, the shape of the real service's tokens (`nohuola9h24tmj4jln3devi151`).
fn new_token() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
    let mut rng = rand::thread_rng();
    (0..26)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_look_like_the_vendors() {
        let token = new_token();
        assert_eq!(token.len(), 26);
        assert!(token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b)));
        assert_ne!(token, new_token());
    }
}
