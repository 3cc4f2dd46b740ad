//! A value fetched in the background, with when it arrived: the screens show its age.
//! Neutral ground: screens, actions and the app all hold one, and none owns it.

use std::time::{Duration, Instant};

/// A value fetched in the background, with when it arrived, so the screen can show its age.
#[derive(Debug, Clone)]
pub enum Remote<T> {
    Loading,
    Ready { value: T, at: Instant },
}

impl<T> Remote<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Remote::Loading => None,
            Remote::Ready { value, .. } => Some(value),
        }
    }

    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Remote::Loading => None,
            Remote::Ready { value, .. } => Some(value),
        }
    }

    pub fn age(&self, now: Instant) -> Option<Duration> {
        match self {
            Remote::Loading => None,
            Remote::Ready { at, .. } => Some(now.saturating_duration_since(*at)),
        }
    }
}
