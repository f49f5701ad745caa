//! EDIN EDO, the whole certificate API of the vendor's pages: sign-in at `/Api/V1/User/Authorize`,
//! the GetCert controller, the directories, Create, SetBind, AttachScan and NotifyError, against
//! the demo fixtures. Beside those of `edin.rs` they hold `example` (GLN 1234567890123, ЄДРПОУ and
//! ІПН 1234567890123), owner of the pages' example certificates 1493 (with the files 2823, 2825,
//! 2827) and 1495 (both bound to barcode 4820000000000); `example2` (1234567890130), owner of 1497
//! (number 1234567890, supplied by 1234567890123), the GetCertsByNum example's; `producer`
//! (9864066822454, the `cert_gln_creator` of the Create example); and certificate 2199 of
//! `supplier` (ЄДРПОУ 32490244), the one the SetBind and AttachScan examples name.

use crate::common::{join_all, send, spawn_app, spawn_with, Backend, TestApp};
use serde_json::{json, Value};
use vendor_emulator::vendors::edin::settings::EdinHttpStatus;

const SUPPLIER_GLN: &str = "9864066822430";
const PARTNER_GLN: &str = "9864064665428";
const NETWORK_GLN: &str = "4829900023799";
const EXAMPLE_GLN: &str = "1234567890123";

async fn login_in(app: &TestApp, tenant: &str, login: &str) -> String {
    let (status, body) = send(
        app.post("/edin/Api/V1/User/Authorize")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "varLogin": login, "varPassword": "secret" })),
    )
    .await;
    assert_eq!((status, body["intCode"].clone()), (200, json!(200)), "{body}");
    body["varToken"].as_str().expect("a varToken").to_owned()
}

async fn login(app: &TestApp, login: &str) -> String {
    login_in(app, "default", login).await
}

/// A POST with `varToken` added to the body.
async fn post(app: &TestApp, path: &str, token: &str, mut body: Value) -> Value {
    body["varToken"] = json!(token);
    let (status, body) = send(app.post(&format!("/edin/Api/V1{path}")).json(&body)).await;
    assert_eq!(status, 200, "HTTP 200 by default: {body}");
    body
}

/// A GET with a JSON body, as the pages send their read methods, `varToken` added to the body.
async fn get(app: &TestApp, path: &str, token: &str, mut body: Value) -> Value {
    body["varToken"] = json!(token);
    let (status, body) = send(app.get(&format!("/edin/Api/V1{path}")).json(&body)).await;
    assert_eq!(status, 200, "HTTP 200 by default: {body}");
    body
}

/// A GET whose body is sent exactly as written (the pages' examples, spaces inside keys included).
async fn get_raw(app: &TestApp, path: &str, body: String) -> Value {
    let (status, body) = send(
        app.get(&format!("/edin/Api/V1{path}"))
            .header("Content-Type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn answer(message: &str, code: u16) -> Value {
    json!({ "varMessage": message, "intCode": code })
}

fn success() -> Value {
    answer("Success!", 200)
}

fn ids(body: &Value) -> Vec<i64> {
    body["certs"]
        .as_array()
        .unwrap_or_else(|| panic!("certs in {body}"))
        .iter()
        .map(|cert| cert["intCertID"].as_i64().unwrap())
        .collect()
}

/// The page's example: `"name "` keys trimmed, as the tables spell them.
fn page_example(text: &str) -> Value {
    fn tidy(value: Value) -> Value {
        match value {
            Value::Object(object) => Value::Object(
                object
                    .into_iter()
                    .map(|(key, value)| (key.trim().to_owned(), tidy(value)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(tidy).collect()),
            other => other,
        }
    }
    tidy(serde_json::from_str(text).expect("the page's example is JSON"))
}

/// The CreateCertificate page's example request, verbatim.
fn create_example() -> Value {
    json!({
        "cert_number": "Test_api_4",
        "cert_date": "05.06.2018",
        "cert_sub_type": "1",
        "cert_type": "8",
        "cert_start_date": "30.06.2018",
        "cert_end_date": "29.07.2018",
        "cert_part_number": "part_numb_api_1",
        "cert_gln_creator": "9864066822454",
        "cert_lot_number": "lot_numb_api_1",
        "cert_gtd": "gtd_api_1"
    })
}

/// A Create request of `supplier` that passes every check.
fn supplier_card(number: &str) -> Value {
    json!({
        "cert_number": number, "cert_date": "05.06.2018", "cert_sub_type": 1, "cert_type": 8,
        "cert_start_date": "30.06.2018", "cert_end_date": "29.07.2018", "cert_gln_creator": SUPPLIER_GLN
    })
}

/// The SetBind page's example `product_binds`, verbatim.
fn bind_example() -> Value {
    json!([
        { "gtin": "4563456345", "article_supplier": "3458678967", "article_buyer": "67896789678",
          "uktved": "65756", "dkpp": "99.67.46-57.46" },
        { "article_supplier": "567856785", "article_buyer": "465345634574", "uktved": "567853",
          "dkpp": "11.67.46-57.46" },
        { "gtin": "875678567567" },
        { "gtin": "5678567453", "article_supplier": "5467456", "dkpp": "45.67.46-57.46" },
        { "gtin": "56785674353", "article_supplier": "567856711", "uktved": "3456", "dkpp": "78.67.46-57.41" },
        { "gtin": "5678354634", "article_supplier": "57856", "article_buyer": "3456435", "uktved": "47564",
          "dkpp": "98.67.46-57.46" }
    ])
}

async fn user_authorize_is_the_documented_login(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.post("/edin/Api/V1/User/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    assert_eq!(status, 200);
    let token = body["varToken"].as_str().expect("varToken").to_owned();
    assert_eq!(
        body,
        json!({ "varToken": token, "varMessage": "Success!", "intCode": 200 })
    );
    assert_eq!(token.len(), 26);
    // The token works for the other methods; the old path still signs in.
    assert_eq!(
        post(&app, "/Certificate/ShowSubTypes", &token, json!({})).await["intCode"],
        200
    );
    let (_, aliased) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "partner", "varPassword": "secret" })),
    )
    .await;
    assert_eq!(aliased["intCode"], 200, "{aliased}");
    // Keys and values with spaces around them, as the vendor's examples write them.
    let (_, spaced) = send(
        app.post("/edin/Api/V1/User/Authorize")
            .header("Content-Type", "application/json")
            .body(r#"{ " varLogin ": " supplier ", " varPassword ": " secret " }"#),
    )
    .await;
    assert_eq!(spaced["intCode"], 200, "{spaced}");
    // Both hosts of the vendor's pages stand in for the emulator's /edin.
    for host in ["edo.edin.ua", "edo.edi-n.com"] {
        let (_, by_host) = send(
            app.client
                .post(app.url("/Api/V1/User/Authorize"))
                .header("Host", host)
                .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
        )
        .await;
        assert_eq!(by_host["intCode"], 200, "{host}: {by_host}");
    }
    let (_, wrong) = send(
        app.post("/edin/Api/V1/User/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "nope" })),
    )
    .await;
    assert_eq!(wrong, answer("Неверный логин или пароль", 401));
}

async fn sessions_live_thirty_idle_minutes_of_the_tenants_clock(backend: Backend) {
    let app = spawn_app(backend).await;
    let advance = |tenant: &'static str, seconds: i64| {
        let app = &app;
        async move {
            let (status, body) = send(
                app.post("/_emulator/clock")
                    .header("X-Emulator-Tenant", tenant)
                    .json(&json!({ "advance_seconds": seconds })),
            )
            .await;
            assert_eq!(status, 200, "{body}");
        }
    };
    let (status, _) = send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;
    assert_eq!(status, 200);
    let token = login(&app, "supplier").await;
    let code = |token: String| {
        let app = &app;
        async move {
            post(app, "/Certificate/ShowTypes", &token, json!({})).await["intCode"]
                .as_i64()
                .unwrap()
        }
    };
    // Another tenant's clock moving an hour on does not age this tenant's sessions.
    advance("other", 3600).await;
    assert_eq!(code(token.clone()).await, 200);
    advance("default", 1799).await;
    assert_eq!(code(token.clone()).await, 200, "29:59 idle: alive");
    advance("default", 1799).await;
    assert_eq!(code(token.clone()).await, 200, "each call restarts the idle time");
    advance("default", 1800).await;
    assert_eq!(code(token.clone()).await, 401, "30:00 idle: expired");
    assert_eq!(
        post(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": 2173 })).await,
        answer("Пользователь не авторизован", 401)
    );
    let fresh = login(&app, "supplier").await;
    assert_eq!(code(fresh).await, 200);
}

async fn directories_answer_their_pages_examples(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "supplier").await;
    let pages = [
        (
            "ShowAccessActions",
            r#"{"certificate_access_actions": [{"code": 1, "name ": "Расшарить доступ к сертификату"},
                {"code": 2, "name ": "Убрать доуступ к сертификату"}], "varMessage": "Success!", "intCode": 200}"#,
        ),
        (
            "ShowAccessTypes",
            r#"{"certificate_access_types": [{"code": 1, "name ": "Доступен всем"},
                {"code": 2, "name ": "Ограниченный доступ"}], "varMessage": "Success!", "intCode": 200}"#,
        ),
        (
            "ShowBindActions",
            r#"{"certificate_access_actions": [{"code": 1, "name ": "Добавить привязки к товару"},
                {"code": 2, "name ": "Удалить привязки к товару"}], "varMessage": "Success!", "intCode": 200}"#,
        ),
        (
            "ShowSubTypes",
            r#"{"certificate_sub_types": [{"code": 1, "name ": "Период действия"},
                {"code": 2, "name ": "Номер партии"}], "varMessage": "Success!", "intCode": 200}"#,
        ),
        (
            "ShowErrorTypes",
            r#"{"certificate_error_types": [{"code": 1, "name": "Отсутствие файла скан-копии"},
                {"code": 2, "name": "Отсутствие привязки к товару"}, {"code": 3, "name": "Некорректные данные карточки"},
                {"code": 4, "name": "Некорректный файл скан-копии"},
                {"code": 5, "name": "Некорректные привязки к категории товаров"}],
                "varMessage": "Success!", "intCode": 200}"#,
        ),
        (
            "ShowTypes",
            r#"{"certificate_types": [{"code": 1, "name": "сертифікат відповідності\/визнання"},
                {"code": 2, "name": "посвідчення якості"}, {"code": 3, "name": "декларація імпортера"},
                {"code": 4, "name": "висновок СЄС"}, {"code": 5, "name": "декларація виробника"},
                {"code": 6, "name": "карантинний сертифікат"}, {"code": 7, "name": "акт фітосанітарного контролю"},
                {"code": 8, "name": "фітосанітарний сертифікат"},
                {"code": 9, "name": "висновок фітосанітарної експертизи"},
                {"code": 10, "name": "протокол лабораторних досліджень"}, {"code": 11, "name": "Експертний висновок"},
                {"code": 12, "name": "Приложение к файлу"}, {"code": 13, "name": "Сертификат типа"},
                {"code": 14, "name": "Сертифікат аналізу"}, {"code": 15, "name": "Дозвіл на випуск \/реалізацію"},
                {"code": 16, "name": "Висновок Держлікслужби"}], "varMessage": "Success!", "intCode": 200}"#,
        ),
    ];
    for (method, expected) in pages {
        // The pages' request example, spaces inside the key and the value as printed.
        let request = format!(r#"{{ " varToken ": " {token} " }}"#);
        let body = get_raw(&app, &format!("/Certificate/{method}"), request).await;
        assert_eq!(body, page_example(expected), "{method}");
        assert_eq!(
            post(&app, &format!("/Certificate/{method}"), &token, json!({})).await,
            body
        );
        assert_eq!(
            get(&app, &format!("/Certificate/{method}"), "unknown", json!({})).await,
            answer("Пользователь не авторизован", 401)
        );
    }
    let (_, by_query) = send(app.get(&format!("/edin/Api/V1/Certificate/ShowTypes?varToken={token}"))).await;
    assert_eq!(by_query["certificate_types"].as_array().map(Vec::len), Some(16));
}

