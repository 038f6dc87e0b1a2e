//! Watermark benchmark: the work of the watermark job for one photo (its three preview sizes —
//! 1600, 960 and 480 px — decoded, marked and encoded again) against the plain rendition job for
//! the same photo (the original decoded once and the five standard renditions cascaded from it),
//! on six corpus photos, `BENCH_ROUNDS` times (default 5) after one warm-up; medians per photo.
//! Both run on one thread, as the render pool runs them. Marks: the studio name centred, and
//! words tiled across the photo (the heaviest).
//!
//! Run: `cargo bench -p backend --bench watermark`. Ends with the summary lines
//! `watermark_render_per_image: <ms> ms`, `watermark_centred_per_image: <ms> ms`,
//! `watermark_tiled_per_image: <ms> ms` and `watermark: tiled/render = <ratio>`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use backend::store::watermark_burn::{MarkSource, burn};
use domain::rendition::{Fit, RenditionSize};
use domain::store::{WatermarkMark, WatermarkPosition, WatermarkSettings};

const QUALITY: u8 = 85;
const PHOTOS: [&str; 6] =
    ["demo/aqua.jpg", "demo/dune.jpg", "demo/garden.jpg", "demo/ladybird.jpg", "demo/storm.jpg", "demo/wood.jpg"];
const MARKED: [RenditionSize; 3] = [RenditionSize::Screen, RenditionSize::Grid960, RenditionSize::Grid480];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("watermark bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn run() -> Result<(), String> {
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|value| value.parse().ok()).unwrap_or(5).max(1);
    let fits: Vec<Fit> = RenditionSize::ALL.iter().map(|s| Fit::LongEdge(s.long_edge())).collect();
    let centred = WatermarkSettings::default();
    let tiled = WatermarkSettings {
        mark: WatermarkMark::Text("© Meadow Light · proof".to_owned()),
        position: WatermarkPosition::Tiled,
        size_percent: 30,
        opacity_percent: 50,
    };
    let (mut render_ms, mut centred_ms, mut tiled_ms) = (Vec::new(), Vec::new(), Vec::new());
    for photo in PHOTOS {
        let path = format!("{}/../../shared/corpus/{photo}", env!("CARGO_MANIFEST_DIR"));
        let original = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        let time_render = || -> Result<(Duration, Vec<media::Rendition>), String> {
            let started = Instant::now();
            let made = media::render(&original, &fits, QUALITY, &media::Limits::default())
                .map_err(|e| format!("{photo}: {e}"))?;
            Ok((started.elapsed(), made))
        };
        let (_, renditions) = time_render()?;
        let previews: Vec<Vec<u8>> = MARKED
            .iter()
            .map(|size| {
                let index = RenditionSize::ALL.iter().position(|s| s == size).unwrap_or_default();
                renditions[index].jpeg.clone()
            })
            .collect();
        let time_marks = |settings: &WatermarkSettings| -> Result<Duration, String> {
            let started = Instant::now();
            for preview in &previews {
                let marked = burn(preview, MarkSource::Words("Meadow Light Studio"), settings, QUALITY)
                    .map_err(|e| e.to_string())?;
                if marked.len() < 1000 {
                    return Err(format!("{photo}: implausible marked preview of {} bytes", marked.len()));
                }
            }
            Ok(started.elapsed())
        };
        time_marks(&tiled)?;
        let mut rounds_render = Vec::new();
        let mut rounds_centred = Vec::new();
        let mut rounds_tiled = Vec::new();
        for _ in 0..rounds {
            rounds_render.push(time_render()?.0);
            rounds_centred.push(time_marks(&centred)?);
            rounds_tiled.push(time_marks(&tiled)?);
        }
        let (r, c, t) = (median(rounds_render), median(rounds_centred), median(rounds_tiled));
        println!(
            "{photo:<20} render {:>7.1} ms   watermark centred {:>6.1} ms   tiled {:>6.1} ms",
            r.as_secs_f64() * 1e3,
            c.as_secs_f64() * 1e3,
            t.as_secs_f64() * 1e3
        );
        render_ms.push(r);
        centred_ms.push(c);
        tiled_ms.push(t);
    }
    let mean = |times: &[Duration]| times.iter().map(Duration::as_secs_f64).sum::<f64>() / times.len() as f64 * 1e3;
    let (r, c, t) = (mean(&render_ms), mean(&centred_ms), mean(&tiled_ms));
    println!("watermark_render_per_image: {r:.1} ms");
    println!("watermark_centred_per_image: {c:.1} ms");
    println!("watermark_tiled_per_image: {t:.1} ms");
    println!("watermark: tiled/render = {:.2}", t / r);
    Ok(())
}
