//! The declarations against documents: what the walk finds and how the vendor words it, and that
//! each schema admits, as sent, what the server reads leniently.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::access::AccessChange;
use super::binds::BindChange;
use super::cards::NewCertificate;
use super::complaints::Complaint;
use super::read::read;
use super::reads::{ByGln, CertList, CertificateById, FileById, NoParams};
use super::scans::Scan;
use super::sign_in::Credentials;
use super::signed::Signed;
use crate::platform::wire::{check, every_pattern_compiles, schema_of, Formats};
use crate::vendors::edin::wire::error::EdinError;

/// The answer a document gets: `Ok(())` or the failure's message and echoed members.
fn answer<T: DeserializeOwned + schemars::JsonSchema + 'static>(document: Value) -> Result<(), (String, Value)> {
    match read::<T>(document, &schema_of::<Signed<T>>()) {
        Ok(_) => Ok(()),
        Err(err) => {
            let echoed: serde_json::Map<String, Value> = err
                .echoed()
                .iter()
                .map(|(key, value)| (key.clone(), json!(value)))
                .collect();
            Err((err.to_string(), Value::Object(echoed)))
        }
    }
}

fn message<T: DeserializeOwned + schemars::JsonSchema + 'static>(document: Value) -> String {
    answer::<T>(document).expect_err("refused").0
}

#[test]
fn every_declared_pattern_compiles() {
    for schema in [
        schema_of::<Credentials>(),
        schema_of::<Signed<NewCertificate>>(),
        schema_of::<Signed<BindChange>>(),
        schema_of::<Signed<AccessChange>>(),
        schema_of::<Signed<Scan>>(),
        schema_of::<Signed<Complaint>>(),
        schema_of::<Signed<CertificateById>>(),
        schema_of::<Signed<FileById>>(),
        schema_of::<Signed<ByGln>>(),
        schema_of::<Signed<CertList>>(),
        schema_of::<Signed<NoParams>>(),
    ] {
        every_pattern_compiles(&schema.schema).expect("patterns compile");
    }
}

#[test]
fn every_members_problem_is_named_at_once_in_the_declarations_order() {
    assert_eq!(
        message::<NewCertificate>(json!({})),
        [
            "cert_number",
            "cert_date",
            "cert_sub_type",
            "cert_type",
            "cert_start_date",
            "cert_gln_creator"
        ]
        .map(|field| format!("Не заполнено обязательное поле \"{field}\""))
        .join("; ")
    );
    assert_eq!(
        message::<NewCertificate>(json!({
            "cert_number": "UA-1", "cert_date": "31.02.2018", "cert_sub_type": "1", "cert_type": "17",
            "cert_start_date": "30.06.2018", "cert_gln_creator": "sdfgsdfsfdgsdf", "cert_gtd": {"a": 1}
        })),
        "Недопустимый формат поля \"cert_date\" 31.02.2018, формат даты DD.MM.YYYY; \
         Недопустимый формат поля \"cert_type\" 17, тип сертификата не найден; \
         Не заполнено обязательное поле \"cert_end_date\"; \
         Недопустимый формат поля \"cert_gln_creator\" sdfgsdfsfdgsdf; \
         Недопустимый формат поля \"cert_gtd\" {\"a\":1}"
    );
}

#[test]
fn a_member_of_a_list_is_named_once_missing_before_malformed() {
    let access =
        |amigos: Value| json!({ "cert_id": "2173", "access_type": "2", "access_action": "1", "amigos_info": amigos });
    // The page's example: the first of two malformed GLNs.
    assert_eq!(
        message::<AccessChange>(access(
            json!([{ "gln": "dfghdfg" }, { "gln": "dgfhdfg" }, { "gln": "4829900023799" }])
        )),
        "Недопустимый формат поля \"gln\" dfghdfg в блоке \"amigos_info\""
    );
    // Each check over every entry before the next: a missing GLN in the last entry first.
    assert_eq!(
        message::<AccessChange>(access(
            json!([{ "gln": "abc", "isRetailer": "fdsa" }, { "isRetailer": true }])
        )),
        "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\"; \
         Недопустимый формат поля \"isRetailer\" fdsa в блоке \"amigos_info\""
    );
    assert_eq!(
        message::<BindChange>(json!({ "cert_id": 2199, "bind_action": 1, "product_binds": [
            { "gtin": "123456789012345678901" }, { "dkpp": "1" }, { "other": 1 }, "x"
        ] })),
        "Не заполнены поля в блоке \"product_binds\"; \
         Недопустимый формат поля \"gtin\" 123456789012345678901, максимальное количество символов 20; \
         Недопустимый формат поля \"dkpp\" 1, должно быть число в виде ХХ.ХХ.XX-XX.XX"
    );
}

