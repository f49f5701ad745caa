//! EDIN EDO: sign-in, certificate access rights by GLN (`SetAccess`) and the read side, against the
//! demo fixtures: `supplier` (9864066822430) owns certificates 2173 (restricted) and 2174 (public),
//! `partner` (9864064665428) owns 3001, `network` (4829900023799) is a retail network and `store`
//! (4829900023805) one of its members.

use crate::common::{send, spawn_app, spawn_with, Backend, TestApp};
use serde_json::{json, Value};
use vendor_emulator::vendors::edin::settings::EdinHttpStatus;

const SUPPLIER_GLN: &str = "9864066822430";
const PARTNER_GLN: &str = "9864064665428";
const NETWORK_GLN: &str = "4829900023799";

async fn token_in(app: &TestApp, tenant: &str, login: &str) -> String {
    let (status, body) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "varLogin": login, "varPassword": "secret" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["intCode"], 200, "{body}");
    body["varToken"].as_str().expect("a varToken").to_owned()
}

async fn token(app: &TestApp, login: &str) -> String {
    token_in(app, "default", login).await
}

/// A call with `varToken` added to the body.
async fn call(app: &TestApp, path: &str, token: &str, mut body: Value) -> (u16, Value) {
    body["varToken"] = json!(token);
    send(app.post(&format!("/edin/Api/V1{path}")).json(&body)).await
}

async fn set_access(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    call(app, "/Certificate/SetAccess", token, body).await
}

/// The `intCode` a reader gets for certificate `id`.
async fn read_code(app: &TestApp, token: &str, id: i64) -> i64 {
    let (status, body) = call(app, "/GetCertUA/GetCertByID", token, json!({ "signInfo": id })).await;
    assert_eq!(status, 200, "HTTP 200 by default: {body}");
    body["intCode"].as_i64().expect("intCode")
}

fn answer(message: &str, code: u16) -> Value {
    json!({ "varMessage": message, "intCode": code })
}

fn success() -> Value {
    answer("Success!", 200)
}

/// The document's own success example, sent as it is (numbers as strings).
fn documented_grant() -> Value {
    json!({
        "cert_id": "2173",
        "access_type": "2",
        "access_action": "1",
        "amigos_info": [
            { "gln": "9864066822430", "isRetailer": false },
            { "gln": "9864064665428", "isRetailer": false },
            { "gln": "4829900023799", "isRetailer": true }
        ]
    })
}

async fn authorize_issues_tokens_for_fixture_users(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["intCode"], 200);
    assert_eq!(body["varMessage"], "Success!");
    let token = body["varToken"].as_str().unwrap();
    assert_eq!(token.len(), 26);

    let (_, aliased) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    assert_eq!(aliased["intCode"], 200, "{aliased}");

    let (status, wrong) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "nope" })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(wrong, answer("Неверный логин или пароль", 401));
    let (_, unknown) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "nobody", "varPassword": "secret" })),
    )
    .await;
    assert_eq!(unknown, answer("Неверный логин или пароль", 401));
    let (_, missing) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier" })),
    )
    .await;
    assert_eq!(missing, answer("Не заполнено обязательное поле \"varPassword\"", 400));
    let (_, broken) = send(app.post("/edin/Api/V1/Index/Authorize").body("{nope")).await;
    assert_eq!(broken, answer("Некорректный JSON в теле запроса", 400));
}

async fn calls_need_a_live_token_of_their_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    let unauthorized = answer("Пользователь не авторизован", 401);
    let (_, body) = send(app.post("/edin/Api/V1/Certificate/SetAccess").json(&documented_grant())).await;
    assert_eq!(body, unauthorized, "no varToken");
    assert_eq!(
        set_access(&app, "nohuola9h24tmj4jln3devi151", documented_grant())
            .await
            .1,
        unauthorized
    );

    let other = token_in(&app, "other", "supplier").await;
    let (_, body) = send(
        app.post("/edin/Api/V1/Certificate/SetAccess")
            .json(&json!({ "varToken": other, "cert_id": 2173, "access_type": 1 })),
    )
    .await;
    assert_eq!(body, unauthorized, "a token of tenant `other` is unknown in `default`");
    let (_, body) = send(
        app.post("/edin/Api/V1/Certificate/SetAccess")
            .header("X-Emulator-Tenant", "other")
            .json(&json!({ "varToken": other, "cert_id": 2173, "access_type": 1 })),
    )
    .await;
    assert_eq!(body, success(), "and works in its own");
}