async fn get_cert_by_id_answers_the_pages_example(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "example").await;
    let body = get_raw(
        &app,
        "/GetCertUA/GetCertByID",
        format!(r#"{{ " varToken ": " {token} ", " certID ": " 1493 " }}"#),
    )
    .await;
    assert_eq!(
        (body["intCode"].clone(), body["varMessage"].clone()),
        (json!(200), json!("Success!"))
    );
    let data = &body["cert_data"];
    // The page's example values, typed as its table types them.
    for (key, value) in [
        ("intCertID", json!(1493)),
        ("varCreatedDate", json!("2017-06-02 11:37:59")),
        ("varNumber", json!("1233")),
        ("varOriginalNum", json!("1233")),
        ("varSystemNum", json!("1233")),
        ("intType", json!(8)),
        ("intSubType", json!(1)),
        ("intAccessType", json!(2)),
        ("varLotNumber", json!("")),
        ("varDate", json!("2017-06-03 00:00:00")),
        ("varText", json!("")),
        ("varStartDate", json!("2017-06-01 00:00:00")),
        ("varEndDate", json!("2017-06-30 00:00:00")),
        ("varPartNumber", json!("")),
        ("varReviewDate", json!("2017-06-02 11:37:59")),
        ("varSubTypeName", json!("Период действия")),
        ("varAccessTypeName", json!("Ограниченный доступ")),
        ("varTypeName", json!("фітосанітарний сертифікат")),
        ("intOwnerGlnID", json!(1234567890123i64)),
        ("intSupplierGlnID", json!(1234567890123i64)),
        ("isMadePDF", json!(3)),
    ] {
        assert_eq!(data[key], value, "{key} in {data}");
    }
    for key in ["intDssCertID", "intDssCertStat", "intDssCertDate", "varDssCertStat"] {
        assert!(data.get(key).is_some(), "{key} is listed");
    }
    assert_eq!(body["cert_cat"], json!([]));
    let files = body["cert_files"].as_array().expect("cert_files");
    let seen: Vec<(i64, i64, &str, i64)> = files
        .iter()
        .map(|file| {
            (
                file["intFileID"].as_i64().unwrap(),
                file["intType"].as_i64().unwrap(),
                file["varFileName"].as_str().unwrap(),
                file["intSignStatus"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (2823, 0, "mozilla.pdf", 0),
            (2825, 2, "1233.pdf", 1),
            (2827, 3, "1233_signed.pdf", 0)
        ]
    );
    for file in files {
        let hash = file["varHashLink"].as_str().unwrap();
        assert!(
            hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{hash}"
        );
    }
    assert_eq!(body["product_binds"][0]["gtin"], "4820000000000");

    // The table's name for the parameter reads the same certificate.
    let by_sign_info = get(&app, "/GetCertUA/GetCertByID", &token, json!({ "signInfo": 1493 })).await;
    assert_eq!(by_sign_info, body);
    // Errors: the controller's, and the page's own for a certificate the caller may not see.
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &token, json!({})).await,
        answer("Ошибка в параметрах запроса", 400)
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": "" })).await,
        answer("Ошибка в параметрах запроса", 400)
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": 1234 })).await,
        answer("Запрашиваемая информация не найдена", 404)
    );
    // An id that is no number is a malformed parameter, as the spec declares it.
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": "abc" })).await,
        answer("Ошибка в параметрах запроса", 400)
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": 2173 })).await,
        answer("no data found", 404)
    );
}

