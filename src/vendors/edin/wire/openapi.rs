//! The EDIN EDO operations for the OpenAPI spec: what no type says — summaries, descriptions, the
//! examples of the vendor's pages (their keys and values without the spaces some of the pages
//! print inside them) and the refusals of requests their declarations let through. Request and
//! answer schemas are the declarations' (`wire`).

use serde_json::{json, Value};

use crate::openapi::{tenant_param, ErrorShape, Mark, Operation, Param, Refused, VENDOR_TENANT};
use crate::platform::wire::answer_schema_of;
use crate::vendors::edin::wire::access::AccessChange;
use crate::vendors::edin::wire::answer::{Done, Failure, Success, SUCCESS};
use crate::vendors::edin::wire::binds::BindChange;
use crate::vendors::edin::wire::cards::{Created, NewCertificate};
use crate::vendors::edin::wire::complaints::Complaint;
use crate::vendors::edin::wire::directories::{
    AccessActions, AccessTypes, BindActions, ErrorTypes, Listing, SubTypes, Types,
};
use crate::vendors::edin::wire::reads::{
    ByBarcode, ByEdrpou, ByGln, ByInn, ByNumber, Cards, CertList, Certificate, CertificateById, File, FileById, Listed,
    NoParams,
};
use crate::vendors::edin::wire::scans::{Attached, Scan};
use crate::vendors::edin::wire::sign_in::{Credentials, SignedIn};
use crate::vendors::edin::wire::signed::Signed;
use crate::vendors::edin::wire::values::Directory;

pub const TITLE: &str = "EDIN EDO (edo.edin.ua): the certificate API";

pub const HEADERS: &[(&str, bool, &str)] = &[("X-Emulator-Tenant", false, "The emulator tenant (default: default)")];

/// `{"varMessage", "intCode"}`: with HTTP 200 (`http_status = "ok"`) or with the status equal to
/// `intCode` (`"mirror"`), so every 200 is the success or a failure.
pub const ERRORS: ErrorShape = ErrorShape {
    refuses_nul: true,
    schema: error_schema,
    auth: false,
    extra: &[],
    errors_in_200: true,
};

fn error_schema(_status: u16) -> Value {
    answer_schema_of::<Failure>().schema.clone()
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param(VENDOR_TENANT)]
}

const TOKEN: &str = "8q0hu05o59vmmrpo4t5slfedj2";

fn result(code: u16, message: &str) -> Value {
    json!({ "varMessage": message, "intCode": code })
}

/// A refusal, told by its `intCode`: its messages name what the request named (a GLN, a date, a
/// number).
fn refused(code: u16, message: &str) -> Refused {
    Refused::new(result(code, message), Mark::is("/intCode", code))
}

fn success_with(members: Value) -> Value {
    let mut body = members;
    body["varMessage"] = json!("Success!");
    body["intCode"] = json!(200);
    body
}

fn with_token(members: Value) -> Value {
    let mut body = members;
    body["varToken"] = json!(TOKEN);
    body
}

const STATUS_NOTE: &str = "HTTP 200 with the result in intCode (vendors.edin.http_status = \"ok\"), or the HTTP status equal to intCode (\"mirror\"). varToken goes in the JSON body (also on GET) or the query string; keys and values may carry surrounding spaces, numbers may be numeric strings, and a member that is null, \"\" or [] is not given. A refused request's varMessage names every member's problem, joined by \"; \".";

const UNAUTHORIZED: &str = "intCode 401: varToken missing, unknown or idle for 30 minutes";

const INVALID: &str = "intCode 400: the members' problems (missing, malformed), each named, joined by \"; \"";

fn unauthorized(operation: Operation) -> Operation {
    operation.response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
}

fn not_the_callers(operation: Operation) -> Operation {
    operation.refusal(
        404,
        "intCode 404: not a certificate of the caller",
        refused(404, "Сертификат не найден"),
    )
}

fn cert_data() -> Value {
    json!({
        "intCertID": 1493, "varCreatedDate": "2017-06-02 11:37:59", "varNumber": "1233", "varOriginalNum": "1233",
        "varSystemNum": "1233", "intType": 8, "intSubType": 1, "intOwnerGlnID": 1234567890123i64,
        "intSupplierGlnID": 1234567890123i64, "intAccessType": 2, "varLotNumber": "", "varDate": "2017-06-03 00:00:00",
        "varText": "", "varStartDate": "2017-06-01 00:00:00", "varEndDate": "2017-06-30 00:00:00", "varPartNumber": "",
        "intDssCertID": null, "intDssCertStat": null, "intDssCertDate": null, "isMadePDF": 3,
        "varReviewDate": "2017-06-02 11:37:59", "varSubTypeName": "Период действия",
        "varAccessTypeName": "Ограниченный доступ", "varTypeName": "фітосанітарний сертифікат", "varDssCertStat": null,
        "varOwnerGLN": "1234567890123", "varOwnerName": "ТОВ Приклад", "access_type": 2
    })
}