async fn tokens_expire_after_thirty_idle_minutes(backend: Backend) {
    let app = spawn_app(backend).await;
    // A frozen clock: idle time is measured on it alone, however slow the machine.
    let (status, _) = send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;
    assert_eq!(status, 200);
    let token = token(&app, "supplier").await;
    let advance = |seconds: i64| {
        let app = &app;
        async move {
            let (status, _) = send(
                app.post("/_emulator/clock")
                    .json(&json!({ "advance_seconds": seconds })),
            )
            .await;
            assert_eq!(status, 200);
        }
    };
    advance(1799).await;
    assert_eq!(read_code(&app, &token, 2173).await, 200, "29:59 idle: alive");
    advance(1799).await;
    assert_eq!(
        read_code(&app, &token, 2173).await,
        200,
        "each call restarts the idle time"
    );
    advance(1800).await;
    assert_eq!(read_code(&app, &token, 2173).await, 401, "30:00 idle: expired");
    let fresh = crate::edin::token(&app, "supplier").await;
    assert_eq!(read_code(&app, &fresh, 2173).await, 200);
}

async fn documented_examples_reproduce_their_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = token(&app, "supplier").await;

    // The success example.
    assert_eq!(set_access(&app, &token, documented_grant()).await, (200, success()));

    // A certificate that does not belong to the caller.
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "21478457735367345", "access_type": "2", "access_action": "1",
                "amigos_info": [{ "gln": PARTNER_GLN, "isRetailer": false }] }),
    )
    .await;
    assert_eq!(body, answer("Сертификат не найден", 404));

    // access_type empty, or not in the directory.
    for access_type in [json!(""), json!("3"), json!(0), json!("abc"), Value::Null] {
        let (_, body) = set_access(
            &app,
            &token,
            json!({ "cert_id": "2173", "access_type": access_type, "access_action": "1" }),
        )
        .await;
        assert_eq!(
            body,
            answer("Не заполнено обязательное поле \"access_type\"", 400),
            "{access_type}"
        );
    }
    let (_, body) = set_access(&app, &token, json!({ "cert_id": "2173" })).await;
    assert_eq!(body, answer("Не заполнено обязательное поле \"access_type\"", 400));

    // access_action empty, or not in the directory (the partners given, so it is the one problem).
    let amigos = json!([{ "gln": PARTNER_GLN, "isRetailer": false }]);
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "2173", "access_type": "2", "access_action": "", "amigos_info": amigos }),
    )
    .await;
    assert_eq!(body, answer("Не заполнено обязательное поле \"access_action\"", 400));
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "2173", "access_type": "2", "amigos_info": amigos }),
    )
    .await;
    assert_eq!(body, answer("Не заполнено обязательное поле \"access_action\"", 400));
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "2173", "access_type": "2", "access_action": "324", "amigos_info": amigos }),
    )
    .await;
    assert_eq!(body, answer("Недопустимый формат поля \"access_action\" 324", 400));
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": 2173, "access_type": 2, "access_action": 324, "amigos_info": amigos }),
    )
    .await;
    assert_eq!(
        body,
        answer("Недопустимый формат поля \"access_action\" 324", 400),
        "as a JSON number too"
    );

    // No amigos_info.
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "2173", "access_type": "2", "access_action": "2" }),
    )
    .await;
    assert_eq!(body, answer("Не заполнено обязательное поле \"amigos_info\"", 400));

    let with_amigos =
        |amigos: Value| json!({ "cert_id": "2173", "access_type": "2", "access_action": "1", "amigos_info": amigos });

    // An empty gln.
    let (_, body) = set_access(
        &app,
        &token,
        with_amigos(json!([
            { "gln": "", "isRetailer": true },
            { "gln": "", "isRetailer": true },
            { "gln": "4829900023799", "isRetailer": true }
        ])),
    )
    .await;
    assert_eq!(
        body,
        answer("Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\"", 400)
    );

    // A malformed gln.
    let (_, body) = set_access(
        &app,
        &token,
        with_amigos(json!([
            { "gln": "dfghdfg", "isRetailer": true },
            { "gln": "dgfhdfg", "isRetailer": true },
            { "gln": "4829900023799", "isRetailer": true }
        ])),
    )
    .await;
    assert_eq!(
        body,
        answer("Недопустимый формат поля \"gln\" dfghdfg в блоке \"amigos_info\"", 400)
    );

    // A malformed isRetailer.
    let (_, body) = set_access(
        &app,
        &token,
        with_amigos(json!([
            { "gln": "9864066822430", "isRetailer": "fdsa" },
            { "gln": "9864064665428", "isRetailer": false },
            { "gln": "4829900023799", "isRetailer": true }
        ])),
    )
    .await;
    assert_eq!(
        body,
        answer(
            "Недопустимый формат поля \"isRetailer\" fdsa в блоке \"amigos_info\"",
            400
        )
    );

    // GLNs missing from the directory.
    let (_, body) = set_access(
        &app,
        &token,
        with_amigos(json!([
            { "gln": "9008727091081", "isRetailer": false },
            { "gln": "9008727092026", "isRetailer": false },
            { "gln": "9008727092071", "isRetailer": false },
            { "gln": "9008727092033", "isRetailer": false }
        ])),
    )
    .await;
    assert_eq!(
        body,
        answer(
            "Не найдены \"gln\" 9008727091081,9008727092026,9008727092071,9008727092033 в блоке \"amigos_info\"",
            404
        )
    );

    // GLNs that are not networks.
    let (_, body) = set_access(
        &app,
        &token,
        with_amigos(json!([
            { "gln": "9864066822430", "isRetailer": true },
            { "gln": "9864064665428", "isRetailer": true },
            { "gln": "4829900023799", "isRetailer": true }
        ])),
    )
    .await;
    assert_eq!(
        body,
        answer(
            "Переданные данные в поле \"gln\" 9864066822430,9864064665428 блока \"amigos_info не принадлежат сети\"",
            404
        )
    );
}