async fn lists_answer_their_pages_examples_and_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "example").await;
    // The Barcode, ЄДРПОУ, ІПН and GLN pages share one example answer.
    let documented = json!({
        "certs": [
            { "intCertID": 1493, "varNumber": "1233", "varStartDate": "2017-06-01 00:00:00",
              "varEndDate": "2017-06-30 00:00:00", "varReviewDate": "2017-06-02 11:37:59",
              "intSupplierGlnID": 1234567890123i64 },
            { "intCertID": 1495, "varNumber": "4567654", "varStartDate": "2017-06-03 00:00:00",
              "varEndDate": "2017-07-07 00:00:00", "varReviewDate": null,
              "intSupplierGlnID": 1234567890123i64 }
        ],
        "varMessage": "Success!",
        "intCode": 200
    });
    for (method, field, value) in [
        ("GetCertsByBarcode", "barcode", "4820000000000"),
        ("GetCertsByEdrpouCode", "edrpou", EXAMPLE_GLN),
        ("GetCertsByInnCode", "inn", EXAMPLE_GLN),
        ("GetCertsByGLN", "gln", EXAMPLE_GLN),
    ] {
        // The pages' request example, spaces inside keys and values as printed.
        let request = format!(r#"{{ " varToken ": " {token} ", " {field} ": " {value} ", " filter ": " owner " }}"#);
        let body = get_raw(&app, &format!("/GetCertUA/{method}"), request).await;
        assert_eq!(body, documented, "{method}");
    }
    // The Num page's example: its certificate belongs to `example2` (supplied by `example`).
    let example2 = login(&app, "example2").await;
    let by_num = get_raw(
        &app,
        "/GetCertUA/GetCertsByNum",
        format!(r#"{{ " varToken ": " {example2} ", " num ": " 1234567890 ", " filter ": " owner " }}"#),
    )
    .await;
    assert_eq!(
        by_num,
        json!({
            "certs": [{ "intCertID": 1497, "varNumber": "1234567890", "varStartDate": "2017-06-01 00:00:00",
                        "varEndDate": "2017-06-30 00:00:00", "varReviewDate": "2017-06-02 11:37:59",
                        "intSupplierGlnID": 1234567890123i64 }],
            "varMessage": "Success!",
            "intCode": 200
        })
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetCertsByNum", &token, json!({ "num": "1234567890" })).await,
        answer("Нет доступа к запрашиваемой информации", 403),
        "not example's to see"
    );
    // A JSON number is the same value.
    let by_number = get(
        &app,
        "/GetCertUA/GetCertsByGLN",
        &token,
        json!({ "gln": 1234567890123i64 }),
    )
    .await;
    assert_eq!(ids(&by_number), vec![1493, 1495]);
    let filtered = get(
        &app,
        "/GetCertUA/GetCertsByGLN",
        &token,
        json!({ "gln": EXAMPLE_GLN, "filter": "public" }),
    )
    .await;
    assert_eq!(
        filtered,
        json!({ "certs": [], "varMessage": "Success!", "intCode": 200 })
    );
    let private = get(
        &app,
        "/GetCertUA/GetCertsByGLN",
        &token,
        json!({ "gln": EXAMPLE_GLN, "filter": "private" }),
    )
    .await;
    assert_eq!(ids(&private), vec![1493, 1495]);

    // Errors of the whole controller, for every list.
    for (method, field) in [
        ("GetCertsByEdrpouCode", "edrpou"),
        ("GetCertsByBarcode", "barcode"),
        ("GetCertsByNum", "num"),
        ("GetCertsByInnCode", "inn"),
        ("GetCertsByGLN", "gln"),
    ] {
        let path = format!("/GetCertUA/{method}");
        assert_eq!(
            get(&app, &path, &token, json!({})).await,
            answer("Ошибка в параметрах запроса", 400),
            "{method}"
        );
        assert_eq!(
            get(&app, &path, &token, json!({ field: "" })).await,
            answer("Ошибка в параметрах запроса", 400)
        );
        assert_eq!(
            get(&app, &path, &token, json!({ field: "9999999999999" })).await,
            answer("Запрашиваемая информация не найдена", 404),
            "{method}"
        );
        assert_eq!(
            get(&app, &path, &token, json!({ field: "1234567890123", "filter": "all" })).await["intCode"],
            400,
            "{method}: an unknown filter"
        );
    }
    // Found, but none of it the caller's to see.
    let stranger = login(&app, "partner").await;
    for (method, field, value) in [
        ("GetCertsByEdrpouCode", "edrpou", EXAMPLE_GLN),
        ("GetCertsByBarcode", "barcode", "4820000000000"),
        ("GetCertsByNum", "num", "1234567890"),
        ("GetCertsByInnCode", "inn", EXAMPLE_GLN),
        ("GetCertsByGLN", "gln", EXAMPLE_GLN),
    ] {
        assert_eq!(
            get(
                &app,
                &format!("/GetCertUA/{method}"),
                &stranger,
                json!({ field: value })
            )
            .await,
            answer("Нет доступа к запрашиваемой информации", 403),
            "{method}"
        );
    }
}

async fn get_file_by_id_gives_the_body_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "example").await;
    let body = get_raw(
        &app,
        "/GetCertUA/GetFileByID",
        format!(r#"{{ " varToken ": " {token} ", " intFileID ": " 2823 " }}"#),
    )
    .await;
    let hash = body["cert_file_data"]["varHashLink"]
        .as_str()
        .expect("varHashLink")
        .to_owned();
    assert_eq!(
        body,
        json!({
            "cert_file_data": { "intCertFileID": 2823, "intType": 0, "varFileName": "mozilla.pdf",
                                "varHashLink": hash, "varBody": ["JVBERi0xLjQKJSVFT0YK"] },
            "varMessage": "Success!",
            "intCode": 200
        })
    );
    let by_id = get(&app, "/GetCertUA/GetCertByID", &token, json!({ "certID": 1493 })).await;
    assert_eq!(
        by_id["cert_files"][0]["varHashLink"],
        json!(hash),
        "the same hash in both answers"
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetFileByID", &token, json!({})).await,
        answer("Ошибка в параметрах запроса", 400)
    );
    assert_eq!(
        get(&app, "/GetCertUA/GetFileByID", &token, json!({ "intFileID": 1234 })).await,
        answer("Запрашиваемая информация не найдена", 404)
    );
    let stranger = login(&app, "supplier").await;
    assert_eq!(
        get(&app, "/GetCertUA/GetFileByID", &stranger, json!({ "intFileID": 2823 })).await,
        answer("Нет доступа к запрашиваемой информации", 403)
    );
}