fn listed() -> Value {
    json!({ "certs": [
        { "intCertID": 1493, "varNumber": "1233", "varStartDate": "2017-06-01 00:00:00", "varEndDate": "2017-06-30 00:00:00",
          "varReviewDate": "2017-06-02 11:37:59", "intSupplierGlnID": 1234567890123i64 },
        { "intCertID": 1495, "varNumber": "4567654", "varStartDate": "2017-06-03 00:00:00", "varEndDate": "2017-07-07 00:00:00",
          "varReviewDate": null, "intSupplierGlnID": 1234567890123i64 }
    ] })
}

/// `GET` (the pages' method) and `POST` of one read method, its parameters `T`.
fn both<T: schemars::JsonSchema + 'static>(
    path: &'static str,
    summary: &'static str,
    build: impl Fn(Operation) -> Operation,
) -> Vec<Operation> {
    ["get", "post"]
        .into_iter()
        .map(|method| {
            build(unauthorized(
                Operation::new(method, path, summary)
                    .describe(STATUS_NOTE)
                    .request_type::<Signed<T>>(),
            ))
        })
        .collect()
}

/// The GetCert controller's answers beside the success.
fn get_cert_errors(operation: Operation) -> Operation {
    operation
        .response(400, INVALID, result(400, "Ошибка в параметрах запроса"))
        .refusal(
            403,
            "intCode 403: found, but not visible to the caller",
            refused(403, "Нет доступа к запрашиваемой информации"),
        )
        .refusal(
            404,
            "intCode 404: nothing has this value",
            refused(404, "Запрашиваемая информация не найдена"),
        )
}

/// The documentation of a GetCertsBy… list: path, summary, the searched member and its example.
type ListDocs = fn(&'static str, &'static str, &'static str, &'static str) -> Vec<Operation>;

fn list_by<T: schemars::JsonSchema + 'static>(
    path: &'static str,
    summary: &'static str,
    field: &'static str,
    value: &'static str,
) -> Vec<Operation> {
    both::<T>(path, summary, |operation| {
        get_cert_errors(operation)
            .request(with_token(json!({ field: value, "filter": "owner" })))
            .answer_type::<Success<Listed>>(
                200,
                "Success: the visible matches, narrowed by filter (owner | private | public)",
                success_with(listed()),
            )
    })
}

fn dictionary<D: Directory + 'static>(path: &'static str, summary: &'static str) -> Vec<Operation> {
    let answer = serde_json::to_value(Success {
        members: Listing::<D>::default(),
        message: SUCCESS,
        code: 200,
    })
    .unwrap_or_default();
    both::<NoParams>(path, summary, |operation| {
        operation
            .request(with_token(json!({})))
            .answer_type::<Success<Listing<D>>>(200, "Success", answer.clone())
    })
}

fn authorize(path: &'static str, summary: &'static str) -> Operation {
    Operation::new("post", path, summary)
        .describe(STATUS_NOTE)
        .request(json!({ "varLogin": "supplier", "varPassword": "secret" }))
        .request_type::<Credentials>()
        .answer_type::<Success<SignedIn>>(
            200,
            "Success",
            json!({ "varToken": "jttk01diftvnbq2l2dgr5eib03", "varMessage": "Success!", "intCode": 200 }),
        )
        .response(400, INVALID, result(400, "Не заполнено обязательное поле \"varLogin\""))
        .refusal(
            401,
            "intCode 401: wrong credentials",
            refused(401, "Неверный логин или пароль"),
        )
}

