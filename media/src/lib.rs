//! The image pipeline of Proofroom.
//!
//! At upload, [`inspect`] checks an original cheaply — format from its magic bytes, size limits,
//! structural completeness, EXIF orientation, capture time and camera — without decoding pixels.
//! Then [`verify`] reads every byte of its picture data strictly (a file cut short behind an
//! appended end marker, corrupt data or missing scans are refused), before anything is stored.
//! A JPEG can have both done in one read while its bytes still arrive ([`admit_jpeg`]).
//! In the background job, [`render`] decodes it once and makes every rendition by cascading
//! downscales (Lanczos3), applying EXIF orientation and converting to sRGB once, on the largest
//! rendition, and encoding baseline 4:2:0 JPEGs that carry no metadata (so GPS is stripped).

mod arriving;
mod color;
mod decode;
mod encode;
mod error;
mod exif_info;
mod format;
mod inspect;
mod limits;
mod memory;
mod orient;
mod pixels;
mod render;
mod resize;
mod rgb;
mod sniff;
mod structure;
mod verify;

pub use arriving::{ArrivingJpeg, admit_jpeg};
pub use error::MediaError;
pub use format::SourceFormat;
pub use inspect::{Inspection, inspect};
pub use limits::Limits;
pub use render::{Rendition, render};
pub use sniff::{SNIFF_LEN, sniff};
pub use verify::verify;
