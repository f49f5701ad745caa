//! LIFE POS's notification service, as two public integrations use it (no vendor page documents
//! it): while an organization's `extensions.notification_service.turned_on` is true, every change
//! of a sale, payment, refund, receipt or shift report is POSTed as JSON to its
//! `primary_url_for_notifications` (falling over to `secondary_url_for_notifications`): the entity
//! as its own GET answers it, with `type_of` naming the notification (`Sale`, `SalePayment`,
//! `SaleRefund`, `FiscalDocumentReceipt`, `FiscalDocumentShiftOpeningReport`,
//! `FiscalDocumentShiftClosingReport`). The notification is written in the change's transaction
//! and sent by the platform (`platform::deliveries`): at least once, in order per sale.

use serde::Serialize;
use serde_json::Value;

use crate::db::Tx;
use crate::platform::deliveries::{self, Notification};
use crate::state::AppState;
use crate::vendors::lifepos::store::orgs;
use crate::vendors::lifepos::wire::render::to_value;
use crate::vendors::lifepos::NAME;

/// Where an organization's notifications go, when it has the service turned on, and the tenant
/// and instant (its clock) they are written at.
pub struct Target {
    url: String,
    secondary_url: Option<String>,
    tenant: String,
    now_ms: i64,
}

impl Target {
    /// The organization's notification URLs, or `None` while the service is off (or absent).
    pub async fn of(tx: &mut Tx, tenant: &str, org: &str, now_ms: i64) -> Result<Option<Target>, sqlx::Error> {
        let Some(org) = orgs::find(&mut **tx, tenant, org).await? else {
            return Ok(None);
        };
        let extensions = org.extensions_map();
        let Some(service) = extensions.get("notification_service") else {
            return Ok(None);
        };
        if service.get("turned_on") != Some(&Value::Bool(true)) {
            return Ok(None);
        }
        let url = |member: &str| {
            service
                .get(member)
                .and_then(Value::as_str)
                .filter(|url| !url.is_empty())
                .map(str::to_owned)
        };
        Ok(url("primary_url_for_notifications").map(|url_1| Target {
            url: url_1,
            secondary_url: url("secondary_url_for_notifications"),
            tenant: tenant.to_owned(),
            now_ms,
        }))
    }

    /// Writes one notification: `entity` (the answer its own GET gives) with `type_of` set to
    /// `type_of`, about `subject`.
    pub async fn send<T: Serialize>(
        &self,
        tx: &mut Tx,
        app: &AppState,
        type_of: &str,
        subject: &str,
        entity: &T,
    ) -> Result<(), sqlx::Error> {
        let mut entity = to_value(entity);
        entity["type_of"] = Value::String(type_of.to_owned());
        let notification = Notification {
            vendor: NAME,
            type_of,
            subject,
            url: &self.url,
            secondary_url: self.secondary_url.as_deref(),
            body: &entity,
        };
        deliveries::enqueue(tx, &app.deliveries, &self.tenant, notification, self.now_ms).await?;
        Ok(())
    }
}
