//! EDIN EDO's failures: [`EdinError::parts`] is the one table of every error's `intCode` and
//! message. The messages the vendor document lists are reproduced character for character (its
//! odd quote placement in the "not a network" message included); the words of a refused request's
//! members are `wire::words`'.
//!
//! On the wire (`wire::answer`) a failure is `{"varMessage": "<text>", "intCode": <code>}`, with HTTP
//! 200 whatever `intCode` says (`vendors.edin.http_status = "ok"`, as the real service answers), or
//! with the status equal to `intCode` (`"mirror"`).

use std::borrow::Cow;
use std::fmt;

use crate::platform::wire::FieldErrors;
use crate::vendors::edin::wire::words;

/// How the registry shapes the failures the platform finds before the EDIN router runs.
pub use crate::vendors::edin::wire::answer::{platform_error, platform_invalid_field};

#[derive(Debug)]
pub enum EdinError {
    Unauthorized,
    WrongCredentials,
    CertificateNotFound,
    /// Members a declaration refuses, each worded (`wire::read`), and the values that come back
    /// beside the message (NotifyError's `type_error`).
    Invalid {
        problems: FieldErrors,
        echoed: Vec<(String, String)>,
    },
    UnknownGlns(Vec<String>),
    NotNetworks(Vec<String>),
    /// GetCert controller: nothing has the searched value.
    InfoNotFound,
    /// GetCert controller: what was found is not the caller's to see.
    NoAccess,
    /// GetCertByID: a certificate the caller's GLN may not see.
    NoDataFound,
    /// A list longer than `server.max_list_items`. The vendor states no bound; one call writes its
    /// list in one transaction, which on SQLite holds every tenant's writes meanwhile.
    TooMany {
        field: String,
        count: usize,
        max: usize,
    },
    /// A field whose value cannot be quoted back (it holds U+0000), named by its path in the
    /// request: `Недопустимый формат поля "<field>", <rule>`.
    UnquotableField {
        field: String,
        rule: String,
    },
    GlnNotFound(String),
    StartAfterEnd {
        start: String,
        end: String,
    },
    DuplicateNumber(String),
    AlreadyNotified,
    MalformedBody,
    UnknownMethod,
    MethodNotAllowed,
    Internal,
}

impl EdinError {
    /// Every error's `intCode` (its HTTP status under `mirror`) and `varMessage`, side by side.
    pub fn parts(&self) -> (u16, Cow<'static, str>) {
        use EdinError as E;
        let text = |message: &'static str| Cow::Borrowed(message);
        match self {
            E::Unauthorized => (401, text("Пользователь не авторизован")),
            E::WrongCredentials => (401, text("Неверный логин или пароль")),
            E::CertificateNotFound => (404, text("Сертификат не найден")),
            E::Invalid { problems, .. } => {
                let mut messages: Vec<&str> = Vec::new();
                for problem in problems.iter() {
                    if !messages.contains(&problem.message.as_str()) {
                        messages.push(&problem.message);
                    }
                }
                (400, messages.join(words::SEPARATOR).into())
            }
            E::UnknownGlns(glns) => (
                404,
                format!("Не найдены \"gln\" {} в блоке \"amigos_info\"", glns.join(",")).into(),
            ),
            E::NotNetworks(glns) => (
                404,
                format!(
                    "Переданные данные в поле \"gln\" {} блока \"amigos_info не принадлежат сети\"",
                    glns.join(",")
                )
                .into(),
            ),
            E::InfoNotFound => (404, text("Запрашиваемая информация не найдена")),
            E::NoAccess => (403, text("Нет доступа к запрашиваемой информации")),
            E::NoDataFound => (404, text("no data found")),
            E::TooMany { field, count, max } => (
                400,
                words::invalid(
                    field,
                    &format!("[{count} элементов]"),
                    Some(&words::too_many_rule(*max)),
                    None,
                )
                .into(),
            ),
            E::UnquotableField { field, rule } => (400, words::unquoted(field, rule).into()),
            E::GlnNotFound(gln) => (404, format!("Gln {gln} не найден").into()),
            E::StartAfterEnd { start, end } => (
                400,
                format!("Дата начала {start} не может быть больше даты окончания {end}").into(),
            ),
            E::DuplicateNumber(number) => (404, format!("Сертификат с номером {number} уже создан").into()),
            E::AlreadyNotified => (400, text("Уведомление об ошибке было отправлено ранее")),
            E::MalformedBody => (400, text("Некорректный JSON в теле запроса")),
            E::UnknownMethod => (404, text("Not Found")),
            E::MethodNotAllowed => (405, text("Method Not Allowed")),
            E::Internal => (500, text("internal error")),
        }
    }

    /// The members an error answer carries beside `varMessage` and `intCode`.
    pub fn echoed(&self) -> &[(String, String)] {
        match self {
            EdinError::Invalid { echoed, .. } => echoed,
            _ => &[],
        }
    }
}

impl fmt::Display for EdinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts().1)
    }
}

impl std::error::Error for EdinError {}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for EdinError {
    fn from(err: sqlx::Error) -> EdinError {
        tracing::error!(error = %err, "EDIN storage failure");
        EdinError::Internal
    }
}
