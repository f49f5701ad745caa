//! `POST /api/receivers/create-many`: registers receivers at one of the partner's places.
//!
//! - an unknown phone becomes a new receiver in the partner's scope with a payment page at the
//!   place, status None (WaitingForConfirmation with `needConfirmLayouts`);
//! - a phone known in the system but outside the partner's scope gets a page at the place in
//!   WaitingForConfirmation; the receiver joins the scope and the place by the SMS attach;
//! - a phone already in the partner's scope fails the whole call, nothing is created;
//! - `skipped` is always empty, since such a call fails rather than skipping.
//!
//! Two calls racing with the same new phone meet at the unique phone index; the loser runs again
//! and sees the winner's receiver, so exactly one receiver exists.

use axum::body::Bytes;
use axum::extract::State;
use serde_json::{json, Map, Value};

use crate::db::Tx;
use crate::platform::clock::{self, to_ms};
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::phone::normalize_phone;
use crate::platform::secrets::random_digits;
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError, FieldErrors, PLACE_NOT_FOUND};
use crate::vendors::cloudtips::places::find_own_place;
use crate::vendors::cloudtips::receiver::{
    insert_layout, insert_receiver, new_short_id, LayoutRow, LayoutStatus, ReceiverRow,
};
use crate::vendors::cloudtips::request::{bool_or, json_object, optional_string, required_string};

/// How often a call that lost a race on a unique index is run again.
const ATTEMPTS: usize = 3;

struct NewReceiver {
    phone: String,
    name: String,
    external_id: Option<String>,
    send_password: bool,
}

struct CreateRequest {
    place_id: String,
    need_confirm: bool,
    receivers: Vec<NewReceiver>,
}

enum Failure {
    Api(CloudtipsError),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Failure {
    fn from(err: sqlx::Error) -> Failure {
        Failure::Db(err)
    }
}

impl From<CloudtipsError> for Failure {
    fn from(err: CloudtipsError) -> Failure {
        Failure::Api(err)
    }
}

pub async fn create_many(State(app): State<AppState>, partner: Partner, body: Bytes) -> ApiResult {
    let request = parse(&json_object(&body)?)?;
    let mut attempt = 1;
    loop {
        match run(&app, &partner, &request).await {
            Ok(data) => return Ok(succeed(data)),
            Err(Failure::Api(err)) => return Err(err),
            Err(Failure::Db(err))
                if attempt < ATTEMPTS
                    && [
                        crate::vendors::cloudtips::receiver::PHONE_INDEX,
                        crate::vendors::cloudtips::receiver::SHORT_ID_INDEX,
                        crate::vendors::cloudtips::receiver::PLACE_INDEX,
                    ]
                    .iter()
                    .any(|index| index.violated_by(&err)) =>
            {
                attempt += 1;
            }
            Err(Failure::Db(err)) if crate::vendors::cloudtips::receiver::EXTERNAL_ID_INDEX.violated_by(&err) => {
                return Err(CloudtipsError::Failed(
                    "Идентификатор externalId уже используется".to_owned(),
                ))
            }
            Err(Failure::Db(err)) => return Err(err.into()),
        }
    }
}

fn parse(body: &Map<String, Value>) -> Result<CreateRequest, CloudtipsError> {
    let mut errors = FieldErrors::default();
    let place_id = required_string(body, "placeid").unwrap_or_else(|message| {
        errors.add("placeId", message);
        String::new()
    });
    let need_confirm = bool_or(body, "needconfirmlayouts", false).unwrap_or_else(|message| {
        errors.add("needConfirmLayouts", message);
        false
    });
    let items = match body.get("receivers") {
        Some(Value::Array(items)) if !items.is_empty() => items.as_slice(),
        _ => {
            errors.add("receivers", "Список получателей обязателен и не может быть пустым");
            &[]
        }
    };
    let mut receivers = Vec::new();
    let mut phones = Vec::new();
    let mut external_ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = |name: &str| format!("receivers[{i}].{name}");
        let Value::Object(item) = item else {
            errors.add(&format!("receivers[{i}]"), "Ожидается объект");
            continue;
        };
        let phone = match required_string(item, "phonenumber") {
            Ok(raw) => match normalize_phone(&raw) {
                Some(phone) if phones.contains(&phone) => {
                    errors.add(&field("phoneNumber"), "Номер телефона повторяется в запросе");
                    None
                }
                Some(phone) => Some(phone),
                None => {
                    errors.add(&field("phoneNumber"), "Некорректный номер телефона");
                    None
                }
            },
            Err(message) => {
                errors.add(&field("phoneNumber"), message);
                None
            }
        };
        let name = required_string(item, "name")
            .map(|name| name.trim().to_owned())
            .map_err(|message| errors.add(&field("name"), message))
            .ok();
        let external_id = match optional_string(item, "externalid") {
            Ok(Some(id)) if external_ids.contains(&id) => {
                errors.add(&field("externalId"), "Идентификатор externalId повторяется в запросе");
                None
            }
            Ok(id) => id.filter(|id| !id.is_empty()),
            Err(message) => {
                errors.add(&field("externalId"), message);
                None
            }
        };
        let send_password = bool_or(item, "sendpassword", false)
            .map_err(|message| errors.add(&field("sendPassword"), message))
            .unwrap_or(false);
        if let Some(id) = &external_id {
            external_ids.push(id.clone());
        }
        if let (Some(phone), Some(name)) = (phone, name) {
            phones.push(phone.clone());
            receivers.push(NewReceiver {
                phone,
                name,
                external_id,
                send_password,
            });
        }
    }
    errors.into_result()?;
    Ok(CreateRequest {
        place_id,
        need_confirm,
        receivers,
    })
}