async fn create_answers_its_example_and_every_documented_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let producer = login(&app, "producer").await;
    let created = post(&app, "/Certificate/Create", &producer, create_example()).await;
    let id = created["certificate_id"]
        .as_str()
        .expect("certificate_id is a string")
        .to_owned();
    assert_eq!(
        created,
        json!({ "certificate_id": id, "varMessage": "Success!", "intCode": 200 })
    );
    let id: i64 = id.parse().expect("a number");
    let card = get(&app, "/GetCertUA/GetCertByID", &producer, json!({ "certID": id })).await;
    let data = &card["cert_data"];
    assert_eq!(data["varNumber"], "Test_api_4");
    assert_eq!(data["intType"], 8);
    assert_eq!(data["intSubType"], 1);
    assert_eq!(data["varDate"], "2018-06-05 00:00:00");
    assert_eq!(data["varStartDate"], "2018-06-30 00:00:00");
    assert_eq!(data["varEndDate"], "2018-07-29 00:00:00");
    assert_eq!(data["varPartNumber"], "part_numb_api_1");
    assert_eq!(data["varLotNumber"], "lot_numb_api_1");
    assert_eq!(data["intOwnerGlnID"], 9864066822454i64);
    assert_eq!(data["intAccessType"], 2);
    assert_eq!(data["isMadePDF"], 0);
    assert_eq!(card["cert_files"], json!([]));

    let create = |body: Value| {
        let app = &app;
        let producer = producer.clone();
        async move { post(app, "/Certificate/Create", &producer, body).await }
    };
    let with = |changes: Value| {
        let mut body = create_example();
        for (key, value) in changes.as_object().unwrap() {
            if value.is_null() {
                body.as_object_mut().unwrap().remove(key);
            } else {
                body[key] = value.clone();
            }
        }
        body
    };
    // 1: each mandatory field in turn (cert_end_date with sub type 1, cert_part_number with 2).
    for field in [
        "cert_number",
        "cert_date",
        "cert_sub_type",
        "cert_type",
        "cert_start_date",
        "cert_end_date",
        "cert_gln_creator",
    ] {
        assert_eq!(
            create(with(json!({ field: "" }))).await,
            answer(&format!("Не заполнено обязательное поле \"{field}\""), 400),
            "{field}"
        );
        assert_eq!(
            create(with(json!({ field: null }))).await["varMessage"],
            format!("Не заполнено обязательное поле \"{field}\""),
        );
    }
    assert_eq!(
        create(with(json!({ "cert_sub_type": "2", "cert_part_number": "" }))).await,
        answer("Не заполнено обязательное поле \"cert_part_number\"", 400)
    );
    let lot = create(with(
        json!({ "cert_sub_type": "2", "cert_end_date": null, "cert_number": "lot-1" }),
    ))
    .await;
    assert_eq!(lot["intCode"], 200, "a lot certificate needs no end date: {lot}");
    // 2: lengths.
    let long =
        "r5hgjj4h70it9eieg4356ojop5r5hgjj4h70it9eieg4356ojop5r5hgjj4h70it9eieg4356ojop5r5hgjj4h70it9eieg4356ojop5";
    for (field, max) in [
        ("cert_number", 100),
        ("cert_part_number", 100),
        ("cert_lot_number", 50),
        ("cert_gtd", 100),
    ] {
        assert_eq!(
            create(with(json!({ field: long }))).await,
            answer(
                &format!("Недопустимый формат поля \"{field}\" {long}, максимальное количество символов {max}"),
                400
            )
        );
    }
    assert_eq!(
        create(with(
            json!({ "cert_lot_number": "x".repeat(50), "cert_number": "fifty" })
        ))
        .await["intCode"],
        200,
        "50 characters are allowed"
    );
    // 3-6: formats and directories.
    assert_eq!(
        create(with(json!({ "cert_gln_creator": "sdfgsdfsfdgsdf" }))).await,
        answer("Недопустимый формат поля \"cert_gln_creator\" sdfgsdfsfdgsdf", 400)
    );
    assert_eq!(
        create(with(json!({ "cert_sub_type": "fsew" }))).await,
        answer(
            "Недопустимый формат поля \"cert_sub_type\" fsew, вид сертификата не найден",
            400
        )
    );
    assert_eq!(
        create(with(json!({ "cert_type": "fsew" }))).await,
        answer(
            "Недопустимый формат поля \"cert_type\" fsew, тип сертификата не найден",
            400
        )
    );
    assert_eq!(
        create(with(json!({ "cert_type": "17" }))).await["varMessage"],
        "Недопустимый формат поля \"cert_type\" 17, тип сертификата не найден"
    );
    for field in ["cert_date", "cert_start_date", "cert_end_date"] {
        assert_eq!(
            create(with(json!({ field: "wetryert" }))).await,
            answer(
                &format!("Недопустимый формат поля \"{field}\" wetryert, формат даты DD.MM.YYYY"),
                400
            )
        );
    }
    assert_eq!(
        create(with(json!({ "cert_date": "31.02.2018" }))).await["varMessage"],
        "Недопустимый формат поля \"cert_date\" 31.02.2018, формат даты DD.MM.YYYY"
    );
    // 7: the number again under the same GLN.
    assert_eq!(
        create(create_example()).await,
        answer("Сертификат с номером Test_api_4 уже создан", 404)
    );
    // 8: a GLN that is not the caller's.
    assert_eq!(
        create(with(json!({ "cert_gln_creator": "4607164999995" }))).await,
        answer("Gln 4607164999995 не найден", 404)
    );
    assert_eq!(
        create(with(json!({ "cert_gln_creator": SUPPLIER_GLN }))).await,
        answer(&format!("Gln {SUPPLIER_GLN} не найден"), 404)
    );
    // 9: the start after the end.
    assert_eq!(
        create(with(
            json!({ "cert_number": "Test_api_20", "cert_end_date": "12.05.2018" })
        ))
        .await,
        answer(
            "Дата начала 30.06.2018 не может быть больше даты окончания 12.05.2018",
            400
        )
    );
    assert_eq!(
        post(
            &app,
            "/Certificate/Create",
            "nohuola9h24tmj4jln3devi151",
            create_example()
        )
        .await,
        answer("Пользователь не авторизован", 401)
    );
    // The same number under another GLN is another certificate.
    let supplier = login(&app, "supplier").await;
    assert_eq!(
        post(&app, "/Certificate/Create", &supplier, supplier_card("Test_api_4")).await["intCode"],
        200
    );
}

