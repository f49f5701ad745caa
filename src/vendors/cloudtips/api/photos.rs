//! Receivers' photos: upload (`multipart/form-data`, field `FormFile`), delete, and the emulator's
//! own image host that `photoUrl` points at.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use base64::Engine as _;

use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::PublicBase;
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::photo::{self, sniff_image_type, StoredPhoto};
use crate::vendors::cloudtips::store::receiver::{self, Edit};
use crate::vendors::cloudtips::wire::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::receivers::UploadedPhoto;

pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
pub const FILE_FIELD: &str = "FormFile";
/// The name of a multipart part as a part's headers can carry it: no control character but tab
/// (the multipart reader refuses the body otherwise). Other parts than [`FILE_FIELD`] are ignored.
pub const PART_NAME_PATTERN: &str = r"^[^\x00-\x08\x0a-\x1f\x7f]*$";
/// A file that is no JPEG, PNG or WebP image, told by its first bytes.
pub const NOT_AN_IMAGE: &str = "Допустимы только изображения JPEG, PNG или WebP";

/// `POST /api/receivers/{userId}/photo`.
pub async fn upload_photo(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    base: PublicBase,
    Path(user_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult {
    let bytes = read_file_field(multipart).await?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(CloudtipsError::invalid_field(
            FILE_FIELD,
            "Размер файла не должен превышать 5 МБ",
        ));
    }
    let content_type =
        sniff_image_type(&bytes).ok_or_else(|| CloudtipsError::invalid_field(FILE_FIELD, NOT_AN_IMAGE))?;
    let mut tx = app.db.begin().await?;
    receiver::find_in_scope(&mut *tx, &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let now = context.now(&mut *tx).await?;
    let photo_id = uuid::Uuid::new_v4().to_string();
    let stored = StoredPhoto {
        content_type: content_type.to_owned(),
        base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
    };
    photo::set(&mut tx, Edit::by(&partner, &user_id, now), &photo_id, &stored).await?;
    tx.commit().await?;
    Ok(succeed(UploadedPhoto {
        photo_url: base.photo_url(&partner.tenant, &photo_id),
        photo_id,
    }))
}

/// The bytes of the `FormFile` part (its name matched case-insensitively).
async fn read_file_field(multipart: Result<Multipart, MultipartRejection>) -> Result<Vec<u8>, CloudtipsError> {
    let mut multipart = multipart.map_err(|err| {
        CloudtipsError::invalid_field(
            FILE_FIELD,
            format!("Ожидается multipart/form-data: {}", err.body_text()),
        )
    })?;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|err| CloudtipsError::invalid_field(FILE_FIELD, format!("Некорректный multipart: {err}")))?;
        let Some(field) = field else {
            return Err(CloudtipsError::invalid_field(FILE_FIELD, "Файл обязателен"));
        };
        if field.name().is_some_and(|name| name.eq_ignore_ascii_case(FILE_FIELD)) {
            let bytes = field
                .bytes()
                .await
                .map_err(|err| CloudtipsError::invalid_field(FILE_FIELD, format!("Некорректный multipart: {err}")))?;
            return Ok(bytes.to_vec());
        }
    }
}

/// `DELETE /api/receivers/{userId}/photo`.
pub async fn delete_photo(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(user_id): Path<String>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let found = receiver::find_in_scope(&mut *tx, &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    if found.photo_id.is_none() {
        return Err(CloudtipsError::PhotoNotFound);
    }
    let now = context.now(&mut *tx).await?;
    photo::remove(&mut tx, Edit::by(&partner, &user_id, now)).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `GET /photos/{tenant}/{photoId}`: public, like the real service's image host, so the tenant is in
/// the path rather than a header.
pub async fn serve_photo(State(app): State<AppState>, Path((tenant, photo_id)): Path<(String, String)>) -> ApiResult {
    let found = photo::find(app.db.pool(), &tenant, &photo_id)
        .await?
        .ok_or(CloudtipsError::PhotoNotFound)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(found.base64)
        .map_err(|_| CloudtipsError::Internal)?;
    Ok(([(CONTENT_TYPE, found.content_type)], bytes).into_response())
}
