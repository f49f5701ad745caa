//! The EDIN EDO operations for the OpenAPI spec, with examples from the vendor document.

use serde_json::{json, Value};

use crate::openapi::Operation;

pub const TITLE: &str = "EDIN EDO (edo.edin.ua): certificate access rights by GLN";

pub const HEADERS: &[(&str, bool, &str)] = &[("X-Emulator-Tenant", false, "The emulator tenant (default: default)")];

fn result(code: u16, message: &str) -> Value {
    json!({ "varMessage": message, "intCode": code })
}

fn cert_data() -> Value {
    json!({ "intCertID": 2173, "varNumber": "UA-2173", "varOwnerGLN": "9864066822430", "varOwnerName": "ТОВ Постачальник", "access_type": 2 })
}

const STATUS_NOTE: &str = "HTTP 200 with the result in intCode (vendors.edin.http_status = \"ok\"), or the HTTP status equal to intCode (\"mirror\").";

pub fn operations() -> Vec<Operation> {
    let read = |path: &'static str, method: &'static str, summary: &'static str, request: Value, ok: Value| {
        Operation::new(method, path, summary)
            .describe(STATUS_NOTE)
            .request(request)
            .response(200, "Success (intCode 200)", ok)
            .response(
                401,
                "intCode 401: token missing, unknown or expired",
                result(401, "Пользователь не авторизован"),
            )
            .response(404, "intCode 404", result(404, "Сертификат не найден"))
    };
    let by_id_request = json!({ "varToken": "nohuola9h24tmj4jln3devi151", "signInfo": "2173" });
    let by_id =
        json!({ "varMessage": "Success!", "intCode": 200, "cert_data": cert_data(), "cert_cat": [], "cert_files": [] });
    let list_request = json!({ "varToken": "nohuola9h24tmj4jln3devi151", "filter": "owner" });
    let list = json!({ "varMessage": "Success!", "intCode": 200, "certs": [cert_data()] });
    vec![
        Operation::new("post", "/Api/V1/Index/Authorize", "Авторизація: a varToken for later calls")
            .describe(STATUS_NOTE)
            .request(json!({ "varLogin": "supplier", "varPassword": "secret" }))
            .response(200, "Success", json!({ "varToken": "nohuola9h24tmj4jln3devi151", "intCode": 200, "varMessage": "Success!" }))
            .response(401, "intCode 401: wrong credentials", result(401, "Неверный логин или пароль"))
            .response(400, "intCode 400: a missing field", result(400, "Не заполнено обязательное поле \"varLogin\"")),
        Operation::new("post", "/Api/V1/Certificate/SetAccess", "Надання прав доступу до сертифіката")
            .describe("Відкрити/закрити доступ до сертифіката для GLN або мережі. All or nothing. Checks in the document's order: token, cert_id, access_type, access_action, amigos_info, gln, isRetailer, unknown GLNs, non-network GLNs.")
            .request(json!({
                "varToken": "nohuola9h24tmj4jln3devi151", "cert_id": "2173", "access_type": "2", "access_action": "1",
                "amigos_info": [{ "gln": "9864066822430", "isRetailer": false }, { "gln": "9864064665428", "isRetailer": false },
                                { "gln": "4829900023799", "isRetailer": true }]
            }))
            .response(200, "Success", result(200, "Success!"))
            .response(400, "intCode 400: Не заполнено обязательное поле \"access_type\" / \"access_action\" / \"amigos_info\"; Недопустимый формат поля …", result(400, "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\""))
            .response(401, "intCode 401", result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: Сертификат не найден; unknown GLNs; GLNs that are not networks", result(404, "Переданные данные в поле \"gln\" 9864064665428 блока \"amigos_info не принадлежат сети\"")),
        read("/Api/V1/GetCertUA/GetCertByID", "get", "A certificate the caller may see", by_id_request.clone(), by_id.clone()),
        read("/Api/V1/GetCertUA/GetCertByID", "post", "A certificate the caller may see", by_id_request, by_id),
        read("/Api/V1/GetCertUA/GetCertList", "get", "Every certificate the caller sees (filter owner | private | public)", list_request.clone(), list.clone()),
        read("/Api/V1/GetCertUA/GetCertList", "post", "Every certificate the caller sees (filter owner | private | public)", list_request, list),
    ]
}
