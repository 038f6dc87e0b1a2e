//! What is being typed into the forms of a list that is drawn anew after every action (a link
//! made or revoked, a photo moved): kept by the component that owns the list, one draft per item,
//! so that a redraw loses nothing the person has not sent yet.

use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use std::collections::HashMap;
use std::hash::Hash;

/// One draft `V` (signals, so `Copy`) per item `K`, made on first use under the owner of the
/// component that made the `Drafts`: they live as long as the list's keeper, not one drawing.
pub struct Drafts<K: 'static, V: 'static> {
    drafts: StoredValue<HashMap<K, V>>,
    /// Weak: the owner holds these drafts, and must not be kept alive by them.
    owner: StoredValue<Option<WeakOwner>>,
}

impl<K, V> Clone for Drafts<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K, V> Copy for Drafts<K, V> {}

impl<K: Send + Sync, V: Send + Sync> Default for Drafts<K, V> {
    /// Drafts owned by the current owner (the component that keeps the list).
    fn default() -> Self {
        Self {
            drafts: StoredValue::new(HashMap::new()),
            owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
        }
    }
}

impl<K: Eq + Hash + Send + Sync, V: Copy + Send + Sync> Drafts<K, V> {
    /// The draft of `key`, made by `make` the first time.
    pub fn of(self, key: K, make: impl FnOnce() -> V) -> V {
        if let Some(draft) = self.drafts.with_value(|d| d.get(&key).copied()) {
            return draft;
        }
        let draft = match self.owner.get_value().and_then(|o| o.upgrade()) {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.drafts.update_value(|d| _ = d.insert(key, draft));
        draft
    }
}
