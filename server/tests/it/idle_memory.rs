//! Memory after a burst of renders: the corpus's large photos rendered one after another must
//! leave the process's resident memory (VmRSS, read from /proc/self/status in a child process of
//! its own, started with the allocator tuning `server` runs with) close to where it was.

use crate::support::{TestApp, databases};

const CHILD: &str = "PROOFROOM_IDLE_MEMORY_CHILD";
/// What may stay resident after the burst (it was about 280 MB with glibc's default tuning).
const KEPT: u64 = 64_000_000;

#[tokio::test]
async fn resident_memory_comes_back_after_a_burst_of_renders() {
    if std::env::var_os(CHILD).is_some() {
        for db in databases() {
            measured_run(db).await;
        }
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "idle_memory::resident_memory_comes_back_after_a_burst_of_renders",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD, "1")
        // As `server` runs itself (`server::allocator`): glibc reads this only at start.
        .env("GLIBC_TUNABLES", server::allocator::GLIBC_TUNABLES)
        .output()
        .expect("run the measured child");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the measured run failed:\n{log}");
    assert!(log.contains("1 passed"), "the measured run did not run:\n{log}");
}

fn resident() -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    text.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .expect("VmRSS")
        * 1024
}

async fn measured_run(db: crate::support::Db) {
    let app = TestApp::start_configured(db, false, |config| config.render_workers = 2).await;
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Burst", "").await;
    let before = resident();
    for round in 0..2 {
        for file in [
            "originals/kleiber-45mp-grain.jpg",
            "originals/boats-24mp-grain.jpg",
            "originals/kleiber-20mp.jpg",
            "originals/kleiber-20mp-p3.jpg",
            "originals/elephants-18mp-prog.jpg",
            "originals/kleiber-3014px-16bit.tif",
        ] {
            // Distinct bytes each round: a trailing byte after the end marker is ignored by decoders.
            let mut bytes = std::fs::read(crate::support::corpus(file)).expect("corpus");
            bytes.push(round);
            let name = format!("{round}-{}", file.rsplit('/').next().unwrap_or(file));
            let response = app.upload_bytes(&gallery, &name, bytes).await;
            assert_eq!(response.status(), reqwest::StatusCode::CREATED, "{name}");
            let (a, b) = futures::future::join(app.run_jobs(), app.run_jobs()).await;
            assert_eq!(a + b, 1);
        }
    }
    let after = resident();
    eprintln!("{db:?}: resident {} MB before the burst, {} MB after", before / 1_000_000, after / 1_000_000);
    assert!(
        after <= before + KEPT,
        "{db:?}: {} MB stayed resident after the renders ({} MB before)",
        after / 1_000_000,
        before / 1_000_000
    );
}
