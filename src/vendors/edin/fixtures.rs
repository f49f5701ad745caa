//! The `edin` section of a fixture document: the company directory, users and certificates with
//! their grants, checked, loaded into a tenant and exported back.
//!
//! Beside CONTRACT.md's fields a certificate takes `granted_networks` (networks opened with
//! `isRetailer: true`, reaching their member companies), so an exported state loads back whole.
//! Choices where CONTRACT.md is silent: GLNs are 13 digits; `is_network` defaults to false and a
//! network belongs to no other network; `cert_id` is a positive integer, the next one after the
//! document's largest when absent; `number` defaults to the `cert_id` in decimal; `access_type`
//! defaults to 2 (restricted). References (a user's company, a certificate's owner and grants, a
//! member's network) may name companies of the document or companies already in the tenant.
//!
//! A company may carry `edrpou` and `inn` codes (the GetCertsByEdrpouCode / GetCertsByInnCode
//! searches). A certificate also takes its card: `cert_type` (ShowTypes code, default 1),
//! `sub_type` (ShowSubTypes code, default 1), `supplier_gln` (default the owner), the calendar
//! dates `issued_on`, `starts_on`, `ends_on` (`YYYY-MM-DD` or null), `part_number`, `lot_number`,
//! `gtd`, `description` (default `""`), `created_at` (RFC 3339; the load's instant when absent),
//! `reviewed_at` (RFC 3339 or null), `product_binds` (`[{gtin, article_supplier, article_buyer,
//! uktved, dkpp}]`, absent fields `""`, at least one filled) and `files` (`[{file_id, file_type,
//! file_name, body (base64), sign_status, created_at}]`; `file_id` one more than the document's
//! largest when absent, `file_type` and `sign_status` 0 by default). `complaints` (NotifyError)
//! are `[{cert_id, gln, type_error, login, text, created_at}]`: `gln` the sender's company,
//! `login` its user (`""` by default).
//!
//! A certificate's `cert_id` and `number` (and a file's `file_id`) are `Id` and `Number`: `Option`s
//! as written, an `i64` and a `String` once prepared, which is what `load` writes and `export`
//! reads back.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::platform::clock::to_ms;
use crate::vendors::edin::certificate::{self, AccessType, CertificateCard, OWNER_NUMBER};
use crate::vendors::edin::certificate_file::{self, FileRow};
use crate::vendors::edin::complaint::{self, ComplaintRow};
use crate::vendors::edin::dates;
use crate::vendors::edin::dictionary::{Dictionary, ERROR_TYPES, SUB_TYPES, TYPES};
use crate::vendors::edin::directory::{self, Company};
use crate::vendors::edin::product_bind::{self, ProductBind};
use crate::vendors::edin::session::{self, UserRow};
use crate::vendors::edin::wire::values::{is_base64, is_gln};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EdinFixtures<Id = Option<i64>, Number = Option<String>> {
    #[serde(default)]
    pub companies: Vec<CompanyFixture>,
    #[serde(default)]
    pub users: Vec<UserFixture>,
    #[serde(default)]
    pub certificates: Vec<CertificateFixture<Id, Number>>,
    #[serde(default)]
    pub complaints: Vec<ComplaintFixture>,
}