async fn create_bind_attach_and_read_back_through_every_get_method(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let created = post(&app, "/Certificate/Create", &supplier, supplier_card("UA-NEW-1")).await;
    let cert_id: i64 = created["certificate_id"].as_str().unwrap().parse().unwrap();
    let bound = post(
        &app,
        "/Certificate/SetBind",
        &supplier,
        json!({ "cert_id": cert_id.to_string(), "bind_action": "1", "product_binds": bind_example() }),
    )
    .await;
    assert_eq!(bound, success());
    let scan = post(
        &app,
        "/Certificate/AttachScan",
        &supplier,
        json!({ "cert_id": cert_id.to_string(), "file_body": "JVBERi0xLjQK...NTcKJSVFT0Y=", "file_name": "test2" }),
    )
    .await;
    let file_id = scan["file_id"].as_str().expect("file_id is a string").to_owned();
    assert_eq!(
        scan,
        json!({ "file_id": file_id, "varMessage": "Success!", "intCode": 200 })
    );
    // The ids the example in docs/vendors/edin.md shows for a fresh demo tenant: one past the
    // largest of each.
    assert_eq!((cert_id, file_id.as_str()), (3002, "2828"));

    let card = get(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "certID": cert_id })).await;
    assert_eq!(
        card["cert_files"][0]["intFileID"],
        json!(file_id.parse::<i64>().unwrap())
    );
    assert_eq!(card["cert_files"][0]["varFileName"], "test2");
    assert_eq!(card["cert_data"]["isMadePDF"], 3);
    assert_eq!(card["product_binds"].as_array().map(Vec::len), Some(6));
    assert!(card["cert_data"]["varReviewDate"].is_string());
    let file = get(
        &app,
        "/GetCertUA/GetFileByID",
        &supplier,
        json!({ "intFileID": file_id }),
    )
    .await;
    assert_eq!(
        file["cert_file_data"]["varBody"],
        json!(["JVBERi0xLjQK...NTcKJSVFT0Y="])
    );
    assert_eq!(file["cert_file_data"]["varFileName"], "test2");

    for (method, field, value) in [
        ("GetCertsByBarcode", "barcode", json!("4563456345")),
        ("GetCertsByBarcode", "barcode", json!(875678567567u64)),
        ("GetCertsByNum", "num", json!("UA-NEW-1")),
        ("GetCertsByGLN", "gln", json!(SUPPLIER_GLN)),
        ("GetCertsByEdrpouCode", "edrpou", json!("32490244")),
    ] {
        let list = get(
            &app,
            &format!("/GetCertUA/{method}"),
            &supplier,
            json!({ field: value }),
        )
        .await;
        assert!(ids(&list).contains(&cert_id), "{method} {value}: {list}");
    }
    // The binds' article fields alone find nothing by barcode.
    assert_eq!(
        get(
            &app,
            "/GetCertUA/GetCertsByBarcode",
            &supplier,
            json!({ "barcode": "567856785" })
        )
        .await["intCode"],
        404
    );

    // Visibility: stranger, granted GLN, granted network and its member, as SetAccess defines it.
    let partner = login(&app, "partner").await;
    let store = login(&app, "store").await;
    let example = login(&app, "example").await;
    let by_barcode = |token: String| {
        let app = &app;
        async move {
            get(
                app,
                "/GetCertUA/GetCertsByBarcode",
                &token,
                json!({ "barcode": "4563456345" }),
            )
            .await
        }
    };
    let hidden = answer("Нет доступа к запрашиваемой информации", 403);
    for token in [&partner, &store, &example] {
        assert_eq!(by_barcode(token.clone()).await, hidden);
        assert_eq!(
            get(&app, "/GetCertUA/GetFileByID", token, json!({ "intFileID": file_id })).await,
            hidden
        );
        assert_eq!(
            get(&app, "/GetCertUA/GetCertByID", token, json!({ "certID": cert_id })).await,
            answer("no data found", 404)
        );
    }
    let grant = json!({ "cert_id": cert_id, "access_type": 2, "access_action": 1, "amigos_info": [
        { "gln": PARTNER_GLN, "isRetailer": false }, { "gln": NETWORK_GLN, "isRetailer": true }
    ] });
    assert_eq!(post(&app, "/Certificate/SetAccess", &supplier, grant).await, success());
    for token in [&partner, &store] {
        assert_eq!(ids(&by_barcode(token.clone()).await), vec![cert_id]);
        assert_eq!(
            get(&app, "/GetCertUA/GetFileByID", token, json!({ "intFileID": file_id })).await["intCode"],
            200
        );
        let read = get(&app, "/GetCertUA/GetCertByID", token, json!({ "certID": cert_id })).await;
        assert_eq!(read["cert_data"]["intCertID"], cert_id);
        assert_eq!(
            get(
                &app,
                "/GetCertUA/GetCertsByGLN",
                token,
                json!({ "gln": SUPPLIER_GLN, "filter": "owner" })
            )
            .await,
            json!({ "certs": [], "varMessage": "Success!", "intCode": 200 }),
            "owner: only the caller's own"
        );
    }
    assert_eq!(
        by_barcode(example.clone()).await,
        hidden,
        "a stranger still sees nothing"
    );

    // Removing binds: an item matches every bind that agrees with the fields it fills.
    let removed = post(
        &app,
        "/Certificate/SetBind",
        &supplier,
        json!({ "cert_id": cert_id, "bind_action": 2, "product_binds": [{ "gtin": "4563456345" }] }),
    )
    .await;
    assert_eq!(removed, success());
    assert_eq!(
        get(
            &app,
            "/GetCertUA/GetCertsByBarcode",
            &supplier,
            json!({ "barcode": "4563456345" })
        )
        .await,
        answer("Запрашиваемая информация не найдена", 404)
    );
    let card = get(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "certID": cert_id })).await;
    assert_eq!(card["product_binds"].as_array().map(Vec::len), Some(5));
    // Adding a bind twice keeps one.
    let again = json!({ "cert_id": cert_id, "bind_action": 1, "product_binds": [{ "gtin": "875678567567" }] });
    assert_eq!(post(&app, "/Certificate/SetBind", &supplier, again).await, success());
    let card = get(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "certID": cert_id })).await;
    assert_eq!(card["product_binds"].as_array().map(Vec::len), Some(5));
}

async fn set_bind_answers_its_example_and_ten_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let bind = |body: Value| {
        let app = &app;
        let supplier = supplier.clone();
        async move { post(app, "/Certificate/SetBind", &supplier, body).await }
    };
    let example = json!({ "cert_id": "2199", "bind_action": "1", "product_binds": bind_example() });
    assert_eq!(bind(example.clone()).await, success());
    let with_items = |items: Value| json!({ "cert_id": "2199", "bind_action": "1", "product_binds": items });
    let expectations = [
        (
            json!({ "cert_id": "21478457735367345", "bind_action": "1", "product_binds": bind_example() }),
            answer("Сертификат не найден", 404),
        ),
        (
            json!({ "cert_id": "3001", "bind_action": "1", "product_binds": bind_example() }),
            answer("Сертификат не найден", 404),
        ),
        (
            json!({ "cert_id": "2199", "product_binds": bind_example() }),
            answer("Не заполнено обязательное поле \"bind_action\"", 400),
        ),
        (
            json!({ "cert_id": "2199", "bind_action": "", "product_binds": bind_example() }),
            answer("Не заполнено обязательное поле \"bind_action\"", 400),
        ),
        (
            json!({ "cert_id": "2199", "bind_action": "3", "product_binds": bind_example() }),
            answer("Недопустимый формат поля \"bind_action\" 3", 400),
        ),
        (
            json!({ "cert_id": "2199", "bind_action": "1" }),
            answer("Не заполнено обязательное поле \"product_binds\"", 400),
        ),
        (
            with_items(json!([])),
            answer("Не заполнено обязательное поле \"product_binds\"", 400),
        ),
        (
            with_items(json!([{ "gtin": "", "article_supplier": "", "article_buyer": "", "uktved": "", "dkpp": "" }])),
            answer("Не заполнены поля в блоке \"product_binds\"", 400),
        ),
        (
            with_items(json!([{ "gtin": "12345678901234567890q" }])),
            answer(
                "Недопустимый формат поля \"gtin\" 12345678901234567890q, максимальное количество символов 20",
                400,
            ),
        ),
        (
            with_items(json!([{ "article_buyer": "123456789012345678901234567890q" }])),
            answer(
                "Недопустимый формат поля \"article_buyer\" 123456789012345678901234567890q, максимальное количество символов 30",
                400,
            ),
        ),
        (
            with_items(json!([{ "article_supplier": "123456789012345678901234567890q" }])),
            answer(
                "Недопустимый формат поля \"article_supplier\" 123456789012345678901234567890q, максимальное количество символов 30",
                400,
            ),
        ),
        (
            with_items(json!([{ "uktved": "123" }])),
            answer(
                "Недопустимый формат поля \"uktved\" 123, должно быть число от 4 до 10 символов",
                400,
            ),
        ),
        (
            with_items(json!([{ "uktved": "12345678901" }])),
            answer(
                "Недопустимый формат поля \"uktved\" 12345678901, должно быть число от 4 до 10 символов",
                400,
            ),
        ),
        (
            with_items(json!([{ "dkpp": "1q2w3e4r" }])),
            answer(
                "Недопустимый формат поля \"dkpp\" 1q2w3e4r, должно быть число в виде ХХ.ХХ.XX-XX.XX",
                400,
            ),
        ),
        (
            json!({ "bind_action": "1", "product_binds": bind_example() }),
            answer("Не заполнено обязательное поле \"cert_id\"", 400),
        ),
    ];
    for (request, expected) in expectations {
        assert_eq!(bind(request.clone()).await, expected, "{request}");
    }
    // The dkpp mask's first two groups are Cyrillic Х, the rest Latin X, as the vendor prints it.
    let dkpp = bind(with_items(json!([{ "dkpp": "1" }]))).await;
    assert!(dkpp["varMessage"]
        .as_str()
        .unwrap()
        .ends_with("\u{425}\u{425}.\u{425}\u{425}.XX-XX.XX"));
    // A failed request binds nothing.
    let (_, before) = send(app.get("/_emulator/state")).await;
    assert_eq!(
        bind(with_items(json!([{ "gtin": "1111" }, { "dkpp": "bad" }]))).await["intCode"],
        400
    );
    let (_, after) = send(app.get("/_emulator/state")).await;
    assert_eq!(before["edin"], after["edin"]);
}

