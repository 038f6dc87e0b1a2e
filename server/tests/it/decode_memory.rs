//! The decode memory budget, measured: six zero-filled 30-megapixel PNGs (90 MB of pixels each,
//! a few hundred kB of file) uploaded at once and rendered by two workers must not take more than
//! the budget (plus slack) above the process's resident memory before them. Read from
//! /proc/self/status (VmHWM, reset through /proc/self/clear_refs) in a child process of its own,
//! so other tests' decodes do not count.

use crate::support::{TestApp, databases};
use reqwest::StatusCode;

const CHILD: &str = "PROOFROOM_DECODE_MEMORY_CHILD";
const BUDGET: u64 = 256_000_000;
/// The allocator's and the runtime's own share on top of the budget.
const SLACK: u64 = 64_000_000;

#[tokio::test]
async fn big_images_uploaded_at_once_stay_within_the_decode_budget() {
    if std::env::var_os(CHILD).is_some() {
        for db in databases() {
            measured_run(db).await;
        }
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "decode_memory::big_images_uploaded_at_once_stay_within_the_decode_budget",
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

/// A kB figure of /proc/self/status, in bytes.
fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse::<u64>().ok())
        .expect("field")
        * 1024
}

async fn measured_run(db: crate::support::Db) {
    let app = TestApp::start_configured(db, false, |config| {
        config.decode_memory = BUDGET;
        config.render_workers = 2;
    })
    .await;
    app.sign_up("anna@example.com").await;
    let gallery = app.create_gallery("Flat", "").await;
    let bombs: Vec<Vec<u8>> = (0..6u8)
        .map(|n| {
            let mut flat = image::RgbImage::new(6000, 5000);
            flat.put_pixel(u32::from(n), 0, image::Rgb([n, n, n]));
            let mut png = std::io::Cursor::new(Vec::new());
            flat.write_to(&mut png, image::ImageFormat::Png).expect("encode");
            png.into_inner()
        })
        .collect();
    // Start counting from here.
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak (VmHWM)");
    let before = status("VmRSS:");

    let names: Vec<String> = (0..bombs.len()).map(|n| format!("flat-{n}.png")).collect();
    let uploads = bombs.into_iter().zip(&names).map(|(bytes, name)| app.upload_bytes(&gallery, name, bytes));
    for response in futures::future::join_all(uploads).await {
        let status = response.status();
        assert_eq!(status, StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    }
    eprintln!("after uploads: peak {} MB, rss {} MB", status("VmHWM:") / 1_000_000, status("VmRSS:") / 1_000_000);
    let (a, b) = futures::future::join(app.run_jobs(), app.run_jobs()).await;
    assert_eq!(a + b, 6);
    let peak = status("VmHWM:");
    let above = peak.saturating_sub(before);
    eprintln!(
        "{db:?}: peak {} MB above {} MB before (budget {} MB)",
        above / 1_000_000,
        before / 1_000_000,
        BUDGET / 1_000_000
    );
    assert!(
        above <= BUDGET + SLACK,
        "{db:?}: decoding took {} MB above the {} MB before, budget {} MB",
        above / 1_000_000,
        before / 1_000_000,
        BUDGET / 1_000_000
    );
    let view = app.editor(&gallery).await;
    assert!(view["images"].as_array().expect("images").iter().all(|i| i["card"]["status"] == "Ready"), "{view}");
}