/// The section with every certificate's id and number filled.
pub type PreparedEdin = EdinFixtures<i64, String>;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompanyFixture {
    pub gln: String,
    pub name: String,
    #[serde(default)]
    pub is_network: bool,
    #[serde(default)]
    pub network_gln: Option<String>,
    #[serde(default)]
    pub edrpou: Option<String>,
    #[serde(default)]
    pub inn: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UserFixture {
    pub login: String,
    pub password: String,
    pub gln: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CertificateFixture<Id = Option<i64>, Number = Option<String>> {
    #[serde(default)]
    pub cert_id: Id,
    pub owner_gln: String,
    #[serde(default)]
    pub number: Number,
    #[serde(default = "restricted")]
    pub access_type: i64,
    #[serde(default)]
    pub granted_glns: Vec<String>,
    #[serde(default)]
    pub granted_networks: Vec<String>,
    #[serde(default = "first_code")]
    pub cert_type: i64,
    #[serde(default = "first_code")]
    pub sub_type: i64,
    #[serde(default)]
    pub supplier_gln: Option<String>,
    #[serde(default)]
    pub issued_on: Option<String>,
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub part_number: String,
    #[serde(default)]
    pub lot_number: String,
    #[serde(default)]
    pub gtd: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub reviewed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub product_binds: Vec<ProductBind>,
    #[serde(default)]
    pub files: Vec<FileFixture<Id>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileFixture<Id = Option<i64>> {
    #[serde(default)]
    pub file_id: Id,
    #[serde(default)]
    pub file_type: i64,
    pub file_name: String,
    pub body: String,
    #[serde(default)]
    pub sign_status: i64,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComplaintFixture {
    pub cert_id: i64,
    pub gln: String,
    pub type_error: i64,
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}

fn restricted() -> i64 {
    AccessType::Restricted.code()
}

fn first_code() -> i64 {
    1
}

fn check_code(dictionary: &Dictionary, code: i64, path: String) -> Result<(), FixtureError> {
    if dictionary.has(code) {
        Ok(())
    } else {
        Err(FixtureError::invalid(path, "not a code of its directory"))
    }
}

fn check_day(day: Option<&str>, path: String) -> Result<(), FixtureError> {
    match day {
        Some(day) if dates::parse_stored_date(day).is_none() => {
            Err(FixtureError::invalid(path, "a date is YYYY-MM-DD"))
        }
        _ => Ok(()),
    }
}

fn check_digits(code: Option<&str>, path: String) -> Result<(), FixtureError> {
    match code {
        Some(code) if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) => {
            Err(FixtureError::invalid(path, "digits only"))
        }
        _ => Ok(()),
    }
}

/// An instant as stored: epoch milliseconds, `now` when the fixture names none.
fn stored_ms(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    to_ms(at.unwrap_or(now))
}

fn exported_at(ms: i64, what: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| sqlx::Error::Decode(format!("{what} holds {ms}, no instant").into()))
}

fn check_gln(gln: &str, path: String) -> Result<(), FixtureError> {
    if is_gln(gln) {
        Ok(())
    } else {
        Err(FixtureError::invalid(path, "a GLN is 13 digits"))
    }
}

/// The `access_type` of the certificate at `path`.
fn checked_access_type(code: i64, path: &str) -> Result<AccessType, FixtureError> {
    AccessType::from_code(code).ok_or_else(|| FixtureError::invalid(format!("{path}.access_type"), "must be 1 or 2"))
}

impl Section for EdinFixtures {
    const NAME: &'static str = crate::vendors::edin::NAME;

    type Prepared = PreparedEdin;

    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    fn prepare(self, base: &str) -> Result<PreparedEdin, FixtureError> {
        let mut glns = SeenOnce::default();
        for (i, company) in self.companies.iter().enumerate() {
            let path = format!("{base}.companies[{i}]");
            check_gln(&company.gln, format!("{path}.gln"))?;
            glns.check(&company.gln, &format!("{path}.gln"), "GLN")?;
            if company.name.trim().is_empty() {
                return Err(FixtureError::invalid(format!("{path}.name"), "must not be empty"));
            }
            check_digits(company.edrpou.as_deref(), format!("{path}.edrpou"))?;
            check_digits(company.inn.as_deref(), format!("{path}.inn"))?;
            if let Some(network) = &company.network_gln {
                check_gln(network, format!("{path}.network_gln"))?;
                if company.is_network || *network == company.gln {
                    return Err(FixtureError::invalid(
                        format!("{path}.network_gln"),
                        "a network belongs to no other network",
                    ));
                }
            }
        }

        let mut logins = SeenOnce::default();
        for (i, user) in self.users.iter().enumerate() {
            let path = format!("{base}.users[{i}]");
            if user.login.is_empty() {
                return Err(FixtureError::invalid(format!("{path}.login"), "must not be empty"));
            }
            logins.check(&user.login, &format!("{path}.login"), "login")?;
            if user.password.is_empty() {
                return Err(FixtureError::invalid(format!("{path}.password"), "must not be empty"));
            }
            check_gln(&user.gln, format!("{path}.gln"))?;
        }

        let mut next_id = self.certificates.iter().filter_map(|c| c.cert_id).max().unwrap_or(0);
        let mut next_file_id = self
            .certificates
            .iter()
            .flat_map(|c| c.files.iter().filter_map(|file| file.file_id))
            .max()
            .unwrap_or(0);
        let mut ids = SeenOnce::default();
        let mut file_ids = SeenOnce::default();
        let mut numbers = SeenOnce::default();
        let mut certificates = Vec::with_capacity(self.certificates.len());
        for (i, cert) in self.certificates.into_iter().enumerate() {
            let path = format!("{base}.certificates[{i}]");
            let cert_id = cert.cert_id.unwrap_or_else(|| {
                next_id += 1;
                next_id
            });
            if cert_id < 1 {
                return Err(FixtureError::invalid(format!("{path}.cert_id"), "must be positive"));
            }
            ids.check(&cert_id.to_string(), &format!("{path}.cert_id"), "cert_id")?;
            check_gln(&cert.owner_gln, format!("{path}.owner_gln"))?;
            let number = cert.number.unwrap_or_else(|| cert_id.to_string());
            numbers.check(
                &format!("{} {number}", cert.owner_gln),
                &format!("{path}.number"),
                "the owner's number",
            )?;
            checked_access_type(cert.access_type, &path)?;
            check_code(&TYPES, cert.cert_type, format!("{path}.cert_type"))?;
            check_code(&SUB_TYPES, cert.sub_type, format!("{path}.sub_type"))?;
            if let Some(supplier) = &cert.supplier_gln {
                check_gln(supplier, format!("{path}.supplier_gln"))?;
            }
            check_day(cert.issued_on.as_deref(), format!("{path}.issued_on"))?;
            check_day(cert.starts_on.as_deref(), format!("{path}.starts_on"))?;
            check_day(cert.ends_on.as_deref(), format!("{path}.ends_on"))?;
            for (field, list) in [
                ("granted_glns", &cert.granted_glns),
                ("granted_networks", &cert.granted_networks),
            ] {
                let mut seen = SeenOnce::default();
                for (j, gln) in list.iter().enumerate() {
                    check_gln(gln, format!("{path}.{field}[{j}]"))?;
                    seen.check(gln, &format!("{path}.{field}[{j}]"), "GLN")?;
                }
            }
            for (j, bind) in cert.product_binds.iter().enumerate() {
                if bind.is_empty() {
                    return Err(FixtureError::invalid(
                        format!("{path}.product_binds[{j}]"),
                        "a bind fills at least one field",
                    ));
                }
            }
            let mut files = Vec::with_capacity(cert.files.len());
            for (j, file) in cert.files.into_iter().enumerate() {
                let file_path = format!("{path}.files[{j}]");
                let file_id = file.file_id.unwrap_or_else(|| {
                    next_file_id += 1;
                    next_file_id
                });
                if file_id < 1 {
                    return Err(FixtureError::invalid(
                        format!("{file_path}.file_id"),
                        "must be positive",
                    ));
                }
                file_ids.check(&file_id.to_string(), &format!("{file_path}.file_id"), "file_id")?;
                if file.file_name.is_empty() {
                    return Err(FixtureError::invalid(
                        format!("{file_path}.file_name"),
                        "must not be empty",
                    ));
                }
                if !is_base64(&file.body) {
                    return Err(FixtureError::invalid(format!("{file_path}.body"), "must be base64"));
                }
                if file.file_type < 0 {
                    return Err(FixtureError::invalid(
                        format!("{file_path}.file_type"),
                        "must not be negative",
                    ));
                }
                if !(0..=1).contains(&file.sign_status) {
                    return Err(FixtureError::invalid(
                        format!("{file_path}.sign_status"),
                        "must be 0 or 1",
                    ));
                }
                files.push(FileFixture {
                    file_id,
                    file_type: file.file_type,
                    file_name: file.file_name,
                    body: file.body,
                    sign_status: file.sign_status,
                    created_at: file.created_at,
                });
            }
            certificates.push(CertificateFixture {
                cert_id,
                owner_gln: cert.owner_gln,
                number,
                access_type: cert.access_type,
                granted_glns: cert.granted_glns,
                granted_networks: cert.granted_networks,
                cert_type: cert.cert_type,
                sub_type: cert.sub_type,
                supplier_gln: cert.supplier_gln,
                issued_on: cert.issued_on,
                starts_on: cert.starts_on,
                ends_on: cert.ends_on,
                part_number: cert.part_number,
                lot_number: cert.lot_number,
                gtd: cert.gtd,
                description: cert.description,
                created_at: cert.created_at,
                reviewed_at: cert.reviewed_at,
                product_binds: cert.product_binds,
                files,
            });
        }
        let mut complaints = SeenOnce::default();
        for (i, complaint) in self.complaints.iter().enumerate() {
            let path = format!("{base}.complaints[{i}]");
            check_gln(&complaint.gln, format!("{path}.gln"))?;
            check_code(&ERROR_TYPES, complaint.type_error, format!("{path}.type_error"))?;
            complaints.check(
                &format!("{} {} {}", complaint.cert_id, complaint.gln, complaint.type_error),
                &path,
                "the complaint",
            )?;
        }
        Ok(EdinFixtures {
            companies: self.companies,
            users: self.users,
            certificates,
            complaints: self.complaints,
        })
    }

    async fn load(
        prepared: &PreparedEdin,
        tx: &mut Tx,
        tenant: &str,
        now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        let mut counts = BTreeMap::from([("companies", 0), ("users", 0), ("certificates", 0)]);
        for (i, company) in prepared.companies.iter().enumerate() {
            let stored = Company {
                name: company.name.clone(),
                is_network: company.is_network,
                network_gln: company.network_gln.clone(),
                edrpou: company.edrpou.clone(),
                inn: company.inn.clone(),
            };
            directory::insert(tx, tenant, &company.gln, &stored)
                .await
                .map_err(|err| clash(err, &format!("{base}.companies[{i}]"), "a company with this GLN"))?;
            *counts.entry("companies").or_default() += 1;
        }
        // References are checked once every company of the document is in, so their order is free.
        for (i, company) in prepared.companies.iter().enumerate() {
            if let Some(network) = &company.network_gln {
                require_company(tx, tenant, network, true, format!("{base}.companies[{i}].network_gln")).await?;
            }
        }

        for (i, user) in prepared.users.iter().enumerate() {
            let path = format!("{base}.users[{i}]");
            require_company(tx, tenant, &user.gln, false, format!("{path}.gln")).await?;
            let row = UserRow {
                login: user.login.clone(),
                password: user.password.clone(),
                gln: user.gln.clone(),
            };
            session::insert_user(tx, tenant, &row)
                .await
                .map_err(|err| clash(err, &path, "a user with this login"))?;
            *counts.entry("users").or_default() += 1;
        }

        for (i, cert) in prepared.certificates.iter().enumerate() {
            let path = format!("{base}.certificates[{i}]");
            let cert_id = cert.cert_id;
            let access_type = checked_access_type(cert.access_type, &path)?;
            require_company(tx, tenant, &cert.owner_gln, false, format!("{path}.owner_gln")).await?;
            let supplier_gln = cert.supplier_gln.clone().unwrap_or_else(|| cert.owner_gln.clone());
            require_company(tx, tenant, &supplier_gln, false, format!("{path}.supplier_gln")).await?;
            let card = CertificateCard {
                cert_id,
                owner_gln: cert.owner_gln.clone(),
                number: cert.number.clone(),
                access_type: access_type.code(),
                cert_type: cert.cert_type,
                sub_type: cert.sub_type,
                supplier_gln,
                issued_on: cert.issued_on.clone(),
                starts_on: cert.starts_on.clone(),
                ends_on: cert.ends_on.clone(),
                part_number: cert.part_number.clone(),
                lot_number: cert.lot_number.clone(),
                gtd: cert.gtd.clone(),
                description: cert.description.clone(),
                created_at_ms: stored_ms(cert.created_at, now),
                reviewed_at_ms: cert.reviewed_at.map(to_ms),
            };
            certificate::insert(tx, tenant, &card).await.map_err(|err| {
                let what = if OWNER_NUMBER.violated_by(&err) {
                    "a certificate of this owner with this number"
                } else {
                    "a certificate with this cert_id"
                };
                clash(err, &path, what)
            })?;
            for (is_network, field, list) in [
                (false, "granted_glns", &cert.granted_glns),
                (true, "granted_networks", &cert.granted_networks),
            ] {
                for (j, gln) in list.iter().enumerate() {
                    require_company(tx, tenant, gln, is_network, format!("{path}.{field}[{j}]")).await?;
                    certificate::grant(tx, tenant, cert_id, gln, is_network).await?;
                }
            }
            for bind in &cert.product_binds {
                product_bind::add(tx, tenant, cert_id, bind).await?;
                *counts.entry("product_binds").or_default() += 1;
            }
            for (j, file) in cert.files.iter().enumerate() {
                let row = FileRow {
                    file_id: file.file_id,
                    cert_id,
                    file_type: file.file_type,
                    file_name: file.file_name.clone(),
                    body: file.body.clone(),
                    sign_status: file.sign_status,
                    created_at_ms: stored_ms(file.created_at, now),
                };
                certificate_file::insert(tx, tenant, &row)
                    .await
                    .map_err(|err| clash(err, &format!("{path}.files[{j}]"), "a file with this file_id"))?;
                *counts.entry("files").or_default() += 1;
            }
            *counts.entry("certificates").or_default() += 1;
        }

        for (i, complaint) in prepared.complaints.iter().enumerate() {
            let path = format!("{base}.complaints[{i}]");
            if certificate::owner_of(&mut **tx, tenant, complaint.cert_id)
                .await?
                .is_none()
            {
                return Err(FixtureError::invalid(
                    format!("{path}.cert_id"),
                    format!("no certificate {}", complaint.cert_id),
                ));
            }
            require_company(tx, tenant, &complaint.gln, false, format!("{path}.gln")).await?;
            let row = ComplaintRow {
                cert_id: complaint.cert_id,
                gln: complaint.gln.clone(),
                type_error: complaint.type_error,
                login: complaint.login.clone(),
                body: complaint.text.clone(),
                created_at_ms: stored_ms(complaint.created_at, now),
            };
            complaint::insert(tx, tenant, &row)
                .await
                .map_err(|err| clash(err, &path, "this complaint"))?;
            *counts.entry("complaints").or_default() += 1;
        }
        Ok(counts)
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "edin_tokens",
                "edin_complaints",
                "edin_certificate_files",
                "edin_product_binds",
                "edin_sequences",
                "edin_certificate_grants",
                "edin_certificates",
                "edin_users",
                "edin_companies",
            ],
        )
        .await
    }

    async fn export(executor: &AnyPool, tenant: &str) -> Result<PreparedEdin, sqlx::Error> {
        let companies = directory::all(executor, tenant).await?;
        let users = session::all_users(executor, tenant).await?;
        let certificates = certificate::all(executor, tenant).await?;
        let mut files: BTreeMap<i64, Vec<FileFixture<i64>>> = BTreeMap::new();
        for file in certificate_file::all(executor, tenant).await? {
            files.entry(file.cert_id).or_default().push(FileFixture {
                file_id: file.file_id,
                file_type: file.file_type,
                file_name: file.file_name,
                body: file.body,
                sign_status: file.sign_status,
                created_at: Some(exported_at(file.created_at_ms, "edin_certificate_files.created_at_ms")?),
            });
        }
        let mut binds: BTreeMap<i64, Vec<ProductBind>> = BTreeMap::new();
        for row in product_bind::all(executor, tenant).await? {
            binds.entry(row.cert_id).or_default().push(row.bind);
        }
        let mut exported = Vec::with_capacity(certificates.len());
        for card in certificates {
            let cert_id = card.cert_id;
            let (networks, glns): (Vec<_>, Vec<_>) = certificate::grants(executor, tenant, cert_id)
                .await?
                .into_iter()
                .partition(|(_, is_network)| *is_network);
            // A type no certificate can have is an error, not a certificate that fails its next load.
            let access_type = AccessType::from_code(card.access_type).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!(
                        "edin_certificates.access_type of {cert_id} is {}, not 1 or 2",
                        card.access_type
                    )
                    .into(),
                )
            })?;
            exported.push(CertificateFixture {
                cert_id,
                owner_gln: card.owner_gln,
                number: card.number,
                access_type: access_type.code(),
                granted_glns: glns.into_iter().map(|(gln, _)| gln).collect(),
                granted_networks: networks.into_iter().map(|(gln, _)| gln).collect(),
                cert_type: card.cert_type,
                sub_type: card.sub_type,
                supplier_gln: Some(card.supplier_gln),
                issued_on: card.issued_on,
                starts_on: card.starts_on,
                ends_on: card.ends_on,
                part_number: card.part_number,
                lot_number: card.lot_number,
                gtd: card.gtd,
                description: card.description,
                created_at: Some(exported_at(card.created_at_ms, "edin_certificates.created_at_ms")?),
                reviewed_at: card
                    .reviewed_at_ms
                    .map(|ms| exported_at(ms, "edin_certificates.reviewed_at_ms"))
                    .transpose()?,
                product_binds: binds.remove(&cert_id).unwrap_or_default(),
                files: files.remove(&cert_id).unwrap_or_default(),
            });
        }
        let mut complaints = Vec::new();
        for row in complaint::all(executor, tenant).await? {
            complaints.push(ComplaintFixture {
                cert_id: row.cert_id,
                gln: row.gln,
                type_error: row.type_error,
                login: row.login,
                text: row.body,
                created_at: Some(exported_at(row.created_at_ms, "edin_complaints.created_at_ms")?),
            });
        }
        Ok(EdinFixtures {
            companies: companies
                .into_iter()
                .map(|row| CompanyFixture {
                    gln: row.gln,
                    name: row.company.name,
                    is_network: row.company.is_network,
                    network_gln: row.company.network_gln,
                    edrpou: row.company.edrpou,
                    inn: row.company.inn,
                })
                .collect(),
            users: users
                .into_iter()
                .map(|row| UserFixture {
                    login: row.login,
                    password: row.password,
                    gln: row.gln,
                })
                .collect(),
            certificates: exported,
            complaints,
        })
    }
}

/// A reference must name a company of the tenant, and a network where one is expected.
async fn require_company(
    tx: &mut Tx,
    tenant: &str,
    gln: &str,
    must_be_network: bool,
    path: String,
) -> Result<(), FixtureError> {
    match directory::get(&mut **tx, tenant, gln).await? {
        None => Err(FixtureError::invalid(path, format!("no company with GLN {gln}"))),
        Some(company) if must_be_network && !company.is_network => Err(FixtureError::invalid(
            path,
            format!("the company {gln} is not a network"),
        )),
        Some(_) => Ok(()),
    }
}
