//! Sliding-window lockouts, as pure arithmetic over the times of past failures, so the rules can
//! be tested without a clock or a database.

use chrono::{DateTime, Duration, Utc};

/// "`failures` failures within `window` lock for `lock`" (counted from the failure that reached
/// the number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub failures: usize,
    pub window: Duration,
    pub lock: Duration,
}

/// Until when `rule` locks, given the times of past failures (any order), or `None` when it does
/// not lock at `now`.
pub fn locked_until(rule: Rule, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if rule.failures == 0 || failures.len() < rule.failures {
        return None;
    }
    let mut times = failures.to_vec();
    times.sort_unstable();
    times
        .windows(rule.failures)
        .filter(|run| run[run.len() - 1] - run[0] <= rule.window)
        .map(|run| run[run.len() - 1] + rule.lock)
        .max()
        .filter(|until| *until > now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("valid date") + Duration::minutes(minute)
    }

    const FIVE_IN_15: Rule = Rule { failures: 5, window: Duration::minutes(15), lock: Duration::minutes(15) };

    #[test]
    fn locks_only_when_enough_failures_fall_in_one_window() {
        let four = [at(0), at(1), at(2), at(3)];
        assert_eq!(locked_until(FIVE_IN_15, &four, at(4)), None);
        let five = [at(0), at(1), at(2), at(3), at(4)];
        assert_eq!(locked_until(FIVE_IN_15, &five, at(5)), Some(at(19)));
        assert_eq!(locked_until(FIVE_IN_15, &five, at(19)), None, "the lock ends on time");
        // Spread over more than the window: no lock.
        let spread = [at(0), at(5), at(10), at(15), at(20)];
        assert_eq!(locked_until(FIVE_IN_15, &spread, at(21)), None);
    }

    #[test]
    fn the_latest_run_decides_and_order_does_not_matter() {
        let times = [at(30), at(0), at(31), at(1), at(32), at(2), at(33), at(3), at(34), at(4)];
        assert_eq!(locked_until(FIVE_IN_15, &times, at(35)), Some(at(49)));
        let day = Rule { failures: 10, window: Duration::hours(24), lock: Duration::hours(24) };
        let ten: Vec<_> = (0..10).map(|i| at(i * 60)).collect();
        assert_eq!(locked_until(day, &ten, at(600)), Some(at(9 * 60 + 24 * 60)));
    }
}