/// The token first; then every member's problem, named at once in the document's order; then
/// the certificate; then the directory.
async fn checks_fire_in_the_documents_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = token(&app, "supplier").await;
    // Every member wrong, of a certificate that is not the caller's: the members, all of them.
    let everything_wrong = json!({ "cert_id": "3001", "access_type": "9", "access_action": "9",
                                   "amigos_info": [{ "gln": "" }] });
    assert_eq!(
        set_access(&app, &token, everything_wrong).await.1,
        answer(
            "Не заполнено обязательное поле \"access_type\"; Недопустимый формат поля \"access_action\" 9; \
             Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\"",
            400
        )
    );
    // Members in order, then the certificate.
    assert_eq!(
        set_access(&app, &token, json!({ "cert_id": "3001", "access_type": "1" }))
            .await
            .1,
        answer("Сертификат не найден", 404),
        "3001 is the partner's"
    );
    // The token comes before everything.
    assert_eq!(
        set_access(&app, "", json!({ "cert_id": "3001", "access_type": "9" }))
            .await
            .1,
        answer("Пользователь не авторизован", 401)
    );
    // access_type before access_action.
    assert_eq!(
        set_access(
            &app,
            &token,
            json!({ "cert_id": "2173", "access_type": "9", "access_action": "9" })
        )
        .await
        .1,
        answer(
            "Не заполнено обязательное поле \"access_type\"; Недопустимый формат поля \"access_action\" 9",
            400
        )
    );
    // An unknown GLN outranks a known non-network flagged as a retailer.
    let (_, body) = set_access(
        &app,
        &token,
        json!({ "cert_id": "2173", "access_type": "2", "access_action": "1", "amigos_info": [
            { "gln": PARTNER_GLN, "isRetailer": true },
            { "gln": "9008727091081", "isRetailer": false },
            { "gln": "9008727091081", "isRetailer": false }
        ] }),
    )
    .await;
    assert_eq!(
        body,
        answer("Не найдены \"gln\" 9008727091081 в блоке \"amigos_info\"", 404),
        "each GLN named once"
    );
    // A blank cert_id.
    assert_eq!(
        set_access(&app, &token, json!({ "access_type": 1 })).await.1,
        answer("Не заполнено обязательное поле \"cert_id\"", 400)
    );
}

