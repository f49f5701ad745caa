//! Certificate cards: what `POST /Api/V1/Certificate/Create` takes (CreateCertificate, Таблиця 1)
//! and the card every read answers (`cert_data`).
//!
//! Create: `cert_number` (≤ 100), `cert_date`, `cert_sub_type` (1 period, 2 lot), `cert_type`
//! (1–16), `cert_start_date`, `cert_end_date` (required with sub type 1), `cert_part_number`
//! (≤ 100, required with sub type 2), `cert_gln_creator` (13 digits), `cert_lot_number` (≤ 50),
//! `cert_gtd` (≤ 100); dates `DD.MM.YYYY`, real days.
//!
//! A card prints as its pages list it: dates as `YYYY-MM-DD HH:MM:SS`, GLNs in the `int…GlnID`
//! members as numbers, `varOriginalNum` and `varSystemNum` equal to the number, the type, kind and
//! access names from the directories; the DSS members are null (the emulator checks nothing
//! against DSS) and `isMadePDF` is 3 with files, 0 without. Beside the page's attributes, the
//! emulator's `varOwnerGLN`, `varOwnerName`, `access_type` and, for the owner, `amigos_info`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::vendors::edin::store::certificates::CertificateRow;
use crate::vendors::edin::wire::dates;
use crate::vendors::edin::wire::directories::{
    SubTypes, Types, ACCESS_TYPES, SUB_TYPES, SUB_TYPE_LOT, SUB_TYPE_PERIOD, TYPES,
};
use crate::vendors::edin::wire::values::{members, rules, Code, Gln, RequestDate, Text};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members, extend(
    "if" = rules::is_code("cert_sub_type", SUB_TYPE_PERIOD),
    "then" = rules::required(&["cert_end_date"], None),
    "else" = json!({
        "if": rules::is_code("cert_sub_type", SUB_TYPE_LOT),
        "then": rules::required(&["cert_part_number"], None),
    })
))]
pub struct NewCertificate {
    pub cert_number: Text<100>,
    pub cert_date: RequestDate,
    #[schemars(extend("x-rule" = words::SUB_TYPE_RULE))]
    pub cert_sub_type: Code<SubTypes>,
    #[schemars(extend("x-rule" = words::TYPE_RULE))]
    pub cert_type: Code<Types>,
    pub cert_start_date: RequestDate,
    #[serde(default)]
    pub cert_end_date: Option<RequestDate>,
    #[serde(default)]
    pub cert_part_number: Option<Text<100>>,
    pub cert_gln_creator: Gln,
    #[serde(default)]
    pub cert_lot_number: Option<Text<50>>,
    #[serde(default)]
    pub cert_gtd: Option<Text<100>>,
}

/// Create's answer: the new card's id, a string as the page's example shows it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Created {
    pub certificate_id: String,
}

