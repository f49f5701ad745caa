//! The GetCert controller (`/Api/V1/GetCertUA/…`): what each read takes and answers. Every
//! problem of a searched parameter is `Ошибка в параметрах запроса` (GetCert_errors), except
//! GetCertList's `filter`, which is named like the other methods' members.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::vendors::edin::store::binds::ProductBind;
use crate::vendors::edin::store::certificates::{ListFilter, Search};
use crate::vendors::edin::wire::cards::CertData;
use crate::vendors::edin::wire::values::{members, members_worded, rules, Filter, Number, Text, ANY_LENGTH};
use crate::vendors::edin::wire::words::BAD_QUERY;

/// GetCertByID: `certID`, or `signInfo` where certID is not given (the page's table says
/// `signInfo`, its example and the error page `certID`: both are read).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members_worded(BAD_QUERY), extend(
    "if" = rules::given("certID"),
    "else" = rules::required(&["signInfo"], Some(BAD_QUERY))
))]
pub struct CertificateById {
    #[serde(rename = "certID", default)]
    pub cert_id: Option<Number>,
    #[serde(rename = "signInfo", default)]
    pub sign_info: Option<Number>,
}

impl CertificateById {
    /// The id asked for (the declaration holds one of the two).
    pub fn id(&self) -> i64 {
        self.cert_id.or(self.sign_info).map_or(0, |number| number.0)
    }
}

/// GetFileByID.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members_worded(BAD_QUERY))]
pub struct FileById {
    #[serde(rename = "intFileID")]
    pub file_id: Number,
}

/// A GetCertsBy… list: what it searches by, and which of the caller's matches it keeps.
pub trait ListQuery {
    fn search(&self) -> Search;
    fn filter(&self) -> ListFilter;
}

/// One GetCertsBy… list's parameters: the searched member (a string or a number) and `filter`.
macro_rules! list_queries {
    ($($query:ident { $member:ident => $search:ident }),* $(,)?) => {
        $(
            #[derive(Debug, Deserialize, JsonSchema)]
            #[schemars(transform = members_worded(BAD_QUERY))]
            pub struct $query {
                pub $member: Text<ANY_LENGTH>,
                #[serde(default)]
                pub filter: Option<Filter>,
            }

            impl ListQuery for $query {
                fn search(&self) -> Search {
                    Search::$search(self.$member.0.clone())
                }

                fn filter(&self) -> ListFilter {
                    self.filter.map_or(ListFilter::Visible, |filter| filter.0)
                }
            }
        )*
    };
}

list_queries! {
    ByEdrpou { edrpou => Edrpou },
    ByBarcode { barcode => Gtin },
    ByNumber { num => Number },
    ByInn { inn => Inn },
    ByGln { gln => OwnerGln },
}

/// GetCertList, the emulator's own: every certificate the caller sees, narrowed by `filter`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members)]
pub struct CertList {
    #[serde(default)]
    pub filter: Option<Filter>,
}

/// The reads with no parameters but the token (the directories).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members)]
pub struct NoParams {}

/// GetCertByID's answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Certificate {
    pub cert_data: CertData,
    /// Categories are the owner's own labels, which the API cannot set: the emulator keeps none.
    pub cert_cat: Vec<Value>,
    pub cert_files: Vec<CertFile>,
    /// The emulator's own: the product binds, for whoever sees the certificate.
    pub product_binds: Vec<ProductBind>,
}

/// One file of `cert_files`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CertFile {
    #[serde(rename = "intFileID")]
    pub file_id: i64,
    #[serde(rename = "intType")]
    pub file_type: i64,
    #[serde(rename = "varFileName")]
    pub file_name: String,
    #[serde(rename = "intSignStatus")]
    pub sign_status: i64,
    #[serde(rename = "varHashLink")]
    pub hash: String,
}

/// GetFileByID's answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct File {
    pub cert_file_data: FileData,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FileData {
    #[serde(rename = "intCertFileID")]
    pub file_id: i64,
    #[serde(rename = "intType")]
    pub file_type: i64,
    #[serde(rename = "varFileName")]
    pub file_name: String,
    #[serde(rename = "varHashLink")]
    pub hash: String,
    /// "масив; тіло файлу в base64 форматі": one element, the whole body as it was attached.
    #[serde(rename = "varBody")]
    pub body: Vec<String>,
}

/// A GetCertsBy… list's answer.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Listed {
    pub certs: Vec<ListedCert>,
}

/// One item of a GetCertsBy… list: the attributes its pages list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ListedCert {
    #[serde(rename = "intCertID")]
    pub cert_id: i64,
    #[serde(rename = "varNumber")]
    pub number: String,
    #[serde(rename = "varStartDate")]
    pub start: Option<String>,
    #[serde(rename = "varEndDate")]
    pub end: Option<String>,
    #[serde(rename = "varReviewDate")]
    pub reviewed: Option<String>,
    #[serde(rename = "intSupplierGlnID")]
    #[schemars(with = "i64")]
    pub supplier_gln_id: Value,
}

/// GetCertList's answer: whole cards.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Cards {
    pub certs: Vec<CertData>,
}

impl ListedCert {
    pub fn of(card: &crate::vendors::edin::store::certificates::CertificateCard) -> ListedCert {
        use crate::vendors::edin::wire::cards::{gln_number, shown_at, shown_day};
        ListedCert {
            cert_id: card.cert_id,
            number: card.number.clone(),
            start: shown_day(card.starts_on.as_deref()),
            end: shown_day(card.ends_on.as_deref()),
            reviewed: shown_at(card.reviewed_at_ms),
            supplier_gln_id: gln_number(&card.supplier_gln),
        }
    }
}