async fn grant_lets_the_partner_read_and_revoke_takes_it_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = token(&app, "supplier").await;
    let partner = token(&app, "partner").await;
    assert_eq!(read_code(&app, &partner, 2173).await, 404, "restricted, not granted");
    assert_eq!(read_code(&app, &supplier, 2173).await, 200, "the owner always sees it");

    assert_eq!(set_access(&app, &supplier, documented_grant()).await.1, success());
    let (_, body) = call(&app, "/GetCertUA/GetCertByID", &partner, json!({ "signInfo": "2173" })).await;
    assert_eq!(body["intCode"], 200, "{body}");
    assert_eq!(body["varMessage"], "Success!");
    assert_eq!(body["cert_data"]["intCertID"], 2173);
    assert_eq!(body["cert_data"]["varNumber"], "UA-2173");
    assert_eq!(body["cert_data"]["varOwnerGLN"], SUPPLIER_GLN);
    assert_eq!(body["cert_data"]["access_type"], 2);
    assert!(
        body["cert_data"].get("amigos_info").is_none(),
        "grants are the owner's business"
    );
    assert_eq!(body["cert_files"], json!([]));

    let (_, owner_view) = call(&app, "/GetCertUA/GetCertByID", &supplier, json!({ "signInfo": 2173 })).await;
    assert_eq!(
        owner_view["cert_data"]["amigos_info"],
        json!([
            { "gln": PARTNER_GLN, "isRetailer": false },
            { "gln": SUPPLIER_GLN, "isRetailer": false },
            { "gln": NETWORK_GLN, "isRetailer": true }
        ])
    );

    // GET with the parameters in the query string reads the same.
    let (status, by_get) = send(app.get(&format!(
        "/edin/Api/V1/GetCertUA/GetCertByID?varToken={partner}&signInfo=2173"
    )))
    .await;
    assert_eq!((status, by_get["intCode"].clone()), (200, json!(200)));

    let revoke = json!({ "cert_id": 2173, "access_type": 2, "access_action": 2,
                         "amigos_info": [{ "gln": PARTNER_GLN }] });
    assert_eq!(set_access(&app, &supplier, revoke).await.1, success());
    let (_, body) = call(&app, "/GetCertUA/GetCertByID", &partner, json!({ "signInfo": 2173 })).await;
    assert_eq!(
        body,
        answer("no data found", 404),
        "GetCertByID's own answer for a hidden certificate"
    );
    assert_eq!(
        read_code(&app, &token(&app, "store").await, 2173).await,
        200,
        "the network's grant is untouched"
    );
}