async fn attach_scan_checks_and_the_body_limit(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.body_limit_bytes = 4096).await;
    let supplier = login(&app, "supplier").await;
    let attach = |body: Value| {
        let app = &app;
        let supplier = supplier.clone();
        async move { post(app, "/Certificate/AttachScan", &supplier, body).await }
    };
    let example = json!({ "cert_id": "2199", "file_body": "JVBERi0xLjQK...NTcKJSVFT0Y=", "file_name": "test2" });
    assert_eq!(attach(example).await["intCode"], 200);
    for (request, expected) in [
        (
            json!({ "cert_id": "3001", "file_body": "JVBE", "file_name": "x" }),
            answer("Сертификат не найден", 404),
        ),
        (
            json!({ "file_body": "JVBE", "file_name": "x" }),
            answer("Не заполнено обязательное поле \"cert_id\"", 400),
        ),
        (
            json!({ "cert_id": 2199, "file_name": "x" }),
            answer("Не заполнено обязательное поле \"file_body\"", 400),
        ),
        (
            json!({ "cert_id": 2199, "file_body": "JVBE" }),
            answer("Не заполнено обязательное поле \"file_name\"", 400),
        ),
        (
            json!({ "cert_id": 2199, "file_body": "...!!!", "file_name": "x" }),
            answer("Недопустимый формат поля \"file_body\", ожидается base64", 400),
        ),
    ] {
        assert_eq!(attach(request.clone()).await, expected, "{request}");
    }
    // A scan over the request body limit is refused whole, in the vendor's shape.
    let (status, body) = send(app.post("/edin/Api/V1/Certificate/AttachScan").json(&json!({
        "varToken": supplier, "cert_id": 2199, "file_name": "big", "file_body": "QUFB".repeat(2000)
    })))
    .await;
    assert_eq!((status, body["intCode"].clone()), (200, json!(413)), "{body}");
    assert!(body["varMessage"].is_string());
    let card = get(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "certID": 2199 })).await;
    assert_eq!(
        card["cert_files"].as_array().map(Vec::len),
        Some(1),
        "only the example's scan"
    );
}

async fn notify_error_answers_its_example_and_four_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let partner = login(&app, "partner").await;
    let notify = |token: String, body: Value| {
        let app = &app;
        async move { post(app, "/Certificate/NotifyError", &token, body).await }
    };
    let example = json!({ "cert_id": "3001", "type_error": "2", "text": "Тест тест тест" });
    assert_eq!(notify(partner.clone(), example.clone()).await, success());
    assert_eq!(
        notify(partner.clone(), example).await,
        answer("Уведомление об ошибке было отправлено ранее", 400)
    );
    assert_eq!(
        notify(
            partner.clone(),
            json!({ "cert_id": "3001", "type_error": 2, "text": "другой текст" })
        )
        .await,
        answer("Уведомление об ошибке было отправлено ранее", 400),
        "the same certificate, sender and type"
    );
    assert_eq!(
        notify(
            partner.clone(),
            json!({ "cert_id": "21478457735367345", "type_error": "2" })
        )
        .await,
        answer("Сертификат не найден", 404)
    );
    assert_eq!(
        notify(partner.clone(), json!({ "cert_id": "3001", "type_error": "100" })).await,
        json!({ "varMessage": "Недопустимый формат поля ", "type_error": "100", "intCode": 400 })
    );
    // The text of the page's example answer.
    let long = "Тест тест jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4kjl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk181iq15utvdqtihghk38kk1jl4k81iq15utvdqtihghk38kk1";
    assert!(long.chars().count() > 500);
    assert_eq!(
        notify(
            partner.clone(),
            json!({ "cert_id": "3001", "type_error": "3", "text": long })
        )
        .await,
        answer(
            &format!("Недопустимый формат поля \"text\" {long}, максимальное количество символов 500"),
            400
        )
    );
    let exactly = "т".repeat(500);
    assert_eq!(
        notify(
            partner.clone(),
            json!({ "cert_id": "3001", "type_error": "3", "text": exactly })
        )
        .await,
        success()
    );
    // A reader of a certificate may complain about it; whoever may not see it gets "not found".
    let supplier = login(&app, "supplier").await;
    assert_eq!(
        notify(supplier.clone(), json!({ "cert_id": "3001", "type_error": "1" })).await,
        answer("Сертификат не найден", 404)
    );
    assert_eq!(
        notify(supplier.clone(), json!({ "cert_id": "2174", "type_error": "1" })).await,
        success(),
        "2174 is public"
    );
    let (_, state) = send(app.get("/_emulator/state")).await;
    let complaints = state["edin"]["complaints"].as_array().expect("complaints in the state");
    let seen: Vec<(i64, &str, i64, &str)> = complaints
        .iter()
        .map(|c| {
            (
                c["cert_id"].as_i64().unwrap(),
                c["gln"].as_str().unwrap(),
                c["type_error"].as_i64().unwrap(),
                c["login"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (2174, SUPPLIER_GLN, 1, "supplier"),
            (3001, PARTNER_GLN, 2, "partner"),
            (3001, PARTNER_GLN, 3, "partner")
        ]
    );
    assert_eq!(complaints[1]["text"], "Тест тест тест");
}

async fn concurrent_writes_keep_their_invariants(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let partner = login(&app, "partner").await;
    // One number, 32 clients: one card.
    let same = join_all((0..32).map(|_| post(&app, "/Certificate/Create", &supplier, supplier_card("RACE-1")))).await;
    assert_eq!(same.iter().filter(|body| body["intCode"] == 200).count(), 1, "{same:?}");
    assert!(same
        .iter()
        .filter(|body| body["intCode"] != 200)
        .all(|body| *body == answer("Сертификат с номером RACE-1 уже создан", 404)));
    // 32 numbers: 32 cards with 32 different ids.
    let many = join_all((0..32).map(|i| {
        let supplier = supplier.clone();
        let app = &app;
        async move {
            post(
                app,
                "/Certificate/Create",
                &supplier,
                supplier_card(&format!("MANY-{i}")),
            )
            .await
        }
    }))
    .await;
    let mut created: Vec<String> = many
        .iter()
        .map(|body| {
            body["certificate_id"]
                .as_str()
                .unwrap_or_else(|| panic!("{body}"))
                .to_owned()
        })
        .collect();
    created.sort();
    created.dedup();
    assert_eq!(created.len(), 32);
    // 32 scans at once: 32 files with different ids.
    let scans = join_all((0..32).map(|_| {
        post(
            &app,
            "/Certificate/AttachScan",
            &supplier,
            json!({ "cert_id": 2199, "file_body": "JVBE", "file_name": "scan.pdf" }),
        )
    }))
    .await;
    let mut files: Vec<&str> = scans.iter().map(|body| body["file_id"].as_str().unwrap()).collect();
    files.sort_unstable();
    files.dedup();
    assert_eq!(files.len(), 32);
    // The same bind from 32 clients: one stored.
    let bind = json!({ "cert_id": 2199, "bind_action": 1, "product_binds": [{ "gtin": "4820000000017" }] });
    let binds = join_all((0..32).map(|_| post(&app, "/Certificate/SetBind", &supplier, bind.clone()))).await;
    assert!(binds.iter().all(|body| *body == success()), "{binds:?}");
    let card = post(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "certID": 2199 })).await;
    assert_eq!(
        card["product_binds"],
        json!([{ "gtin": "4820000000017", "article_supplier": "",
        "article_buyer": "", "uktved": "", "dkpp": "" }])
    );
    // The same complaint from 32 clients: one stored.
    let complaints = join_all((0..32).map(|_| {
        post(
            &app,
            "/Certificate/NotifyError",
            &partner,
            json!({ "cert_id": 3001, "type_error": 4, "text": "race" }),
        )
    }))
    .await;
    assert_eq!(complaints.iter().filter(|body| **body == success()).count(), 1);
    assert_eq!(
        complaints
            .iter()
            .filter(|body| **body == answer("Уведомление об ошибке было отправлено ранее", 400))
            .count(),
        31
    );
}

