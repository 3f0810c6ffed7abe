//! The shared test kit (`crates/testkit`), as `support::…`.

pub use doall_testkit::*;
