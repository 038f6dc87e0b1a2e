//! What becomes of an uploaded photo: it is checked and stored (`ingest`, within the per-studio
//! `upload_slots`; a JPEG is read strictly while it arrives, `early_read` following a
//! `growing_file`), made into renditions (`renditions`) on the `render_pool` within the
//! `decode_budget`, and shown as previews to those the policy lets see them (`previews`).

pub mod decode_budget;
pub mod early_read;
mod growing_file;
pub mod ingest;
pub mod previews;
pub mod render;
pub mod render_pool;
pub mod renditions;
pub mod upload_slots;
