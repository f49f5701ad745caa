//! `[vendors.<name>]` of the configuration: each vendor's settings, declared in its own module
//! (`<vendor>/settings.rs`) and gathered here under the vendor's registry name, which is also the
//! section's name and the `EMULATOR__VENDORS__<NAME>__…` variables' (a test in the registry holds
//! the two lists equal). `config.rs` takes this whole and names no vendor.

use serde::Deserialize;

use super::cloudtips::settings::CloudtipsSettings;
use super::edin::settings::EdinSettings;
use super::lifepos::settings::LifeposSettings;
use super::sup::settings::SupSettings;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorsSettings {
    pub lifepos: LifeposSettings,
    pub sup: SupSettings,
    pub edin: EdinSettings,
    pub cloudtips: CloudtipsSettings,
}
