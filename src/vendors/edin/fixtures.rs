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
//! A certificate's `cert_id` and `number` are `Id` and `Number`: `Option`s as written, an `i64` and
//! a `String` once prepared, which is what `load` writes and `export` reads back.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::vendors::edin::certificate::{self, AccessType};
use crate::vendors::edin::directory::{self, Company};
use crate::vendors::edin::request::is_gln;
use crate::vendors::edin::session::{self, UserRow};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EdinFixtures<Id = Option<i64>, Number = Option<String>> {
    #[serde(default)]
    pub companies: Vec<CompanyFixture>,
    #[serde(default)]
    pub users: Vec<UserFixture>,
    #[serde(default)]
    pub certificates: Vec<CertificateFixture<Id, Number>>,
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
}

fn restricted() -> i64 {
    AccessType::Restricted.code()
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
        let mut ids = SeenOnce::default();
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
            checked_access_type(cert.access_type, &path)?;
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
            certificates.push(CertificateFixture {
                cert_id,
                owner_gln: cert.owner_gln,
                number: cert.number.unwrap_or_else(|| cert_id.to_string()),
                access_type: cert.access_type,
                granted_glns: cert.granted_glns,
                granted_networks: cert.granted_networks,
            });
        }
        Ok(EdinFixtures {
            companies: self.companies,
            users: self.users,
            certificates,
        })
    }

    async fn load(
        prepared: &PreparedEdin,
        tx: &mut Tx,
        tenant: &str,
        _now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        let mut counts = BTreeMap::from([("companies", 0), ("users", 0), ("certificates", 0)]);
        for (i, company) in prepared.companies.iter().enumerate() {
            let stored = Company {
                name: company.name.clone(),
                is_network: company.is_network,
                network_gln: company.network_gln.clone(),
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
            certificate::insert(tx, tenant, cert_id, &cert.owner_gln, &cert.number, access_type)
                .await
                .map_err(|err| clash(err, &path, "a certificate with this cert_id"))?;
            for (is_network, field, list) in [
                (false, "granted_glns", &cert.granted_glns),
                (true, "granted_networks", &cert.granted_networks),
            ] {
                for (j, gln) in list.iter().enumerate() {
                    require_company(tx, tenant, gln, is_network, format!("{path}.{field}[{j}]")).await?;
                    certificate::grant(tx, tenant, cert_id, gln, is_network).await?;
                }
            }
            *counts.entry("certificates").or_default() += 1;
        }
        Ok(counts)
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "edin_tokens",
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
        let mut exported = Vec::with_capacity(certificates.len());
        for (cert_id, owner_gln, number, access_type) in certificates {
            let (networks, glns): (Vec<_>, Vec<_>) = certificate::grants(executor, tenant, cert_id)
                .await?
                .into_iter()
                .partition(|(_, is_network)| *is_network);
            // A type no certificate can have is an error, not a certificate that fails its next load.
            let access_type = AccessType::from_code(access_type).ok_or_else(|| {
                sqlx::Error::Decode(
                    format!("edin_certificates.access_type of {cert_id} is {access_type}, not 1 or 2").into(),
                )
            })?;
            exported.push(CertificateFixture {
                cert_id,
                owner_gln,
                number,
                access_type: access_type.code(),
                granted_glns: glns.into_iter().map(|(gln, _)| gln).collect(),
                granted_networks: networks.into_iter().map(|(gln, _)| gln).collect(),
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