async fn a_network_grant_reaches_its_members(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = token(&app, "supplier").await;
    let store = token(&app, "store").await;
    let network = token(&app, "network").await;
    let partner = token(&app, "partner").await;
    assert_eq!(read_code(&app, &store, 2173).await, 404);

    let grant = json!({ "cert_id": 2173, "access_type": 2, "access_action": 1,
                        "amigos_info": [{ "gln": NETWORK_GLN, "isRetailer": true }] });
    assert_eq!(set_access(&app, &supplier, grant).await.1, success());
    assert_eq!(read_code(&app, &store, 2173).await, 200, "a member of the network");
    assert_eq!(read_code(&app, &network, 2173).await, 200, "the network itself");
    assert_eq!(read_code(&app, &partner, 2173).await, 404, "not a member");

    // Revoking the network by GLN (isRetailer false) is another grant: nothing changes.
    let by_gln = json!({ "cert_id": 2173, "access_type": 2, "access_action": 2,
                         "amigos_info": [{ "gln": NETWORK_GLN, "isRetailer": false }] });
    assert_eq!(set_access(&app, &supplier, by_gln).await.1, success());
    assert_eq!(read_code(&app, &store, 2173).await, 200);
    let as_network = json!({ "cert_id": 2173, "access_type": 2, "access_action": 2,
                             "amigos_info": [{ "gln": NETWORK_GLN, "isRetailer": true }] });
    assert_eq!(set_access(&app, &supplier, as_network).await.1, success());
    assert_eq!(read_code(&app, &store, 2173).await, 404);
    assert_eq!(read_code(&app, &network, 2173).await, 404);
}

async fn public_certificates_and_lists(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = token(&app, "supplier").await;
    let partner = token(&app, "partner").await;
    let ids = |body: &Value| -> Vec<i64> {
        body["certs"]
            .as_array()
            .unwrap_or_else(|| panic!("certs in {body}"))
            .iter()
            .map(|cert| cert["intCertID"].as_i64().unwrap())
            .collect()
    };
    let list = |token: String, filter: Value| {
        let app = &app;
        async move {
            call(app, "/GetCertUA/GetCertList", &token, json!({ "filter": filter }))
                .await
                .1
        }
    };
    assert_eq!(ids(&list(partner.clone(), Value::Null).await), vec![2174, 3001]);
    assert_eq!(ids(&list(supplier.clone(), Value::Null).await), vec![2173, 2174, 2199]);
    assert_eq!(ids(&list(supplier.clone(), json!("private")).await), vec![2173, 2199]);
    assert_eq!(ids(&list(supplier.clone(), json!("public")).await), vec![2174]);
    assert_eq!(ids(&list(partner.clone(), json!("owner")).await), vec![3001]);
    assert_eq!(
        list(partner.clone(), json!("all")).await,
        answer("Недопустимый формат поля \"filter\" all", 400)
    );

    // access_type 1 opens 2173 to everyone; amigos_info is not needed.
    let public = json!({ "cert_id": 2173, "access_type": 1 });
    assert_eq!(set_access(&app, &supplier, public).await.1, success());
    assert_eq!(read_code(&app, &partner, 2173).await, 200);
    assert_eq!(ids(&list(partner.clone(), Value::Null).await), vec![2173, 2174, 3001]);
    // And back to restricted: the partner was never granted.
    let restricted = json!({ "cert_id": 2173, "access_type": 2, "access_action": 1,
                             "amigos_info": [{ "gln": NETWORK_GLN, "isRetailer": true }] });
    assert_eq!(set_access(&app, &supplier, restricted).await.1, success());
    assert_eq!(read_code(&app, &partner, 2173).await, 404);
    assert_eq!(read_code(&app, &partner, 999).await, 404);
    let (_, body) = call(&app, "/GetCertUA/GetCertByID", &partner, json!({})).await;
    assert_eq!(body, answer("Ошибка в параметрах запроса", 400));
}

async fn a_failed_request_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = token(&app, "supplier").await;
    let partner = token(&app, "partner").await;
    let (_, before) = send(app.get("/_emulator/state")).await;
    // A known GLN first, an unknown one after: neither is granted, the type stays.
    let body = json!({ "cert_id": 2174, "access_type": 2, "access_action": 1, "amigos_info": [
        { "gln": PARTNER_GLN }, { "gln": "9008727091081" }
    ] });
    assert_eq!(set_access(&app, &supplier, body).await.1["intCode"], 404);
    let (_, after) = send(app.get("/_emulator/state")).await;
    assert_eq!(before["edin"], after["edin"]);
    assert_eq!(read_code(&app, &partner, 2174).await, 200, "2174 is still public");
}

