//! Places counted by key, capped per key, each given back when dropped however its holder ends:
//! a studio's uploads in flight, a client address's open connections, a client's contact sheet
//! in the making. In memory, per instance (the README lists what each protects).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// How many places each key holds now.
#[derive(Debug)]
pub struct KeyedSlots<K: Eq + Hash + Clone> {
    held: Arc<Mutex<HashMap<K, usize>>>,
}

impl<K: Eq + Hash + Clone> Default for KeyedSlots<K> {
    fn default() -> Self {
        Self { held: Arc::default() }
    }
}

/// One place, given back on drop.
#[derive(Debug)]
pub struct KeyedSlot<K: Eq + Hash + Clone> {
    key: K,
    held: Arc<Mutex<HashMap<K, usize>>>,
}

impl<K: Eq + Hash + Clone> KeyedSlots<K> {
    /// A place for `key`, or `None` while it holds `cap` already (at least one is allowed).
    pub fn take(&self, key: K, cap: usize) -> Option<KeyedSlot<K>> {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let count = held.entry(key.clone()).or_insert(0);
        if *count >= cap.max(1) {
            return None;
        }
        *count += 1;
        Some(KeyedSlot { key, held: Arc::clone(&self.held) })
    }
}

impl<K: Eq + Hash + Clone> Drop for KeyedSlot<K> {
    fn drop(&mut self) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = held.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_holds_up_to_its_cap_and_gets_places_back() {
        let slots = KeyedSlots::default();
        let first = slots.take("a", 2);
        let second = slots.take("a", 2);
        assert!(first.is_some() && second.is_some());
        assert!(slots.take("a", 2).is_none(), "full");
        assert!(slots.take("b", 2).is_some(), "another key has its own");
        drop(first);
        assert!(slots.take("a", 2).is_some(), "a place given back");
        assert!(slots.take("c", 0).is_some(), "a cap of nothing still lets one in");
    }
}
