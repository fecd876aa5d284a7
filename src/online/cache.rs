//! The online results of links, kept for a while across runs of one process (`onboard
//! serve`): many clerks checking the same form within minutes cost its server one request,
//! and no client can make the server fetch one URL again and again.
//!
//! Every entry lives equally long, so the oldest is always the first to expire: one queue
//! in the order of insertion is both the expiry order and the eviction order.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::checks::links::LinkReport;
use crate::limits::{LINK_CACHE_ENTRIES, LINK_CACHE_TTL};

/// Link reports by URL, each for [`LINK_CACHE_TTL`], at most [`LINK_CACHE_ENTRIES`].
#[derive(Debug)]
pub struct LinkCache {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_url: HashMap<String, (Instant, LinkReport)>,
    /// URLs in the order they were stored, with the time (a URL stored again is in the
    /// queue twice: only the entry whose time matches counts).
    order: VecDeque<(Instant, String)>,
}

impl Default for LinkCache {
    fn default() -> LinkCache {
        LinkCache::new(LINK_CACHE_TTL, LINK_CACHE_ENTRIES)
    }
}

impl LinkCache {
    /// A cache whose reports live `ttl`, at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> LinkCache {
        LinkCache {
            ttl,
            capacity,
            entries: Mutex::default(),
        }
    }

    /// The report stored for `url`, unless it has expired.
    pub fn get(&self, url: &str) -> Option<LinkReport> {
        let mut entries = self.lock();
        entries.expire(Instant::now(), self.ttl);
        entries.by_url.get(url).map(|(_, report)| report.clone())
    }

    /// Stores `report` under its URL, evicting the oldest entries past the capacity.
    pub fn put(&self, report: LinkReport) {
        let now = Instant::now();
        let mut entries = self.lock();
        entries.expire(now, self.ttl);
        entries.order.push_back((now, report.url.clone()));
        entries.by_url.insert(report.url.clone(), (now, report));
        while entries.by_url.len() > self.capacity {
            entries.pop_oldest();
        }
        // The same URLs stored again and again leave stale places in the queue: drop them
        // once they are as many as the entries (so this costs O(1) per store on average).
        if entries.order.len() > 2 * entries.by_url.len().max(1) {
            entries.compact();
        }
    }

    /// How many reports are stored (expired ones included until the next use).
    pub fn len(&self) -> usize {
        self.lock().by_url.len()
    }

    /// Whether no report is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves whole entries: the data stays usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Entries {
    fn expire(&mut self, now: Instant, ttl: Duration) {
        while let Some((stored, _)) = self.order.front() {
            if now.duration_since(*stored) < ttl {
                break;
            }
            self.pop_oldest();
        }
    }

    /// Keeps only the places in the queue of entries still stored.
    fn compact(&mut self) {
        let by_url = &self.by_url;
        self.order
            .retain(|(stored, url)| by_url.get(url).is_some_and(|(at, _)| at == stored));
    }

    fn pop_oldest(&mut self) {
        if let Some((stored, url)) = self.order.pop_front()
            && self.by_url.get(&url).is_some_and(|(at, _)| *at == stored)
        {
            self.by_url.remove(&url);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::links::Verdict;

    fn report(url: &str) -> LinkReport {
        LinkReport {
            url: url.to_owned(),
            final_url: None,
            verdict: Verdict::Blocked {
                host: "localhost".into(),
                address: "127.0.0.1".into(),
            },
        }
    }

    #[test]
    fn a_report_is_kept_until_it_expires() {
        let cache = LinkCache::new(Duration::from_millis(200), 10);
        cache.put(report("https://a.example/"));
        assert_eq!(
            cache.get("https://a.example/"),
            Some(report("https://a.example/"))
        );
        assert_eq!(cache.get("https://b.example/"), None);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cache.get("https://a.example/"), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn past_the_capacity_the_oldest_goes_first() {
        let cache = LinkCache::new(Duration::from_secs(60), 2);
        for url in [
            "https://a.example/",
            "https://b.example/",
            "https://c.example/",
        ] {
            cache.put(report(url));
        }
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("https://a.example/"), None);
        assert!(cache.get("https://c.example/").is_some());
        // Stored again, a URL is new: the other one is now the oldest.
        cache.put(report("https://b.example/"));
        cache.put(report("https://d.example/"));
        assert!(cache.get("https://b.example/").is_some());
        assert_eq!(cache.get("https://c.example/"), None);
        for _ in 0..100 {
            cache.put(report("https://b.example/"));
        }
        assert!(cache.get("https://d.example/").is_some());
        assert_eq!(cache.len(), 2);
        assert!(cache.lock().order.len() <= 4);
    }
}
