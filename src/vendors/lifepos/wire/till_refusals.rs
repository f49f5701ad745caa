//! What the till (`api::till`) refuses a request it could read for, once: each refusal's status,
//! the start of its text, which does not vary and which the till's spec declares
//! (`openapi::till_operations`), and the whole text in the control plane's `{"error"}`.

use axum::http::StatusCode;

use crate::platform::json_error::JsonError;

/// A refusal of the till.
#[derive(Debug)]
pub enum TillRefusal<'a> {
    /// `by_card` and `by_cash` both 0.
    NothingGiven,
    /// No sale, payment or fiscal registrar (`what`) with this guid in the tenant.
    NoSuch { what: &'a str, guid: &'a str },
    /// The sale is `cancelled`, or paid (its payment status, e.g. `Paid`) and so takes no more
    /// payments.
    SaleIs(&'a str),
    /// More than the sale has left to pay (kopecks).
    MoreThanLeftToPay(i64),
    /// The sale holds as many payments and refunds as it may (`money_docs::MAX_PER_SALE`).
    TooManyDocuments(i64),
    /// More than the payment has left to refund on each (kopecks by card, in cash).
    MoreThanRefundable { by_card: i64, by_cash: i64 },
    /// A shift of this number is open already.
    ShiftOpen(i64),
    /// No shift is open to close.
    NoShiftOpen,
}

impl TillRefusal<'_> {
    pub fn status(&self) -> StatusCode {
        match self {
            TillRefusal::NothingGiven => StatusCode::BAD_REQUEST,
            TillRefusal::NoSuch { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::CONFLICT,
        }
    }

    /// The start of the text, the same whatever the request named.
    pub fn start(&self) -> String {
        match self {
            TillRefusal::NothingGiven => "by_card + by_cash must be more than 0".to_owned(),
            TillRefusal::NoSuch { what, .. } => format!("no {what} "),
            TillRefusal::SaleIs(_) => "the sale is ".to_owned(),
            TillRefusal::MoreThanLeftToPay(_) => "more than is left to pay ".to_owned(),
            TillRefusal::TooManyDocuments(_) => "a sale holds at most ".to_owned(),
            TillRefusal::MoreThanRefundable { .. } => "more than the payment has left to refund ".to_owned(),
            TillRefusal::ShiftOpen(_) => "shift ".to_owned(),
            TillRefusal::NoShiftOpen => "no shift is open".to_owned(),
        }
    }

    /// The whole text: its start, then what the request met.
    pub fn message(&self) -> String {
        let rest = match self {
            TillRefusal::NothingGiven | TillRefusal::NoShiftOpen => String::new(),
            TillRefusal::NoSuch { guid, .. } => (*guid).to_owned(),
            TillRefusal::SaleIs(state) => (*state).to_owned(),
            TillRefusal::MoreThanLeftToPay(left) => format!("({left} kopecks)"),
            TillRefusal::TooManyDocuments(max) => format!("{max} payments and refunds"),
            TillRefusal::MoreThanRefundable { by_card, by_cash } => {
                format!("(by card {by_card}, in cash {by_cash} kopecks)")
            }
            TillRefusal::ShiftOpen(number) => format!("{number} is open"),
        };
        format!("{}{rest}", self.start())
    }

    pub fn error(&self) -> JsonError {
        JsonError::new(self.status(), self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_starts_with_its_start() {
        let refusals = [
            TillRefusal::NothingGiven,
            TillRefusal::NoSuch {
                what: "sale",
                guid: "9d3e",
            },
            TillRefusal::SaleIs("cancelled"),
            TillRefusal::MoreThanLeftToPay(100),
            TillRefusal::TooManyDocuments(1000),
            TillRefusal::MoreThanRefundable { by_card: 1, by_cash: 2 },
            TillRefusal::ShiftOpen(12),
            TillRefusal::NoShiftOpen,
        ];
        for refusal in &refusals {
            assert!(refusal.message().starts_with(&refusal.start()), "{refusal:?}");
        }
        assert_eq!(TillRefusal::SaleIs("Paid").message(), "the sale is Paid");
        assert_eq!(
            TillRefusal::NoSuch {
                what: "fiscal registrar",
                guid: "4a6c"
            }
            .message(),
            "no fiscal registrar 4a6c"
        );
        assert_eq!(TillRefusal::ShiftOpen(12).message(), "shift 12 is open");
        assert_eq!(TillRefusal::NoShiftOpen.status(), StatusCode::CONFLICT);
    }
}
