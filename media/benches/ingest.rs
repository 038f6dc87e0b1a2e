//! Ingest benchmark: our whole pipeline (read the original, decode once, cascade the four
//! standard renditions, encode, write them) against `vipsthumbnail` called once per size, on
//! every corpus original. Both sides run as child processes on one thread, alternately, for
//! several rounds; the median wall time per file and side is reported. What is timed is also
//! checked: output sizes equal `fit_dims`, the orientation is upright, and our 1920 rendition is
//! structurally similar (SSIM ≥ 0.97) to vips's.
//!
//! Run: `cargo bench -p media --bench ingest` (env `BENCH_ROUNDS`, default 5).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use domain::rendition::{Fit, RenditionSize, fit_dims};

/// Set in the environment of the child process that runs our pipeline on one file.
const CHILD_ENV: &str = "INGEST_BENCH_CHILD";
const QUALITY: u8 = 85;
const VIPSTHUMBNAIL: &str = "/usr/bin/vipsthumbnail";
const GNU_TIME: &str = "/usr/bin/time";
const MIN_SSIM: f64 = 0.97;

type Fails = Vec<String>;

fn main() -> ExitCode {
    if std::env::var_os(CHILD_ENV).is_some() {
        return child();
    }
    match parent() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failures) => {
            for failure in failures {
                eprintln!("CHECK FAILED: {failure}");
            }
            ExitCode::FAILURE
        }
    }
}

fn standard_edges() -> Vec<u32> {
    RenditionSize::ALL.iter().map(|size| size.long_edge()).collect()
}

/// Child mode: `ingest <original> <out-dir>` renders and writes `ours-<edge>.jpg`, then prints
/// its own pipeline time, peak RSS and thread count on one line.
fn child() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(original), Some(out_dir)) = (args.get(1), args.get(2)) else {
        eprintln!("child: expected <original> <out-dir>");
        return ExitCode::FAILURE;
    };
    let fits: Vec<Fit> = standard_edges().into_iter().map(Fit::LongEdge).collect();
    let start = Instant::now();
    let result = std::fs::read(original)
        .map_err(|e| e.to_string())
        .and_then(|bytes| media::render(&bytes, &fits, QUALITY, &media::Limits::default()).map_err(|e| e.to_string()))
        .and_then(|renditions| {
            for r in &renditions {
                let Fit::LongEdge(edge) = r.fit else { continue };
                let path = Path::new(out_dir).join(format!("ours-{edge}.jpg"));
                std::fs::write(path, &r.jpeg).map_err(|e| e.to_string())?;
            }
            Ok(())
        });
    let elapsed = start.elapsed();
    if let Err(e) = result {
        eprintln!("child: {original}: {e}");
        return ExitCode::FAILURE;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    println!("pipeline_ns={} vmhwm_kb={} threads={}", elapsed.as_nanos(), field("VmHWM:"), field("Threads:"));
    ExitCode::SUCCESS
}

/// One measured run of one side on one file.
struct Run {
    wall: Duration,
    peak_kb: u64,
}

/// Medians and checks for one file.
struct Row {
    name: String,
    megapixels: f64,
    ours: Duration,
    ours_pipeline: Duration,
    vips: Duration,
    ours_peak_kb: u64,
    vips_peak_kb: u64,
    threads: u64,
    ssim: f64,
    dims: (u32, u32),
    tagged: bool,
    inspect: Duration,
    verify: Duration,
}