#[test]
fn a_member_may_carry_its_own_words() {
    assert_eq!(
        answer::<Complaint>(json!({ "cert_id": "3001", "type_error": "100" })),
        Err(("Недопустимый формат поля ".to_owned(), json!({ "type_error": "100" })))
    );
    assert_eq!(
        message::<Complaint>(json!({ "cert_id": "3001" })),
        "Не заполнено обязательное поле \"type_error\""
    );
    assert_eq!(
        message::<Scan>(json!({ "cert_id": "1", "file_name": "a", "file_body": "...!!!===" })),
        "Недопустимый формат поля \"file_body\", ожидается base64"
    );
    assert_eq!(
        message::<AccessChange>(json!({ "cert_id": "2173", "access_type": "9" })),
        "Не заполнено обязательное поле \"access_type\""
    );
    assert_eq!(message::<CertificateById>(json!({})), "Ошибка в параметрах запроса");
    assert_eq!(
        message::<CertificateById>(json!({ "certID": "abc", "signInfo": 1 })),
        "Ошибка в параметрах запроса"
    );
    assert_eq!(
        message::<CertList>(json!({ "filter": "all" })),
        "Недопустимый формат поля \"filter\" all"
    );
}

#[test]
fn conditions_across_members_are_declared() {
    let lot = json!({
        "cert_number": "L-1", "cert_date": "05.06.2018", "cert_sub_type": 2, "cert_type": 8,
        "cert_start_date": "30.06.2018", "cert_gln_creator": "9864066822430"
    });
    assert_eq!(
        message::<NewCertificate>(lot.clone()),
        "Не заполнено обязательное поле \"cert_part_number\""
    );
    let mut with_part = lot;
    with_part["cert_part_number"] = json!("P-1");
    assert_eq!(answer::<NewCertificate>(with_part), Ok(()));
    assert_eq!(
        answer::<AccessChange>(json!({ "cert_id": 2173, "access_type": 1 })),
        Ok(())
    );
    assert_eq!(
        message::<AccessChange>(json!({ "cert_id": 2173, "access_type": 2 })),
        "Не заполнено обязательное поле \"access_action\"; Не заполнено обязательное поле \"amigos_info\""
    );
    assert_eq!(answer::<CertificateById>(json!({ "signInfo": "1493" })), Ok(()));
    let credentials = |document: Value| read::<Credentials>(document, &schema_of::<Credentials>());
    assert!(credentials(json!({ "login": "partner", "password": "secret" })).is_ok());
    assert_eq!(
        credentials(json!({ "password": "secret" })).unwrap_err().to_string(),
        "Не заполнено обязательное поле \"varLogin\""
    );
    assert_eq!(
        credentials(json!({})).unwrap_err().to_string(),
        "Не заполнено обязательное поле \"varLogin\"; Не заполнено обязательное поле \"varPassword\""
    );
}

/// Documents as clients send them, before the server's lenient reading: spaces around values,
/// numbers as strings, members blank. The published schema must admit them.
#[test]
fn the_schemas_admit_what_the_server_reads_leniently() {
    let admitted = |compiled: &crate::platform::wire::Compiled, document: Value| {
        let problems: Vec<String> = check(&document, compiled, Formats::platform())
            .iter()
            .map(|problem| problem.field())
            .collect();
        assert!(problems.is_empty(), "{document}: {problems:?}");
    };
    admitted(
        &schema_of::<Signed<NewCertificate>>(),
        json!({
            "varToken": " 8q0hu05o59vmmrpo4t5slfedj2 ", "cert_number": " Test_api_4 ", "cert_date": "05.06.2018 ",
            "cert_sub_type": " 1", "cert_type": 8, "cert_start_date": "\t30.06.2018", "cert_end_date": "29.02.2020",
            "cert_part_number": "", "cert_gln_creator": 9864066822454u64, "cert_lot_number": null, "cert_gtd": "   "
        }),
    );
    admitted(
        &schema_of::<Signed<AccessChange>>(),
        json!({ "cert_id": " 2173 ", "access_type": "1", "access_action": "", "amigos_info": [] }),
    );
    admitted(
        &schema_of::<Signed<BindChange>>(),
        json!({ "cert_id": 2199, "bind_action": "02", "product_binds": [
            { "gtin": 4563456345u64, "uktved": 65756, "dkpp": " 99.67.46-57.46 ", "article_buyer": "" }
        ] }),
    );
    admitted(
        &schema_of::<Credentials>(),
        json!({ "varLogin": " supplier ", "varPassword": " secret " }),
    );
}

#[test]
fn the_token_is_declared_beside_the_members() {
    // A member's problem is worded only once the caller is known: the walk never meets varToken.
    let compiled = schema_of::<Signed<NoParams>>();
    assert!(check(&json!({ "varToken": "x" }), &compiled, Formats::platform()).is_empty());
    assert!(matches!(
        read::<FileById>(json!({ "varToken": "x" }), &schema_of::<Signed<FileById>>()),
        Err(EdinError::Invalid { .. })
    ));
}
