//! Who a visitor's proofing belongs to: the person this browser holds (`visitor::identity`), and
//! the name they sign with.

use crate::error::{ServiceError, ServiceResult};
use crate::visitor::access::Admission;
use domain::policy::Need;

/// The email of the person the visitor's proofing belongs to. Only called after the policy
/// allowed an action that needs one, so its absence is a need, not a bug.
pub fn person(admitted: &Admission) -> ServiceResult<String> {
    match (admitted.visit.person(), &admitted.visit.email) {
        (Some(person), _) => Ok(person.to_owned()),
        (None, Some(_)) => Err(ServiceError::Needs(Need::SignInLink)),
        (None, None) => Err(ServiceError::Needs(Need::Email)),
    }
}

/// The name a visitor signs with: the one they gave, else their email's local part.
pub fn signature(admitted: &Admission) -> String {
    admitted
        .visit
        .name
        .clone()
        .or_else(|| admitted.visit.person().and_then(|e| e.split('@').next()).map(str::to_owned))
        .unwrap_or_else(|| "Visitor".to_owned())
}
