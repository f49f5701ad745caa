//! How many live tails may be open: `journal.max_streams` in the process and
//! `journal.max_streams_per_tenant` in one tenant. A tail holds a [`StreamSlot`] for as long as its
//! response lives; dropping the response (the client went, or the server shuts down) frees it.
//!
//! Which answer past a limit: the tenant's own limit is a 429 (that tenant holds too many; closing
//! one of its tails lets the next in), the process's a 503 (the instance is full for everyone,
//! whatever the tenant asking).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StreamRefused {
    #[error("the tenant already has {0} open journal streams (journal.max_streams_per_tenant); close one first")]
    TenantFull(usize),
    #[error("the emulator already has {0} open journal streams (journal.max_streams); try again when one closes")]
    ProcessFull(usize),
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    by_tenant: HashMap<Arc<str>, usize>,
}

#[derive(Debug)]
pub struct StreamSlots {
    max_total: usize,
    max_per_tenant: usize,
    open: Arc<Mutex<Open>>,
}

impl StreamSlots {
    pub fn new(max_total: usize, max_per_tenant: usize) -> StreamSlots {
        StreamSlots {
            max_total,
            max_per_tenant,
            open: Arc::default(),
        }
    }

    /// A slot for one more tail of `tenant`, or why there is none.
    pub fn take(&self, tenant: &str) -> Result<StreamSlot, StreamRefused> {
        let mut open = self
            .open
            .lock()
            .map_err(|_| StreamRefused::ProcessFull(self.max_total))?;
        let of_tenant = open.by_tenant.get(tenant).copied().unwrap_or(0);
        if of_tenant >= self.max_per_tenant {
            return Err(StreamRefused::TenantFull(self.max_per_tenant));
        }
        if open.total >= self.max_total {
            return Err(StreamRefused::ProcessFull(self.max_total));
        }
        let tenant: Arc<str> = Arc::from(tenant);
        open.total += 1;
        *open.by_tenant.entry(Arc::clone(&tenant)).or_default() += 1;
        Ok(StreamSlot {
            tenant,
            open: Arc::clone(&self.open),
        })
    }

    /// Tails open now, in the process (what the tests count).
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.open.lock().map_or(0, |open| open.total)
    }
}

/// One open tail; its drop frees the slot.
#[derive(Debug)]
pub struct StreamSlot {
    tenant: Arc<str>,
    open: Arc<Mutex<Open>>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let Ok(mut open) = self.open.lock() else { return };
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.by_tenant.get_mut(&self.tenant) {
            *count -= 1;
            if *count == 0 {
                // Only tenants with an open tail are remembered.
                open.by_tenant.remove(&self.tenant);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_tail_past_a_limit_is_refused_until_one_closes() {
        let slots = StreamSlots::new(3, 2);
        let a1 = slots.take("a").unwrap();
        let _a2 = slots.take("a").unwrap();
        assert_eq!(slots.take("a").unwrap_err(), StreamRefused::TenantFull(2));
        let _b1 = slots.take("b").unwrap();
        assert_eq!(slots.take("c").unwrap_err(), StreamRefused::ProcessFull(3));
        drop(a1);
        assert_eq!(slots.open(), 2);
        let _c1 = slots.take("c").unwrap();
        assert_eq!(slots.take("a").unwrap_err(), StreamRefused::ProcessFull(3));
    }

    #[test]
    fn closed_tails_leave_no_tenant_behind() {
        let slots = StreamSlots::new(10, 10);
        for n in 0..100 {
            drop(slots.take(&format!("t{n}")).unwrap());
        }
        assert_eq!(slots.open(), 0);
        assert!(slots.open.lock().unwrap().by_tenant.is_empty());
    }
}