pub fn operations() -> Vec<Operation> {
    let mut operations = vec![
        authorize("/Api/V1/User/Authorize", "Авторизація: a varToken for 30 idle minutes"),
        authorize(
            "/Api/V1/Index/Authorize",
            "Авторизація (alias of /Api/V1/User/Authorize)",
        ),
    ];
    let signed = vec![
        not_the_callers(Operation::new("post", "/Api/V1/Certificate/SetAccess", "Надання прав доступу до сертифіката")
            .describe("Відкрити/закрити доступ до сертифіката для GLN або мережі. All or nothing. The members first, then the certificate, unknown GLNs, non-network GLNs.")
            .request(json!({
                "varToken": "nohuola9h24tmj4jln3devi151", "cert_id": "2173", "access_type": "2", "access_action": "1",
                "amigos_info": [{ "gln": "9864066822430", "isRetailer": false }, { "gln": "9864064665428", "isRetailer": false },
                                { "gln": "4829900023799", "isRetailer": true }]
            }))
            .request_type::<Signed<AccessChange>>()
            .answer_type::<Success<Done>>(200, "Success", result(200, "Success!"))
            .response(400, INVALID, result(400, "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\""))
            .refusal(404, "intCode 404: unknown GLNs; GLNs that are not networks", refused(404, "Переданные данные в поле \"gln\" 9864064665428 блока \"amigos_info не принадлежат сети\""))
            .refusal(400, "intCode 400: more partners than server.max_list_items", refused(400, "Недопустимый формат поля \"amigos_info\" [1001 элементов], максимальное количество элементов 1000"))),
        Operation::new("post", "/Api/V1/Certificate/Create", "Створення картки сертифіката")
            .describe("A new card owned by cert_gln_creator, which must be the caller's GLN; restricted until SetAccess opens it. Dates DD.MM.YYYY; cert_end_date required with cert_sub_type 1, cert_part_number with 2.")
            .request(json!({
                "varToken": "nohuola9h24tmj4jln3devi151", "cert_number": "Test_api_4", "cert_date": "05.06.2018",
                "cert_sub_type": "1", "cert_type": "8", "cert_start_date": "30.06.2018", "cert_end_date": "29.07.2018",
                "cert_part_number": "part_numb_api_1", "cert_gln_creator": "9864066822454",
                "cert_lot_number": "lot_numb_api_1", "cert_gtd": "gtd_api_1"
            }))
            .request_type::<Signed<NewCertificate>>()
            .answer_type::<Success<Created>>(200, "Success", json!({ "certificate_id": "2121", "varMessage": "Success!", "intCode": 200 }))
            .response(400, INVALID, result(400, "Недопустимый формат поля \"cert_type\" fsew, тип сертификата не найден"))
            .refusal(400, "intCode 400: the start after the end", refused(400, "Дата начала 30.06.2018 не может быть больше даты окончания 12.05.2018"))
            .refusal(404, "intCode 404: the number exists under this GLN, or the GLN is not the caller's", refused(404, "Сертификат с номером Test_api_20 уже создан")),
        not_the_callers(Operation::new("post", "/Api/V1/Certificate/SetBind", "Додавання/видалення прив'язки сертифіката до товарів")
            .describe("bind_action 1 adds the product_binds, 2 removes the binds that agree with each field an item fills. Owner only; all or nothing.")
            .request(json!({
                "varToken": "jl4k81iq15utvdqtihghk38kk1", "cert_id": "2199", "bind_action": "1",
                "product_binds": [
                    { "gtin": "4563456345", "article_supplier": "3458678967", "article_buyer": "67896789678", "uktved": "65756", "dkpp": "99.67.46-57.46" },
                    { "gtin": "875678567567" }
                ]
            }))
            .request_type::<Signed<BindChange>>()
            .answer_type::<Success<Done>>(200, "Success", result(200, "Success!"))
            .response(400, INVALID, result(400, "Недопустимый формат поля \"dkpp\" 1q2w3e4r, должно быть число в виде ХХ.ХХ.XX-XX.XX"))
            .refusal(400, "intCode 400: more binds than server.max_list_items", refused(400, "Недопустимый формат поля \"product_binds\" [1001 элементов], максимальное количество элементов 1000"))),
        not_the_callers(Operation::new("post", "/Api/V1/Certificate/AttachScan", "Додавання до сертифіката скан-копії")
            .describe("A scan (base64 in file_body) attached to a certificate of the caller; GetFileByID gives it back. Bounded by server.body_limit_bytes (413).")
            .request(json!({ "cert_id": "2199", "file_body": "JVBERi0xLjQK...NTcKJSVFT0Y=", "varToken": "jl4k81iq15utvdqtihghk38kk1", "file_name": "test2" }))
            .request_type::<Signed<Scan>>()
            .answer_type::<Success<Attached>>(200, "Success", json!({ "file_id": "5071", "varMessage": "Success!", "intCode": 200 }))
            .response(400, INVALID, result(400, "Не заполнено обязательное поле \"file_body\""))),
        Operation::new("post", "/Api/V1/Certificate/NotifyError", "Відправка скарги по сертифікату")
            .describe("A complaint (type_error from ShowErrorTypes, text ≤ 500) about a certificate the caller sees; once per certificate, sender and type. Listed in GET /_emulator/state.")
            .request(json!({ "varToken": "jl4k81iq15utvdqtihghk38kk1", "cert_id": "3001", "type_error": "2", "text": "Тест тест тест" }))
            .request_type::<Signed<Complaint>>()
            .answer_type::<Success<Done>>(200, "Success", result(200, "Success!"))
            .response(400, "intCode 400: the members' problems; an unknown type_error comes back as type_error", json!({ "varMessage": "Недопустимый формат поля ", "type_error": "100", "intCode": 400 }))
            .refusal(400, "intCode 400: the same complaint was sent before", refused(400, "Уведомление об ошибке было отправлено ранее"))
            .refusal(404, "intCode 404: a certificate the caller may not see", refused(404, "Сертификат не найден")),
    ];
    operations.extend(signed.into_iter().map(unauthorized));
    operations.extend(both::<CertificateById>(
        "/Api/V1/GetCertUA/GetCertByID",
        "Атрибути сертифіката по ID (certID or signInfo)",
        |operation| {
            get_cert_errors(operation)
                .request(with_token(json!({ "certID": "1493" })))
                .answer_type::<Success<Certificate>>(200, "Success (a hidden certificate: intCode 404 \"no data found\")", success_with(json!({
                    "cert_data": cert_data(),
                    "cert_cat": [],
                    "cert_files": [{ "intFileID": 2823, "intType": 0, "varFileName": "mozilla.pdf", "intSignStatus": 0,
                                     "varHashLink": "38c95fcb3faec5f40267478abedd0338" }],
                    "product_binds": [{ "gtin": "4820000000000", "article_supplier": "", "article_buyer": "", "uktved": "", "dkpp": "" }]
                })))
        },
    ));
    operations.extend(both::<FileById>(
        "/Api/V1/GetCertUA/GetFileByID",
        "Файл сертифіката в base64",
        |operation| {
            get_cert_errors(operation)
                .request(with_token(json!({ "intFileID": "2823" })))
                .answer_type::<Success<File>>(
                    200,
                    "Success",
                    success_with(json!({ "cert_file_data": {
                        "intCertFileID": 2823, "intType": 0, "varFileName": "mozilla.pdf",
                        "varHashLink": "38c95fcb3faec5f40267478abedd0338", "varBody": ["JVBERi0xLjQKJSVFT0YK"]
                    } })),
                )
        },
    ));
    let lists: [(&str, &str, &str, &str, ListDocs); 5] = [
        (
            "/Api/V1/GetCertUA/GetCertsByEdrpouCode",
            "Сертифікати за ЄДРПОУ власника",
            "edrpou",
            "1234567890123",
            list_by::<ByEdrpou>,
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByBarcode",
            "Сертифікати за штрих-кодом товару",
            "barcode",
            "4820000000000",
            list_by::<ByBarcode>,
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByNum",
            "Сертифікати за номером",
            "num",
            "1234567890",
            list_by::<ByNumber>,
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByInnCode",
            "Сертифікати за ІПН власника",
            "inn",
            "1234567890123",
            list_by::<ByInn>,
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByGLN",
            "Сертифікати за GLN власника",
            "gln",
            "1234567890123",
            list_by::<ByGln>,
        ),
    ];
    for (path, summary, field, value, documented) in lists {
        operations.extend(documented(path, summary, field, value));
    }
    operations.extend(both::<CertList>(
        "/Api/V1/GetCertUA/GetCertList",
        "Every certificate the caller sees (the emulator's own; filter owner | private | public)",
        |operation| {
            operation
                .request(with_token(json!({ "filter": "owner" })))
                .answer_type::<Success<Cards>>(200, "Success", success_with(json!({ "certs": [cert_data()] })))
                .response(400, INVALID, result(400, "Недопустимый формат поля \"filter\" all"))
        },
    ));
    for (path, summary, documented) in [
        (
            "/Api/V1/Certificate/ShowAccessActions",
            "Довідник дій доступу (SetAccess access_action)",
            dictionary::<AccessActions> as fn(&'static str, &'static str) -> Vec<Operation>,
        ),
        (
            "/Api/V1/Certificate/ShowAccessTypes",
            "Довідник типів доступу (SetAccess access_type)",
            dictionary::<AccessTypes>,
        ),
        (
            "/Api/V1/Certificate/ShowBindActions",
            "Довідник дій прив'язки (SetBind bind_action)",
            dictionary::<BindActions>,
        ),
        (
            "/Api/V1/Certificate/ShowTypes",
            "Довідник типів сертифікатів",
            dictionary::<Types>,
        ),
        (
            "/Api/V1/Certificate/ShowSubTypes",
            "Довідник видів сертифікатів",
            dictionary::<SubTypes>,
        ),
        (
            "/Api/V1/Certificate/ShowErrorTypes",
            "Довідник типів скарг (NotifyError type_error)",
            dictionary::<ErrorTypes>,
        ),
    ] {
        operations.extend(documented(path, summary));
    }
    // varToken travels in the body: a signed call without one is answered (intCode 401), not
    // refused. Authorize's body is its credentials: without one it is refused.
    operations
        .into_iter()
        .map(|operation| {
            if operation.path.ends_with("/Authorize") {
                operation
            } else {
                operation.optional_body()
            }
        })
        .collect()
}