/// `cert_data`: a card as GetCertByID and GetCertList answer it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CertData {
    #[serde(rename = "intCertID")]
    pub cert_id: i64,
    #[serde(rename = "varCreatedDate")]
    pub created: Option<String>,
    #[serde(rename = "varNumber")]
    pub number: String,
    #[serde(rename = "varOriginalNum")]
    pub original_number: String,
    #[serde(rename = "varSystemNum")]
    pub system_number: String,
    #[serde(rename = "intType")]
    pub cert_type: i64,
    #[serde(rename = "intSubType")]
    pub sub_type: i64,
    #[serde(rename = "intOwnerGlnID")]
    #[schemars(with = "i64")]
    pub owner_gln_id: Value,
    #[serde(rename = "intSupplierGlnID")]
    #[schemars(with = "i64")]
    pub supplier_gln_id: Value,
    #[serde(rename = "intAccessType")]
    pub access_type_code: i64,
    #[serde(rename = "varLotNumber")]
    pub lot_number: String,
    #[serde(rename = "varDate")]
    pub issued: Option<String>,
    #[serde(rename = "varText")]
    pub text: String,
    #[serde(rename = "varStartDate")]
    pub start: Option<String>,
    #[serde(rename = "varEndDate")]
    pub end: Option<String>,
    #[serde(rename = "varPartNumber")]
    pub part_number: String,
    #[serde(rename = "intDssCertID")]
    pub dss_cert_id: Option<i64>,
    #[serde(rename = "intDssCertStat")]
    pub dss_cert_stat: Option<i64>,
    #[serde(rename = "intDssCertDate")]
    pub dss_cert_date: Option<String>,
    /// 3: the common PDF exists (no signature visualisation); 0: no files.
    #[serde(rename = "isMadePDF")]
    pub made_pdf: i64,
    #[serde(rename = "varReviewDate")]
    pub reviewed: Option<String>,
    #[serde(rename = "varSubTypeName")]
    pub sub_type_name: Option<&'static str>,
    #[serde(rename = "varAccessTypeName")]
    pub access_type_name: Option<&'static str>,
    #[serde(rename = "varTypeName")]
    pub type_name: Option<&'static str>,
    #[serde(rename = "varDssCertStat")]
    pub dss_cert_status: Option<String>,
    #[serde(rename = "varOwnerGLN")]
    pub owner_gln: String,
    #[serde(rename = "varOwnerName")]
    pub owner_name: String,
    pub access_type: i64,
    /// The owner's grants; only the owner sees them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amigos_info: Option<Vec<Grant>>,
}

/// One grant of a certificate, as SetAccess gave it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Grant {
    pub gln: String,
    #[serde(rename = "isRetailer")]
    pub is_retailer: bool,
}

/// A GLN as the answers' `int…GlnID` members print it: a number (13 digits fit).
pub fn gln_number(gln: &str) -> Value {
    gln.parse::<i64>().map_or_else(|_| json!(gln), Value::from)
}

/// A stored day as the answers print it.
pub fn shown_day(day: Option<&str>) -> Option<String> {
    day.map(dates::shown_date)
}

/// An instant as the answers print it.
pub fn shown_at(ms: Option<i64>) -> Option<String> {
    ms.and_then(dates::shown_instant)
}

impl CertData {
    /// The card of `row`; `grants` for its owner.
    pub fn of(row: &CertificateRow, has_files: bool, grants: Option<&[(String, bool)]>) -> CertData {
        let card = &row.card;
        CertData {
            cert_id: card.cert_id,
            created: shown_at(Some(card.created_at_ms)),
            number: card.number.clone(),
            original_number: card.number.clone(),
            system_number: card.number.clone(),
            cert_type: card.cert_type,
            sub_type: card.sub_type,
            owner_gln_id: gln_number(&card.owner_gln),
            supplier_gln_id: gln_number(&card.supplier_gln),
            access_type_code: card.access_type,
            lot_number: card.lot_number.clone(),
            issued: shown_day(card.issued_on.as_deref()),
            text: card.description.clone(),
            start: shown_day(card.starts_on.as_deref()),
            end: shown_day(card.ends_on.as_deref()),
            part_number: card.part_number.clone(),
            dss_cert_id: None,
            dss_cert_stat: None,
            dss_cert_date: None,
            made_pdf: if has_files { 3 } else { 0 },
            reviewed: shown_at(card.reviewed_at_ms),
            sub_type_name: SUB_TYPES.name_of(card.sub_type),
            access_type_name: ACCESS_TYPES.name_of(card.access_type),
            type_name: TYPES.name_of(card.cert_type),
            dss_cert_status: None,
            owner_gln: card.owner_gln.clone(),
            owner_name: row.owner_name.clone(),
            access_type: card.access_type,
            amigos_info: grants.map(|grants| {
                grants
                    .iter()
                    .map(|(gln, is_network)| Grant {
                        gln: gln.clone(),
                        is_retailer: *is_network,
                    })
                    .collect()
            }),
        }
    }
}