fn parent() -> Result<(), Fails> {
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("../shared/corpus/originals");
    let mut originals: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .map_err(|e| vec![format!("{}: {e}", corpus.display())])?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "jpg" | "png" | "tif")))
        .collect();
    originals.sort();
    if !Path::new(VIPSTHUMBNAIL).exists() {
        return Err(vec![format!("{VIPSTHUMBNAIL} is not installed (apt install libvips-tools)")]);
    }
    let exe = std::env::current_exe().map_err(|e| vec![e.to_string()])?;
    let work = std::env::temp_dir().join(format!("ingest-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| vec![e.to_string()])?;

    let load_start = loadavg();
    let vips_version = Command::new(VIPSTHUMBNAIL)
        .arg("--vips-version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    eprintln!("ingest bench: {} originals, {rounds} rounds, load {load_start}", originals.len());

    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for original in &originals {
        let name = original.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
        let dir = work.join(&name);
        std::fs::create_dir_all(&dir).map_err(|e| vec![e.to_string()])?;
        // One untimed run of each side warms the page cache and the binaries.
        run_ours(&exe, original, &dir).map_err(|e| vec![format!("{name}: {e}")])?;
        let tagged = has_icc_profile(original);
        run_vips(original, &dir, tagged).map_err(|e| vec![format!("{name}: {e}")])?;
        let (mut ours, mut pipeline, mut vips) = (Vec::new(), Vec::new(), Vec::new());
        let (mut inspect_times, mut verify_times) = (Vec::new(), Vec::new());
        let (mut ours_peak, mut vips_peak, mut threads) = (0, 0, 0);
        for round in 0..rounds {
            // Alternate which side goes first so drift in machine load hits both equally.
            let mut measure_ours = || -> Result<(), String> {
                let (run, pipeline_time, child_threads) = run_ours(&exe, original, &dir)?;
                ours_peak = ours_peak.max(run.peak_kb);
                threads = threads.max(child_threads);
                ours.push(run.wall);
                pipeline.push(pipeline_time);
                Ok(())
            };
            if round % 2 == 0 {
                measure_ours().map_err(|e| vec![format!("{name}: {e}")])?;
            }
            let run = run_vips(original, &dir, tagged).map_err(|e| vec![format!("{name}: {e}")])?;
            vips_peak = vips_peak.max(run.peak_kb);
            vips.push(run.wall);
            if round % 2 == 1 {
                measure_ours().map_err(|e| vec![format!("{name}: {e}")])?;
            }
            // Upload-time inspection (structure walk + EXIF, no pixels), in process.
            let start = Instant::now();
            let inspection = inspect_path(original).map_err(|e| vec![format!("{name}: {e}")])?;
            inspect_times.push(start.elapsed());
            // Upload-time strict read (a JPEG's every code; other formats decoded), in process.
            let start = Instant::now();
            verify_path(original, &inspection).map_err(|e| vec![format!("{name}: {e}")])?;
            verify_times.push(start.elapsed());
        }
        let (ssim, dims) = check(original, &dir, &name, &mut failures);
        let inspection = inspect_path(original).map_err(|e| vec![format!("{name}: {e}")])?;
        let megapixels = f64::from(inspection.width) * f64::from(inspection.height) / 1e6;
        let row = Row {
            name,
            megapixels,
            ours: median(&mut ours),
            ours_pipeline: median(&mut pipeline),
            vips: median(&mut vips),
            ours_peak_kb: ours_peak,
            vips_peak_kb: vips_peak,
            threads,
            ssim,
            dims,
            tagged,
            inspect: median(&mut inspect_times),
            verify: median(&mut verify_times),
        };
        eprintln!(
            "  {:<28} ours {:>6.0} ms  vips {:>6.0} ms  ratio {:.2}  ssim {:.4}",
            row.name,
            ms(row.ours),
            ms(row.vips),
            ms(row.ours) / ms(row.vips),
            row.ssim
        );
        if row.threads > 1 {
            failures.push(format!("{}: our pipeline ran {} threads, expected 1", row.name, row.threads));
        }
        rows.push(row);
    }
    let load_end = loadavg();
    let _ = std::fs::remove_dir_all(&work);

    let report = report(&rows, rounds, &load_start, &load_end, &vips_version);
    print!("{report}");
    let results = root.join("bench/results");
    if let Err(e) = std::fs::create_dir_all(&results).and_then(|()| std::fs::write(results.join("ingest.md"), &report))
    {
        eprintln!("could not write bench/results/ingest.md: {e}");
    }
    if failures.is_empty() { Ok(()) } else { Err(failures) }
}

/// Runs our pipeline on `original` in a child process, writing into `dir`.
fn run_ours(exe: &Path, original: &Path, dir: &Path) -> Result<(Run, Duration, u64), String> {
    let start = Instant::now();
    let output = Command::new(exe)
        .env(CHILD_ENV, "1")
        .arg(original)
        .arg(dir)
        .output()
        .map_err(|e| format!("spawning our child: {e}"))?;
    let wall = start.elapsed();
    if !output.status.success() {
        return Err(format!("our pipeline failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let line = String::from_utf8_lossy(&output.stdout).into_owned();
    let value = |key: &str| {
        line.split_whitespace().find_map(|kv| kv.strip_prefix(key)).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0)
    };
    let pipeline = Duration::from_nanos(value("pipeline_ns="));
    Ok((Run { wall, peak_kb: value("vmhwm_kb=") }, pipeline, value("threads=")))
}

/// Runs `vipsthumbnail` once per standard size, one thread, Lanczos3 (its default kernel),
/// Q85, metadata stripped, never upscaling (`>`). Wall time is the sum of the four runs; peak
/// memory the largest of them (GNU time's maximum resident set size).
///
/// `--export-profile srgb` is passed only when the original embeds an ICC profile, as our
/// pipeline converts only then. For an untagged file vips 8.14 would otherwise run an
/// sRGB→sRGB transform through its bundled v4 sRGB profile: extra time for vips, and output
/// that drifts from the source (SSIM ≈ 0.95 against a plain re-encode).
fn run_vips(original: &Path, dir: &Path, convert_profile: bool) -> Result<Run, String> {
    let mut wall = Duration::ZERO;
    let mut peak_kb = 0;
    let time_file = dir.join("vips-time.txt");
    let timed = Path::new(GNU_TIME).exists();
    for edge in standard_edges() {
        let out = dir.join(format!("vips-{edge}.jpg"));
        let mut command = if timed {
            let mut c = Command::new(GNU_TIME);
            c.arg("-f").arg("%M").arg("-o").arg(&time_file).arg(VIPSTHUMBNAIL);
            c
        } else {
            Command::new(VIPSTHUMBNAIL)
        };
        command.env("VIPS_CONCURRENCY", "1").arg(original).arg("--size").arg(format!("{edge}x{edge}>"));
        if convert_profile {
            command.arg("--export-profile").arg("srgb");
        }
        command.arg("-o").arg(format!("{}[Q={QUALITY},strip]", out.display()));
        let start = Instant::now();
        let output = command.output().map_err(|e| format!("spawning vipsthumbnail: {e}"))?;
        wall += start.elapsed();
        if !output.status.success() {
            return Err(format!("vipsthumbnail failed: {}", String::from_utf8_lossy(&output.stderr)));
        }
        if timed {
            let text = std::fs::read_to_string(&time_file).unwrap_or_default();
            let kb = text.lines().last().and_then(|l| l.trim().parse::<u64>().ok()).unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
    }
    Ok(Run { wall, peak_kb })
}

/// Whether the original embeds an ICC profile (read with the `image` crate, outside timing).
fn has_icc_profile(original: &Path) -> bool {
    use image::ImageDecoder;
    image::ImageReader::open(original)
        .ok()
        .and_then(|r| r.with_guessed_format().ok())
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.icc_profile().ok().flatten())
        .is_some()
}

fn inspect_path(original: &Path) -> Result<media::Inspection, String> {
    let file = std::fs::File::open(original).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    media::inspect(file, len, &media::Limits::default()).map_err(|e| e.to_string())
}

fn verify_path(original: &Path, inspection: &media::Inspection) -> Result<(), String> {
    let file = std::io::BufReader::new(std::fs::File::open(original).map_err(|e| e.to_string())?);
    let len = std::fs::metadata(original).map_err(|e| e.to_string())?.len();
    media::verify(file, len, inspection).map_err(|e| e.to_string())
}

/// Verifies the last outputs of both sides; returns SSIM(ours 1920, vips 1920) and our 1920 size.
fn check(original: &Path, dir: &Path, name: &str, failures: &mut Fails) -> (f64, (u32, u32)) {
    let inspection = match inspect_path(original) {
        Ok(i) => i,
        Err(e) => {
            failures.push(format!("{name}: inspect: {e}"));
            return (0.0, (0, 0));
        }
    };
    let (uw, uh) = inspection.upright_dims();
    let mut hd = None;
    for edge in standard_edges() {
        let expected = fit_dims(uw, uh, Fit::LongEdge(edge));
        let ours = match load(&dir.join(format!("ours-{edge}.jpg"))) {
            Ok(image) => image,
            Err(e) => {
                failures.push(format!("{name} {edge}: {e}"));
                continue;
            }
        };
        if ours.dimensions() != expected {
            failures.push(format!("{name} {edge}: ours is {:?}, fit_dims says {expected:?}", ours.dimensions()));
        }
        // Upright: the rendition has the upright original's shape (landscape stays landscape).
        if (ours.width() >= ours.height()) != (uw >= uh) {
            failures.push(format!("{name} {edge}: rendition is not upright"));
        }
        if edge == 1920 {
            hd = Some(ours);
        }
    }
    let Some(ours) = hd else { return (0.0, (0, 0)) };
    let vips = match load(&dir.join("vips-1920.jpg")) {
        Ok(image) => image,
        Err(e) => {
            failures.push(format!("{name}: vips 1920: {e}"));
            return (0.0, ours.dimensions());
        }
    };
    let score = ssim(&ours, &vips);
    if score < MIN_SSIM {
        failures.push(format!("{name}: SSIM(ours 1920, vips 1920) = {score:.4} < {MIN_SSIM}"));
    }
    (score, ours.dimensions())
}

fn load(path: &Path) -> Result<image::RgbImage, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
        .map(|i| i.to_rgb8())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Mean SSIM of the luma of `a` and `b` over 8×8 windows with a stride of 4 (on the common
/// area, should the sizes differ by a rounding pixel).
fn ssim(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    const WINDOW: u32 = 8;
    const STRIDE: u32 = 4;
    let c1 = (0.01f64 * 255.0).powi(2);
    let c2 = (0.03f64 * 255.0).powi(2);
    let (width, height) = (a.width().min(b.width()), a.height().min(b.height()));
    let luma = |image: &image::RgbImage, x: u32, y: u32| {
        let p = image.get_pixel(x, y);
        0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
    };
    let (mut total, mut windows) = (0.0, 0u64);
    let mut y = 0;
    while y + WINDOW <= height {
        let mut x = 0;
        while x + WINDOW <= width {
            let (mut sa, mut sb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for dy in 0..WINDOW {
                for dx in 0..WINDOW {
                    let (va, vb) = (luma(a, x + dx, y + dy), luma(b, x + dx, y + dy));
                    sa += va;
                    sb += vb;
                    saa += va * va;
                    sbb += vb * vb;
                    sab += va * vb;
                }
            }
            let n = f64::from(WINDOW * WINDOW);
            let (ma, mb) = (sa / n, sb / n);
            let (va, vb, cov) = (saa / n - ma * ma, sbb / n - mb * mb, sab / n - ma * mb);
            total += ((2.0 * ma * mb + c1) * (2.0 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            windows += 1;
            x += STRIDE;
        }
        y += STRIDE;
    }
    if windows == 0 { 0.0 } else { total / windows as f64 }
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    let n = values.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn report(rows: &[Row], rounds: usize, load_start: &str, load_end: &str, vips_version: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Ingest benchmark\n");
    let _ = writeln!(
        out,
        "Four renditions per original (3840, 1920, 960, 480 px long edge, JPEG q{QUALITY}). \
         Ours: one child process running `media::render` (read, decode once, cascade, encode, \
         write). vips: `vipsthumbnail` ({vips_version}, VIPS_CONCURRENCY=1, Lanczos3) run once \
         per size (`--export-profile srgb` only for originals with an ICC profile). Median wall \
         time of {rounds} alternating rounds, one thread each side; both sides measured as \
         child processes, so process start-up counts on both. Peak memory: our child's VmHWM, \
         the largest vips run's maximum RSS.\n"
    );
    let _ = writeln!(out, "Machine load (1/5/15 min): start {load_start}, end {load_end}; {} cores.\n", cores());
    let _ = writeln!(
        out,
        "| original | MP | ICC | ours ms | (pipeline ms) | vips ms | ours/vips | ours MP/s/core | ours peak MB | vips peak MB | 1920 px | SSIM vs vips | inspect ms | verify ms |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    let mut ratios = Vec::new();
    for row in rows {
        let ratio = ms(row.ours) / ms(row.vips);
        ratios.push(ratio);
        let _ = writeln!(
            out,
            "| {} | {:.1} | {} | {:.0} | {:.0} | {:.0} | {:.2} | {:.1} | {:.0} | {:.0} | {}×{} | {:.4} | {:.1} | {:.1} |",
            row.name,
            row.megapixels,
            if row.tagged { "yes" } else { "–" },
            ms(row.ours),
            ms(row.ours_pipeline),
            ms(row.vips),
            ratio,
            row.megapixels / row.ours.as_secs_f64(),
            row.ours_peak_kb as f64 / 1024.0,
            row.vips_peak_kb as f64 / 1024.0,
            row.dims.0,
            row.dims.1,
            row.ssim,
            ms(row.inspect),
            ms(row.verify)
        );
    }
    let total_ours: f64 = rows.iter().map(|r| ms(r.ours)).sum();
    let total_vips: f64 = rows.iter().map(|r| ms(r.vips)).sum();
    let _ = writeln!(
        out,
        "\nTotal: ours {total_ours:.0} ms, vips {total_vips:.0} ms (total-time ratio {:.2}).\n",
        total_ours / total_vips
    );
    // The summary is the median of the per-file ratios, so one unusual file cannot dominate.
    ratios.sort_by(f64::total_cmp);
    let summary = match ratios.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => ratios[n / 2],
        n => (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0,
    };
    let _ = writeln!(out, "ingest: ours/vips = {summary:.2}");
    // The largest frame's peak memory: what the decode budget must hold for a 45 MP photo.
    if let Some(row) = rows.iter().find(|r| r.name.contains("45mp")) {
        let _ = writeln!(out, "ingest_peak_rss_45mp: {:.0} MB", row.ours_peak_kb as f64 / 1024.0);
    }
    out
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}