async fn state_round_trips_every_new_entity(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let partner = login(&app, "partner").await;
    let created = post(&app, "/Certificate/Create", &supplier, supplier_card("ROUND-1")).await;
    let cert_id: i64 = created["certificate_id"].as_str().unwrap().parse().unwrap();
    let body = json!({ "cert_id": cert_id, "bind_action": 1, "product_binds": bind_example() });
    assert_eq!(post(&app, "/Certificate/SetBind", &supplier, body).await, success());
    let scan = json!({ "cert_id": cert_id, "file_body": "JVBERi0xLjQK", "file_name": "a.pdf" });
    assert_eq!(
        post(&app, "/Certificate/AttachScan", &supplier, scan).await["intCode"],
        200
    );
    let complaint = json!({ "cert_id": 2174, "type_error": 5, "text": "x" });
    assert_eq!(
        post(&app, "/Certificate/NotifyError", &partner, complaint).await,
        success()
    );

    let (_, exported) = send(app.get("/_emulator/state")).await;
    let cert = exported["edin"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cert| cert["cert_id"] == cert_id)
        .cloned()
        .expect("the new certificate");
    assert_eq!(cert["number"], "ROUND-1");
    assert_eq!(cert["starts_on"], "2018-06-30");
    assert_eq!(cert["product_binds"].as_array().map(Vec::len), Some(6));
    assert_eq!(cert["files"][0]["body"], "JVBERi0xLjQK");
    assert_eq!(exported["edin"]["complaints"][0]["type_error"], 5);

    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&exported),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copied) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copied["edin"], exported["edin"]);
    // The copy answers like the original, and numbers new certificates after the largest id.
    let copy_token = login_in(&app, "copy", "supplier").await;
    let (_, read) = send(
        app.get("/edin/Api/V1/GetCertUA/GetCertsByBarcode")
            .header("X-Emulator-Tenant", "copy")
            .json(&json!({ "varToken": copy_token, "barcode": "4563456345" })),
    )
    .await;
    assert_eq!(ids(&read), vec![cert_id]);
    let (_, next) = send(
        app.post("/edin/Api/V1/Certificate/Create")
            .header("X-Emulator-Tenant", "copy")
            .json(&{
                let mut card = supplier_card("ROUND-2");
                card["varToken"] = json!(copy_token);
                card
            }),
    )
    .await;
    assert_eq!(next["certificate_id"], json!((cert_id + 1).to_string()), "{next}");
    // A reset forgets what was created and numbers from the startup fixtures again.
    let (status, _) = send(app.post("/_emulator/reset")).await;
    assert_eq!(status, 200);
    let supplier = login(&app, "supplier").await;
    let again = post(&app, "/Certificate/Create", &supplier, supplier_card("ROUND-1")).await;
    assert_eq!(again["certificate_id"], json!(cert_id.to_string()), "{again}");

    // The new fixture fields are checked.
    let load = |document: Value| {
        let app = &app;
        async move {
            send(
                app.post("/_emulator/fixtures")
                    .header("X-Emulator-Tenant", "fx")
                    .json(&document),
            )
            .await
        }
    };
    for (certificate, path) in [
        (
            json!({ "owner_gln": SUPPLIER_GLN, "cert_id": 1, "cert_type": 17 }),
            "$.edin.certificates[0].cert_type",
        ),
        (
            json!({ "owner_gln": SUPPLIER_GLN, "cert_id": 1, "starts_on": "01.06.2017" }),
            "$.edin.certificates[0].starts_on",
        ),
        (
            json!({ "owner_gln": SUPPLIER_GLN, "cert_id": 1, "product_binds": [{}] }),
            "$.edin.certificates[0].product_binds[0]",
        ),
        (
            json!({ "owner_gln": SUPPLIER_GLN, "cert_id": 1, "files": [{ "file_name": "a", "body": "!!!" }] }),
            "$.edin.certificates[0].files[0].body",
        ),
        (
            json!({ "owner_gln": SUPPLIER_GLN, "cert_id": 1, "number": "UA-2173" }),
            "$.edin.certificates[0]",
        ),
    ] {
        let (status, body) = load(json!({ "edin": { "certificates": [certificate] } })).await;
        assert_eq!((status, body["path"].clone()), (422, json!(path)), "{body}");
    }
    let (status, body) =
        load(json!({ "edin": { "complaints": [{ "cert_id": 999, "gln": SUPPLIER_GLN, "type_error": 1 }] } })).await;
    assert_eq!(
        (status, body["path"].clone()),
        (422, json!("$.edin.complaints[0].cert_id")),
        "{body}"
    );
}

async fn http_status_mirror_applies_to_every_new_answer(backend: Backend) {
    let app = spawn_with(backend, |config| {
        config.vendors.edin.http_status = EdinHttpStatus::Mirror;
    })
    .await;
    let token = login(&app, "supplier").await;
    let status_of = |path: &'static str, body: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            let mut body = body;
            body["varToken"] = json!(token);
            let (status, answer) = send(app.get(&format!("/edin/Api/V1{path}")).json(&body)).await;
            assert_eq!(answer["intCode"], json!(status), "{answer}");
            status
        }
    };
    assert_eq!(status_of("/Certificate/ShowTypes", json!({})).await, 200);
    assert_eq!(status_of("/GetCertUA/GetCertByID", json!({})).await, 400);
    assert_eq!(
        status_of("/GetCertUA/GetCertByID", json!({ "certID": 1493 })).await,
        404
    );
    assert_eq!(
        status_of("/GetCertUA/GetCertsByGLN", json!({ "gln": EXAMPLE_GLN })).await,
        403
    );
    assert_eq!(
        status_of("/GetCertUA/GetFileByID", json!({ "intFileID": 1 })).await,
        404
    );
    let (status, body) = send(app.post("/edin/Api/V1/Certificate/Create").json(&{
        let mut card = supplier_card("M-1");
        card["varToken"] = json!(token);
        card["cert_gln_creator"] = json!("4607164999995");
        card
    }))
    .await;
    assert_eq!((status, body), (404, answer("Gln 4607164999995 не найден", 404)));
    let (status, body) = send(app.post("/edin/Api/V1/Certificate/NotifyError").json(&json!({
        "varToken": token, "cert_id": 2174, "type_error": "100"
    })))
    .await;
    assert_eq!((status, body["type_error"].clone()), (400, json!("100")));
    let (status, _) = send(app.post("/edin/Api/V1/Certificate/SetBind").json(&json!({
        "varToken": token, "cert_id": 2199, "bind_action": 3, "product_binds": [{ "gtin": "1" }]
    })))
    .await;
    assert_eq!(status, 400);
    let (status, _) = send(app.delete("/edin/Api/V1/Certificate/Create")).await;
    assert_eq!(status, 405);
}

