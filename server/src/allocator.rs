//! Tuning glibc's allocator so memory freed after renders goes back to the system. glibc raises
//! its mmap threshold each time a large block is freed (up to 32 MB): from then on the render
//! buffers come from per-thread arenas and stay resident after they are freed (after twelve large
//! renders about 280 MB stayed). A fixed threshold of 1 MB keeps every large buffer in its own
//! mapping, returned to the system when freed (the same burst then leaves about 7 MB).
//!
//! glibc reads `GLIBC_TUNABLES` only when a process starts, so the server restarts itself once,
//! at the very beginning, with it set (an operator's own setting of the threshold is kept).

/// The tunable the server runs with.
pub const GLIBC_TUNABLES: &str = "glibc.malloc.mmap_threshold=1048576";

/// Re-executes this program with `GLIBC_TUNABLES` set, unless it already sets the mmap
/// threshold. Returns only when nothing had to be done or the restart failed (then the server runs
/// with glibc's defaults, and says so). Call first thing in `main`, before any thread starts.
pub fn ensure_tuned() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        let current = std::env::var("GLIBC_TUNABLES").unwrap_or_default();
        if current.contains("glibc.malloc.mmap_threshold") {
            return;
        }
        let Ok(exe) = std::env::current_exe() else { return };
        let value = if current.is_empty() { GLIBC_TUNABLES.to_owned() } else { format!("{current}:{GLIBC_TUNABLES}") };
        let error =
            std::process::Command::new(exe).args(std::env::args_os().skip(1)).env("GLIBC_TUNABLES", value).exec();
        eprintln!("Could not restart with GLIBC_TUNABLES={GLIBC_TUNABLES} ({error}); running with glibc's defaults.");
    }
}