async fn state_round_trips_with_grants(backend: Backend) {
    let app = spawn_app(backend).await;
    let supplier = token(&app, "supplier").await;
    assert_eq!(set_access(&app, &supplier, documented_grant()).await.1, success());
    let (_, exported) = send(app.get("/_emulator/state")).await;
    let cert = exported["edin"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cert| cert["cert_id"] == 2173)
        .expect("certificate 2173");
    assert_eq!(cert["cert_id"], 2173);
    assert_eq!(cert["granted_glns"], json!([PARTNER_GLN, SUPPLIER_GLN]));
    assert_eq!(cert["granted_networks"], json!([NETWORK_GLN]));

    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&exported),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copied) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copied["edin"], exported["edin"]);
    let store = token_in(&app, "copy", "store").await;
    let (_, read) = send(
        app.post("/edin/Api/V1/GetCertUA/GetCertByID")
            .header("X-Emulator-Tenant", "copy")
            .json(&json!({ "varToken": store, "signInfo": 2173 })),
    )
    .await;
    assert_eq!(read["intCode"], 200, "the network grant came along: {read}");
}

async fn fixtures_are_checked(backend: Backend) {
    let app = spawn_app(backend).await;
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
    let (status, body) = load(json!({ "edin": { "companies": [{ "gln": "123", "name": "x" }] } })).await;
    assert_eq!((status, body["path"].clone()), (422, json!("$.edin.companies[0].gln")));
    let (status, body) =
        load(json!({ "edin": { "users": [{ "login": "u", "password": "p", "gln": "1111111111111" }] } })).await;
    assert_eq!(
        (status, body["path"].clone()),
        (422, json!("$.edin.users[0].gln")),
        "{body}"
    );
    let (status, body) = load(json!({ "edin": { "certificates": [{ "owner_gln": SUPPLIER_GLN,
        "granted_networks": [PARTNER_GLN] }] } }))
    .await;
    assert_eq!(
        (status, body["path"].clone()),
        (422, json!("$.edin.certificates[0].granted_networks[0]")),
        "the partner is no network: {body}"
    );
    // A new certificate of a company already in the tenant gets the next id.
    let (status, body) = load(json!({ "edin": {
        "companies": [{ "gln": "1111111111116", "name": "ТОВ Нова" }],
        "users": [{ "login": "nova", "password": "secret", "gln": "1111111111116" }],
        "certificates": [{ "owner_gln": "1111111111116" }]
    } }))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["added"]["edin"]["certificates"], 1);
    let (_, state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "fx")).await;
    let added = state["edin"]["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cert| cert["owner_gln"] == "1111111111116")
        .cloned()
        .expect("the new certificate");
    assert_eq!(added["cert_id"], 1);
    assert_eq!(added["number"], "1");
    assert_eq!(added["access_type"], 2);
}

