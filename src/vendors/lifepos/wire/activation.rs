//! `POST /auth/activate-workplace` (API v5 `activate-workplace`): a workplace activated with the
//! code an employee received.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::lifepos::wire::members::EntityRef;

/// The document's rule for `activation_code`: `^\d+$`, at most 8 characters.
pub const ACTIVATION_CODE_PATTERN: &str = "^[0-9]+$";
pub const ACTIVATION_CODE_MAX_LEN: usize = 8;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ActivateWorkplace {
    pub activation_code: ActivationCode,
}

/// An activation code as the document has it; the emulator issues 8 digits.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ActivationCode(
    #[schemars(regex(pattern = ACTIVATION_CODE_PATTERN), length(min = 1, max = ACTIVATION_CODE_MAX_LEN))]
    #[schemars(extend("x-problem" = "значение должно состоять только из цифр и быть не длиннее 8 символов"))]
    pub String,
);

/// What an activation answers: the workplace, its organization, and the outlet and employee its
/// code was issued for (null when it was issued without them), with a token that authenticates
/// as the workplace.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Activated {
    pub workplace: EntityRef,
    pub organization: EntityRef,
    pub outlet: Option<EntityRef>,
    pub employee: Option<EntityRef>,
    pub token: String,
}
