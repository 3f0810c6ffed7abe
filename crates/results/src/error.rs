//! The one error type of reading results and writing files, which the
//! report shares: every message names the file.

/// What can go wrong reading results or writing pages. Each message is one
/// line that names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be written or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A `results.json` that is missing, corrupt or from another version.
    #[error("{}: {reason}", path.display())]
    BadResults {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}