async fn http_status_is_200_or_mirrors_int_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.post("/edin/Api/V1/Nothing/Here").json(&json!({}))).await;
    assert_eq!((status, body), (200, answer("Not Found", 404)));
    let (status, body) = send(app.get("/edin/Api/V1/Index/Authorize")).await;
    assert_eq!((status, body), (200, answer("Method Not Allowed", 405)));

    let mirror = spawn_with(backend, |config| {
        config.vendors.edin.http_status = EdinHttpStatus::Mirror;
    })
    .await;
    let supplier = token(&mirror, "supplier").await;
    let (status, body) = set_access(&mirror, &supplier, documented_grant()).await;
    assert_eq!((status, body), (200, success()));
    let (status, body) = set_access(&mirror, &supplier, json!({ "cert_id": 3001, "access_type": 1 })).await;
    assert_eq!((status, body), (404, answer("Сертификат не найден", 404)));
    let (status, _) = set_access(&mirror, &supplier, json!({ "cert_id": 2173 })).await;
    assert_eq!(status, 400);
    let (status, _) = set_access(&mirror, "expired", json!({})).await;
    assert_eq!(status, 401);
    let (status, body) = send(
        mirror
            .post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "x" })),
    )
    .await;
    assert_eq!((status, body["intCode"].clone()), (401, json!(401)));
    let (status, body) = send(mirror.post("/edin/Api/V1/Nothing/Here")).await;
    assert_eq!((status, body), (404, answer("Not Found", 404)));
    let (status, body) = send(mirror.get("/edin")).await;
    assert_eq!((status, body["intCode"].clone()), (404, json!(404)));
    let (status, _) = send(mirror.delete("/edin/Api/V1/Certificate/SetAccess")).await;
    assert_eq!(status, 405);

    // Found before the EDIN router (a bad tenant name, an injected fault): the same rule.
    for (emulator, expected_status) in [(&app, 200), (&mirror, 400)] {
        let (status, body) = send(
            emulator
                .post("/edin/Api/V1/Index/Authorize")
                .header("X-Emulator-Tenant", "Not A Tenant")
                .json(&json!({})),
        )
        .await;
        assert_eq!((status, body["intCode"].clone()), (expected_status, json!(400)));
        assert!(body["varMessage"].is_string());
    }
    for (emulator, expected_status) in [(&app, 200), (&mirror, 503)] {
        let (status, _) = send(
            emulator
                .post("/_emulator/faults")
                .json(&json!({ "vendor": "edin", "status": 503, "times": 1 })),
        )
        .await;
        assert_eq!(status, 200);
        let (status, body) = send(emulator.post("/edin/Api/V1/Index/Authorize").json(&json!({}))).await;
        assert_eq!(
            (status, body["intCode"].clone()),
            (expected_status, json!(503)),
            "{body}"
        );
    }
}

/// More partners than one SQL statement can bind (SQLite: 32 766) are looked up in the directory
/// all the same: the unknown ones are named, nothing is a 500, nothing is granted (with
/// `server.max_list_items` raised to let such a list in).
async fn a_grant_to_more_partners_than_a_statement_binds_is_answered(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.max_list_items = 50_000).await;
    let token = token(&app, "supplier").await;
    let mut amigos: Vec<Value> = (0..40_000_i64)
        .map(|i| json!({ "gln": (1_000_000_000_000_i64 + i).to_string(), "isRetailer": false }))
        .collect();
    amigos.push(json!({ "gln": "9864064665428", "isRetailer": false }));
    let body = json!({ "cert_id": "2173", "access_type": "2", "access_action": "1", "amigos_info": amigos });
    let (status, answer) = set_access(&app, &token, body).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["intCode"],
        404,
        "{}",
        &answer.to_string()[..200.min(answer.to_string().len())]
    );
    let message = answer["varMessage"].as_str().unwrap_or_default();
    assert!(
        message.contains("1000000039999") && !message.contains("9864064665428"),
        "{}",
        &message[..200.min(message.len())]
    );
    let partner = crate::edin::token(&app, "partner").await;
    assert_ne!(read_code(&app, &partner, 2173).await, 200, "nothing was granted");
}

on_both_engines!(
    a_grant_to_more_partners_than_a_statement_binds_is_answered,
    authorize_issues_tokens_for_fixture_users,
    calls_need_a_live_token_of_their_tenant,
    tokens_expire_after_thirty_idle_minutes,
    documented_examples_reproduce_their_answers,
    checks_fire_in_the_documents_order,
    grant_lets_the_partner_read_and_revoke_takes_it_back,
    a_network_grant_reaches_its_members,
    public_certificates_and_lists,
    a_failed_request_changes_nothing,
    state_round_trips_with_grants,
    fixtures_are_checked,
    http_status_is_200_or_mirrors_int_code,
);
