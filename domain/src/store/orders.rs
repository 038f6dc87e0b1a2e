//! An order's life: awaiting payment, then paid, or cancelled before payment, or refunded after.
//! Only a paid order grants anything; cancelling or refunding takes every grant back at once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Placed; the buyer has not paid yet (an invoice to settle, or a card payment not confirmed).
    AwaitingPayment,
    /// Paid: its licences are granted.
    Paid,
    /// Cancelled before payment.
    Cancelled,
    /// Refunded after payment: its licences are taken back.
    Refunded,
}

impl OrderStatus {
    /// Every status, in the order the Orders tab filters them.
    pub const ALL: [OrderStatus; 4] = [Self::AwaitingPayment, Self::Paid, Self::Cancelled, Self::Refunded];

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Paid => "paid",
            Self::Cancelled => "cancelled",
            Self::Refunded => "refunded",
        }
    }

    /// Reads the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// For people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "Awaiting payment",
            Self::Paid => "Paid",
            Self::Cancelled => "Cancelled",
            Self::Refunded => "Refunded",
        }
    }

    /// Whether the order's licences are granted.
    pub const fn grants(self) -> bool {
        matches!(self, Self::Paid)
    }

    /// The stored names of the statuses that grant (for a query's `IN`).
    pub fn granting() -> Vec<&'static str> {
        Self::ALL.into_iter().filter(|s| s.grants()).map(Self::as_str).collect()
    }

    /// Those whose licences are granted or may still be (a payment can come while it waits):
    /// what they cover must not be purged.
    pub fn holding() -> Vec<&'static str> {
        [Self::AwaitingPayment, Self::Paid].into_iter().map(Self::as_str).collect()
    }

    /// The status after the photographer's `change`, or `None` when it does not apply (marking a
    /// cancelled order paid, refunding an unpaid one).
    pub const fn after(self, change: OrderChange) -> Option<Self> {
        match (self, change) {
            (Self::AwaitingPayment, OrderChange::MarkPaid) => Some(Self::Paid),
            (Self::AwaitingPayment, OrderChange::Cancel) => Some(Self::Cancelled),
            (Self::Paid, OrderChange::Refund) => Some(Self::Refunded),
            _ => None,
        }
    }
}

/// What the photographer can do to an order from the Orders tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderChange {
    MarkPaid,
    Cancel,
    Refund,
}

impl OrderChange {
    /// The button's words.
    pub const fn label(self) -> &'static str {
        match self {
            Self::MarkPaid => "Mark paid",
            Self::Cancel => "Cancel order",
            Self::Refund => "Refund",
        }
    }
}

/// The order's number for people (receipts, the Orders tab, a bank transfer's reference):
/// eight characters of its id, grouped (`7F3A-91C2`).
pub fn order_number(id: Uuid) -> String {
    let hex = id.simple().to_string().to_ascii_uppercase();
    format!("{}-{}", &hex[..4], &hex[4..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paid_orders_grant_and_changes_follow_the_life() {
        assert!(OrderStatus::Paid.grants());
        for status in [OrderStatus::AwaitingPayment, OrderStatus::Cancelled, OrderStatus::Refunded] {
            assert!(!status.grants());
        }
        assert_eq!(OrderStatus::AwaitingPayment.after(OrderChange::MarkPaid), Some(OrderStatus::Paid));
        assert_eq!(OrderStatus::Paid.after(OrderChange::Refund), Some(OrderStatus::Refunded));
        assert_eq!(OrderStatus::Cancelled.after(OrderChange::MarkPaid), None);
        assert_eq!(OrderStatus::AwaitingPayment.after(OrderChange::Refund), None);
        assert_eq!(OrderStatus::Paid.after(OrderChange::Cancel), None);
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn numbers_are_short() {
        let id = Uuid::parse_str("7f3a91c2-0000-4000-8000-000000000000").expect("uuid");
        assert_eq!(order_number(id), "7F3A-91C2");
    }
}
