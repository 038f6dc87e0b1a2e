//! Rendering an original into fitted JPEGs, as image work (`Ctx::cpu`) with the configured
//! limits and quality: what renditions, custom download sizes and the studio logo all call.

use crate::cpu::Work;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use domain::rendition::Fit;

/// Renders `original` into `fits` (largest first is fastest: each is made from the one before).
/// The outer error is ours (no render thread); the inner one says what is wrong with the file.
pub async fn render(
    ctx: &Ctx,
    original: impl AsRef<[u8]> + Send + 'static,
    fits: Vec<Fit>,
    quality: u8,
) -> ServiceResult<Result<Vec<media::Rendition>, media::MediaError>> {
    // The configured limits are for what arrives; a file already stored (a smaller limit set
    // since) is rendered within the pipeline's own.
    let limits = media::Limits { max_bytes: original.as_ref().len() as u64, ..media::Limits::default() };
    let memory = render_memory(original.as_ref(), &fits, &limits);
    ctx.cpu(Work::Image { memory }, move || media::render(original.as_ref(), &fits, quality, &limits)).await
}

/// What rendering `original` into `fits` will take from the decode budget (its header read
/// again: cheap, and right for files stored before the estimate existed). An unreadable header
/// says nothing of what the decode takes, so it takes the whole budget (it runs alone); the
/// render itself then usually fails with the reason.
pub fn render_memory(original: &[u8], fits: &[Fit], limits: &media::Limits) -> u64 {
    let inspected = media::inspect(std::io::Cursor::new(original), original.len() as u64, limits);
    let largest = fits.iter().copied().max_by_key(|fit| match *fit {
        Fit::LongEdge(edge) => u64::from(edge) * u64::from(edge),
        Fit::Box { width, height } => u64::from(width) * u64::from(height),
    });
    match (inspected, largest) {
        (Ok(inspection), Some(largest)) => inspection.render_memory(original.len() as u64, largest),
        (Err(_), Some(_)) => u64::MAX,
        (_, None) => 0,
    }
}
