//! The one place that writes files: atomically, so that a crash or a Ctrl-C
//! never leaves a half-written report behind.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use crate::Error;

/// Writes `contents` to `path` atomically: into a temporary file in the same
/// directory, flushed to disk, then renamed over `path`. A reader sees the
/// old file or the new one, never a mix; on failure the old file is intact
/// and the temporary file is removed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, contents, |temp, dest| fs::rename(temp, dest))
}

/// [`write_atomic`] with the final rename injected, so tests can make it fail.
pub(crate) fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    rename: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io_error = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(io_error)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().expect("scratch dir");
        let path = dir.path().join("a/b/out.txt");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(fs::read(&path).expect("readable"), b"two");
        assert_eq!(
            fs::read_dir(path.parent().expect("parent"))
                .expect("dir")
                .count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn a_failed_rename_keeps_the_old_file_and_removes_the_temporary() {
        let dir = tempfile::tempdir().expect("scratch dir");
        let path = dir.path().join("index.html");
        write_atomic(&path, b"old report").expect("first write");
        let err = write_atomic_with(&path, b"new report", |_, _| {
            Err(std::io::Error::other("interrupted"))
        })
        .expect_err("rename fails");
        assert!(err.to_string().contains("index.html"), "{err}");
        assert_eq!(fs::read(&path).expect("readable"), b"old report");
        assert_eq!(
            fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "temporary removed"
        );
    }
}
