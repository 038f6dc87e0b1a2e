//! Moving one item within an ordered list (sets, images).

/// Moves `item` by `offset` places, clamped to the list; returns false when nothing moved.
pub fn shift<T: PartialEq>(order: &mut Vec<T>, item: T, offset: i32) -> bool {
    let Some(from) = order.iter().position(|x| *x == item) else { return false };
    let last = order.len().saturating_sub(1) as i64;
    let to = (from as i64 + i64::from(offset)).clamp(0, last) as usize;
    if to == from {
        return false;
    }
    let moved = order.remove(from);
    order.insert(to, moved);
    true
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn shifts_and_clamps() {
        let mut v = vec![1, 2, 3, 4];
        assert!(shift(&mut v, 3, -1));
        assert_eq!(v, [1, 3, 2, 4]);
        assert!(shift(&mut v, 1, 10));
        assert_eq!(v, [3, 2, 4, 1]);
        assert!(!shift(&mut v, 3, -1));
        assert!(!shift(&mut v, 9, 1));
    }
}