async fn run(app: &AppState, partner: &Partner, request: &CreateRequest) -> Result<Value, Failure> {
    let tenant = partner.tenant.as_str();
    let mut tx = app.db.begin().await?;
    if find_own_place(&mut *tx, partner, &request.place_id).await?.is_none() {
        return Err(CloudtipsError::invalid_field("placeId", PLACE_NOT_FOUND).into());
    }
    let now = clock::now(&mut *tx, tenant).await?;
    let mut existing = Vec::new();
    let mut in_scope = Vec::new();
    let mut errors = FieldErrors::default();
    for (i, item) in request.receivers.iter().enumerate() {
        let found: Option<(String, String, Option<String>)> =
            sqlx::query_as("SELECT user_id, name, partner FROM cloudtips_receivers WHERE tenant = $1 AND phone = $2")
                .bind(tenant)
                .bind(&item.phone)
                .fetch_optional(&mut *tx)
                .await?;
        if found
            .as_ref()
            .is_some_and(|(_, _, owner)| owner.as_deref() == Some(&partner.username))
        {
            in_scope.push(item.phone.clone());
        }
        if let Some(external_id) = &item.external_id {
            let holder: Option<(String,)> = sqlx::query_as(
                "SELECT user_id FROM cloudtips_layouts WHERE tenant = $1 AND partner = $2 AND external_id = $3",
            )
            .bind(tenant)
            .bind(&partner.username)
            .bind(external_id)
            .fetch_optional(&mut *tx)
            .await?;
            let own = found.as_ref().map(|(user_id, _, _)| user_id);
            if holder.is_some_and(|(holder,)| Some(&holder) != own) {
                errors.add(
                    &format!("receivers[{i}].externalId"),
                    "Идентификатор externalId уже используется",
                );
            }
        }
        existing.push(found);
    }
    if !in_scope.is_empty() {
        return Err(
            CloudtipsError::Failed(format!("Некоторые номера уже в скоупе: \"{}\"", in_scope.join(", "))).into(),
        );
    }
    errors.into_result()?;
    let mut created = Vec::new();
    for (item, found) in request.receivers.iter().zip(existing) {
        let entry = match found {
            None => create_receiver(&mut tx, partner, request, item, now).await?,
            Some((user_id, name, _)) => {
                let layout = request_attach(&mut tx, partner, request, item, &user_id, now).await?;
                (user_id, name, layout, LayoutStatus::WaitingForConfirmation)
            }
        };
        let (user_id, name, layout_id, status) = entry;
        created.push(json!({
            "phoneNumber": item.phone,
            "name": name,
            "userId": user_id,
            "layoutId": layout_id,
            "layoutStatus": status.code(),
        }));
    }
    tx.commit().await?;
    Ok(json!({ "created": created, "skipped": [] }))
}

