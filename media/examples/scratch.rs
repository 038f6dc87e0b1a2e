use std::time::Instant;
use domain::rendition::Fit;
use zune_jpeg::zune_core::{bytestream::ZCursor, options::DecoderOptions, colorspace::ColorSpace};
use fast_image_resize::{images::{Image, ImageRef}, PixelType, Resizer, ResizeOptions, ResizeAlg, FilterType};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).unwrap();
    for _ in 0..3 {
    let t = Instant::now();
    let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(&bytes), DecoderOptions::default().set_max_width(65535).set_max_height(65535).jpeg_set_out_colorspace(ColorSpace::RGB));
    let px = d.decode().unwrap();
    let (w, h) = d.dimensions().unwrap();
    let t_dec = t.elapsed();
    let t = Instant::now();
    let src = ImageRef::new(w as u32, h as u32, &px, PixelType::U8x3).unwrap();
    let (tw, th) = domain::rendition::fit_dims(w as u32, h as u32, Fit::LongEdge(3840));
    let mut dst = Image::new(tw, th, PixelType::U8x3);
    let mut r = Resizer::new();
    r.resize(&src, &mut dst, &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))).unwrap();
    let t_res = t.elapsed();
    let t = Instant::now();
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 85);
    e.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    e.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    e.encode(dst.buffer(), tw as u16, th as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    let t_enc = t.elapsed();
    let t = Instant::now();
    let mut out2 = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out2, 85);
    e.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    e.encode(dst.buffer(), tw as u16, th as u16, jpeg_encoder::ColorType::Rgb).unwrap();
    let t_enc2 = t.elapsed();
    let t = Instant::now();
    let rr = media::render(&bytes, &domain::rendition::RenditionSize::ALL.map(|s| Fit::LongEdge(s.long_edge())), 85).unwrap();
    let t_all = t.elapsed();
    println!("decode {:?} resize->3840 {:?} encode3840 avg {:?} nearest {:?} | render all {:?} ({} renditions)", t_dec, t_res, t_enc, t_enc2, t_all, rr.len());
    }
}