/// A refused request names every member's problem at once, in the document's order, in the
/// vendor's one `varMessage`; a single problem reads as the pages print it.
async fn every_members_problem_is_answered_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let body = json!({
        "cert_number": "x".repeat(101), "cert_date": "wetryert", "cert_sub_type": "fsew", "cert_type": 8,
        "cert_start_date": "30.06.2018", "cert_gln_creator": "sdfgsdfsfdgsdf"
    });
    assert_eq!(
        post(&app, "/Certificate/Create", &supplier, body).await,
        answer(
            &format!(
                "Недопустимый формат поля \"cert_number\" {}, максимальное количество символов 100; \
                 Недопустимый формат поля \"cert_date\" wetryert, формат даты DD.MM.YYYY; \
                 Недопустимый формат поля \"cert_sub_type\" fsew, вид сертификата не найден; \
                 Недопустимый формат поля \"cert_gln_creator\" sdfgsdfsfdgsdf",
                "x".repeat(101)
            ),
            400
        )
    );
    assert_eq!(
        post(
            &app,
            "/Certificate/SetBind",
            &supplier,
            json!({ "cert_id": 2199, "product_binds": [
            { "gtin": "123456789012345678901" }, { "uktved": "123" }
        ] })
        )
        .await,
        answer(
            "Не заполнено обязательное поле \"bind_action\"; \
             Недопустимый формат поля \"gtin\" 123456789012345678901, максимальное количество символов 20; \
             Недопустимый формат поля \"uktved\" 123, должно быть число от 4 до 10 символов",
            400
        )
    );
    // With an unknown type_error among them, its value comes back beside the message.
    assert_eq!(
        post(
            &app,
            "/Certificate/NotifyError",
            &supplier,
            json!({ "type_error": "100", "text": "t".repeat(501) })
        )
        .await,
        json!({
            "varMessage": format!(
                "Не заполнено обязательное поле \"cert_id\"; Недопустимый формат поля ; \
                 Недопустимый формат поля \"text\" {}, максимальное количество символов 500",
                "t".repeat(501)
            ),
            "type_error": "100",
            "intCode": 400
        })
    );
    // Under `mirror` the HTTP status is the 400.
    let mirror = spawn_with(backend, |config| {
        config.vendors.edin.http_status = EdinHttpStatus::Mirror;
    })
    .await;
    let token = login(&mirror, "supplier").await;
    let (status, body) = send(
        mirror
            .post("/edin/Api/V1/Certificate/Create")
            .json(&json!({ "varToken": token })),
    )
    .await;
    assert_eq!((status, body["intCode"].clone()), (400, json!(400)));
    assert_eq!(
        body["varMessage"].as_str().map(|message| message.split("; ").count()),
        Some(6),
        "{body}"
    );
}

/// The spec and the server agree on what they were found to disagree on (each a settlement).
async fn the_spec_and_the_server_say_the_same(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = login(&app, "supplier").await;
    let (_, spec) = send(app.get("/_emulator/openapi/edin.json")).await;
    let body_of = |path: &str| spec["paths"][format!("/edin/Api/V1{path}")]["post"]["requestBody"].clone();

    // Dates: real DD.MM.YYYY days in both (the spec said a free string).
    let pattern = body_of("/Certificate/Create")["content"]["application/json"]["schema"]["properties"]["cert_date"]
        ["pattern"]
        .as_str()
        .expect("a date pattern")
        .to_owned();
    let dates = regex::Regex::new(&pattern).expect("compiles");
    for (day, real) in [
        ("29.02.2020", true),
        ("29.02.2019", false),
        ("31.04.2018", false),
        (" 30.06.2018 ", true),
    ] {
        assert_eq!(dates.is_match(day), real, "{day}");
        let card = json!({
            "cert_number": format!("D-{}", day.trim()), "cert_date": day, "cert_sub_type": 2, "cert_type": 8,
            "cert_start_date": day, "cert_part_number": "P", "cert_gln_creator": SUPPLIER_GLN
        });
        let answer = post(&app, "/Certificate/Create", &supplier, card).await;
        assert_eq!(answer["intCode"], if real { 200 } else { 400 }, "{day}: {answer}");
    }

    // Authorize's body is required in both (the spec allowed none).
    for path in ["/User/Authorize", "/Index/Authorize"] {
        assert_eq!(body_of(path)["required"], true, "{path}");
        let (_, refused) = send(app.post(&format!("/edin/Api/V1{path}"))).await;
        assert_eq!(
            refused,
            answer(
                "Не заполнено обязательное поле \"varLogin\"; Не заполнено обязательное поле \"varPassword\"",
                400
            )
        );
    }
    assert_eq!(
        body_of("/Certificate/SetAccess")["required"],
        false,
        "its token may be missing: 401"
    );

    // A text member is a string or an integer (any other value was taken as its JSON text, of a
    // length the spec could not state).
    let card = |number: Value| {
        json!({
            "cert_number": number, "cert_date": "05.06.2018", "cert_sub_type": 2, "cert_type": 8,
            "cert_start_date": "05.06.2018", "cert_part_number": "P", "cert_gln_creator": SUPPLIER_GLN
        })
    };
    assert_eq!(
        post(&app, "/Certificate/Create", &supplier, card(json!({ "a": 1 }))).await,
        answer("Недопустимый формат поля \"cert_number\" {\"a\":1}", 400)
    );
    assert_eq!(
        post(&app, "/Certificate/Create", &supplier, card(json!(4567))).await["intCode"],
        200
    );
    let by_number = get(&app, "/GetCertUA/GetCertsByNum", &supplier, json!({ "num": "4567" })).await;
    assert_eq!(by_number["certs"][0]["varNumber"], "4567");

    // A scan's body is text (or an integer); an object was taken as its JSON text.
    assert_eq!(
        post(
            &app,
            "/Certificate/AttachScan",
            &supplier,
            json!({ "cert_id": 2199, "file_name": "x", "file_body": { "JVBE": 1 } })
        )
        .await,
        answer("Недопустимый формат поля \"file_body\", ожидается base64", 400)
    );

    // A whole number written with a fraction is that integer, as JSON Schema reads `integer`.
    assert_eq!(
        post(
            &app,
            "/Certificate/SetBind",
            &supplier,
            json!({ "cert_id": 2199.0, "bind_action": 1.0, "product_binds": [{ "gtin": 77.0 }] })
        )
        .await,
        success()
    );
    // U+0000, which the platform refuses in any request, is outside every declared text.
    let text = body_of("/Certificate/Create")["content"]["application/json"]["schema"]["properties"]["cert_number"]
        ["anyOf"][0]["pattern"]
        .as_str()
        .expect("a text pattern")
        .to_owned();
    let text = regex::Regex::new(&text).expect("compiles");
    assert!(text.is_match(" UA-1 ") && !text.is_match("UA\u{0}1") && !text.is_match("   "));

    // A certificate id that is no number is malformed (it was a 404, as if it named no
    // certificate, while the spec declared a number).
    assert_eq!(
        post(
            &app,
            "/Certificate/SetBind",
            &supplier,
            json!({ "cert_id": "abc", "bind_action": 1, "product_binds": [{ "gtin": "1" }] })
        )
        .await,
        answer("Недопустимый формат поля \"cert_id\" abc", 400)
    );

    // Blank means not given everywhere: an empty isRetailer is false (it was refused), `[]`
    // partners with a public type are nothing to read.
    let set_access = |body: Value| {
        let app = &app;
        let supplier = supplier.clone();
        async move { post(app, "/Certificate/SetAccess", &supplier, body).await }
    };
    assert_eq!(
        set_access(json!({ "cert_id": 2173, "access_type": 2, "access_action": 1,
                           "amigos_info": [{ "gln": PARTNER_GLN, "isRetailer": "" }] }))
        .await,
        success()
    );
    let partner = login(&app, "partner").await;
    assert_eq!(
        get(&app, "/GetCertUA/GetCertByID", &partner, json!({ "certID": 2173 })).await["intCode"],
        200
    );
    assert_eq!(
        set_access(json!({ "cert_id": 2199, "access_type": 1, "amigos_info": [] })).await,
        success()
    );
    // A member is checked wherever it is sent (with a public type a malformed access_action was
    // not read).
    assert_eq!(
        set_access(json!({ "cert_id": 2199, "access_type": 1, "access_action": "9" })).await,
        answer("Недопустимый формат поля \"access_action\" 9", 400)
    );
}

on_both_engines!(
    user_authorize_is_the_documented_login,
    sessions_live_thirty_idle_minutes_of_the_tenants_clock,
    directories_answer_their_pages_examples,
    get_cert_by_id_answers_the_pages_example,
    lists_answer_their_pages_examples_and_errors,
    get_file_by_id_gives_the_body_back,
    create_answers_its_example_and_every_documented_error,
    create_bind_attach_and_read_back_through_every_get_method,
    set_bind_answers_its_example_and_ten_errors,
    attach_scan_checks_and_the_body_limit,
    notify_error_answers_its_example_and_four_errors,
    concurrent_writes_keep_their_invariants,
    state_round_trips_every_new_entity,
    http_status_mirror_applies_to_every_new_answer,
    every_members_problem_is_answered_at_once,
    the_spec_and_the_server_say_the_same,
);