/// A receiver new to the system: in the partner's scope at once, with its first, default page.
async fn create_receiver(
    tx: &mut Tx,
    partner: &Partner,
    request: &CreateRequest,
    item: &NewReceiver,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(String, String, String, LayoutStatus), sqlx::Error> {
    let tenant = partner.tenant.as_str();
    let now_ms = to_ms(now);
    let user_id = uuid::Uuid::new_v4().to_string();
    let receiver = ReceiverRow {
        user_id: user_id.clone(),
        phone: item.phone.clone(),
        name: item.name.clone(),
        email: None,
        partner: Some(partner.username.clone()),
        receiver_type: 0,
        payout_method: 0,
        phone_confirmed: 0,
        photo_id: None,
        photo_content_type: None,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    };
    insert_receiver(tx, tenant, &receiver, None).await?;
    let status = if request.need_confirm {
        LayoutStatus::WaitingForConfirmation
    } else {
        LayoutStatus::None
    };
    let layout = new_layout(partner, &request.place_id, &user_id, item, status, true, now_ms);
    insert_layout(tx, tenant, &layout).await?;
    if item.send_password {
        let password = random_digits(6);
        let text = format!("Вы зарегистрированы в CloudTips. Пароль для входа: {password}");
        outbox::send(
            tx,
            tenant,
            OutgoingSms {
                vendor: crate::vendors::cloudtips::NAME,
                phone: &item.phone,
                text: &text,
                code: Some(&password),
            },
            now,
        )
        .await?;
    }
    Ok((user_id, item.name.clone(), layout.short_id, status))
}

/// A receiver of another scope (or none): a page at the place waits for the SMS attach.
async fn request_attach(
    tx: &mut Tx,
    partner: &Partner,
    request: &CreateRequest,
    item: &NewReceiver,
    user_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, sqlx::Error> {
    let tenant = partner.tenant.as_str();
    let now_ms = to_ms(now);
    let page: Option<(String,)> =
        sqlx::query_as("SELECT short_id FROM cloudtips_layouts WHERE tenant = $1 AND user_id = $2 AND place_id = $3")
            .bind(tenant)
            .bind(user_id)
            .bind(&request.place_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some((short_id,)) = page {
        sqlx::query(
            "UPDATE cloudtips_layouts SET status = $1, external_id = COALESCE($2, external_id), updated_at_ms = $3 \
             WHERE tenant = $4 AND short_id = $5",
        )
        .bind(LayoutStatus::WaitingForConfirmation.code())
        .bind(&item.external_id)
        .bind(now_ms)
        .bind(tenant)
        .bind(&short_id)
        .execute(&mut **tx)
        .await?;
        return Ok(short_id);
    }
    let has_pages: Option<(String,)> =
        sqlx::query_as("SELECT id FROM cloudtips_layouts WHERE tenant = $1 AND user_id = $2 LIMIT 1")
            .bind(tenant)
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?;
    let layout = new_layout(
        partner,
        &request.place_id,
        user_id,
        item,
        LayoutStatus::WaitingForConfirmation,
        has_pages.is_none(),
        now_ms,
    );
    insert_layout(tx, tenant, &layout).await?;
    Ok(layout.short_id)
}

fn new_layout(
    partner: &Partner,
    place_id: &str,
    user_id: &str,
    item: &NewReceiver,
    status: LayoutStatus,
    is_default: bool,
    now_ms: i64,
) -> LayoutRow {
    LayoutRow {
        id: uuid::Uuid::new_v4().to_string(),
        short_id: new_short_id(),
        user_id: user_id.to_owned(),
        place_id: place_id.to_owned(),
        place_name: None,
        partner: partner.username.clone(),
        status: status.code(),
        name: Some(item.name.clone()),
        title: None,
        description: None,
        text: None,
        channel_url: None,
        background_id: None,
        external_id: item.external_id.clone(),
        is_default: i64::from(is_default),
        disabled: 0,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    }
}
