//! Who a visitor's proofing belongs to: the email they gave, and the name they sign with.

use crate::access::Admission;
use crate::error::{ServiceError, ServiceResult};

/// The email the visitor's proofing belongs to. Only called after the policy allowed an action
/// that needs one, so its absence is a need, not a bug.
pub fn person(admitted: &Admission) -> ServiceResult<String> {
    admitted.visit.email.clone().ok_or(ServiceError::Needs(domain::policy::Need::Email))
}

/// The name a visitor signs with: the one they gave, else their email's local part.
pub fn signature(admitted: &Admission) -> String {
    admitted
        .visit
        .name
        .clone()
        .or_else(|| admitted.visit.email.as_deref().and_then(|e| e.split('@').next()).map(str::to_owned))
        .unwrap_or_else(|| "Visitor".to_owned())
}
