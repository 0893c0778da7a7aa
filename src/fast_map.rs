//! The map of the hot lookups (boxes merged by the checker, the values a condition names):
//! first-seen order as everywhere (`IndexMap`), with a fast hasher seeded per process
//! (foldhash, hashbrown's own) instead of SipHash. The order never depends on the hasher,
//! so nothing of it reaches output; the seed keeps an input from choosing collisions.

pub type FastMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;
