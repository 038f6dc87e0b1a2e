//! The strict walk of a JPEG's entropy-coded data: every block of every scan is Huffman-decoded
//! (sequential, and progressive with its DC and AC first and refinement passes), so data cut
//! short — even with an end marker appended — or corrupt is found, and so are missing scans (a
//! component or a coefficient never coded, or not refined to full precision). No dequantising,
//! no transform: about a tenth of a full decode's work.

use std::io::{Read, Seek};

use super::super::Stream;
use super::huffman::{Bits, Table};
use crate::error::MediaError;

/// One component of the frame.
#[derive(Debug, Clone)]
pub(super) struct Component {
    pub id: u8,
    pub h: u32,
    pub v: u32,
    /// Blocks across and down, as the component is stored (not padded to whole MCUs).
    pub blocks_x: u32,
    pub blocks_y: u32,
}

/// What the frame header (SOF) says.
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub progressive: bool,
    pub width: u32,
    pub height: u32,
    pub components: Vec<Component>,
    pub h_max: u32,
    pub v_max: u32,
}

impl Frame {
    /// Parses an SOF segment's body (after the precision byte and size); `None` when impossible.
    pub fn new(progressive: bool, width: u32, height: u32, specs: &[(u8, u8)]) -> Option<Self> {
        let h_max = specs.iter().map(|&(_, hv)| u32::from(hv >> 4)).max()?;
        let v_max = specs.iter().map(|&(_, hv)| u32::from(hv & 15)).max()?;
        if h_max == 0 || v_max == 0 || h_max > 4 || v_max > 4 {
            return None;
        }
        let mut components = Vec::new();
        for &(id, hv) in specs {
            let (h, v) = (u32::from(hv >> 4), u32::from(hv & 15));
            if h == 0 || v == 0 {
                return None;
            }
            let blocks_x = (width * h).div_ceil(h_max).div_ceil(8);
            let blocks_y = (height * v).div_ceil(v_max).div_ceil(8);
            components.push(Component { id, h, v, blocks_x, blocks_y });
        }
        Some(Self { progressive, width, height, components, h_max, v_max })
    }

    /// Every block of every component: the fewest bits a JPEG can spend is one per block.
    pub fn blocks(&self) -> u64 {
        self.components.iter().map(|c| u64::from(c.blocks_x) * u64::from(c.blocks_y)).sum()
    }
}

/// One scan header (SOS).
pub(super) struct Scan {
    /// Indexes into the frame's components, with their DC and AC table numbers.
    pub components: Vec<(usize, usize, usize)>,
    pub ss: u8,
    pub se: u8,
    pub ah: u8,
    pub al: u8,
}

/// What the scans so far have coded, to tell whether the picture is complete.
pub(super) struct Progress {
    /// Per component: whether a scan carried it (sequential) or its DC coefficient's current
    /// precision (progressive, `None` until coded).
    dc: Vec<Option<u8>>,
    /// Per component and coefficient 1..=63: its current precision (progressive).
    ac: Vec<[Option<u8>; 64]>,
    /// Per component and block: which coefficients are non-zero so far (refinement scans need it).
    nonzero: Vec<Vec<u64>>,
    /// How many more run tables (`Table::prepare_runs`) this file may have built. A file may
    /// define its tables again before every scan, and a scan may be a few bytes: without a cap, a
    /// crafted upload could keep the walk building tables for minutes. Real files use two or four.
    run_table_builds: u32,
}

impl Progress {
    pub fn new(frame: &Frame) -> Self {
        let n = frame.components.len();
        Self { dc: vec![None; n], ac: vec![[None; 64]; n], nonzero: vec![Vec::new(); n], run_table_builds: 8 }
    }

    /// Whether every component was coded whole, every coefficient to its last bit.
    pub fn complete(&self, frame: &Frame) -> bool {
        if !frame.progressive {
            return self.dc.iter().all(Option::is_some);
        }
        self.dc.iter().all(|p| *p == Some(0)) && self.ac.iter().all(|c| c[1..].iter().all(|p| *p == Some(0)))
    }
}

/// Walks one scan's data; returns the marker that ends it (the stream stands just after it).
pub(super) fn walk<R: Read + Seek>(
    s: &mut Stream<R>,
    frame: &Frame,
    scan: &Scan,
    tables: &[[Option<Table>; 4]; 2],
    restart_interval: u32,
    progress: &mut Progress,
) -> Result<u8, MediaError> {
    check_scan(s, frame, scan, progress)?;
    let table = |class: usize, id: usize| {
        tables[class][id].as_ref().ok_or_else(|| s.corrupt("a scan uses a Huffman table that was never defined"))
    };
    let mut coders = Vec::with_capacity(scan.components.len());
    for &(index, dc, ac) in &scan.components {
        let needs_dc = scan.ss == 0 && scan.ah == 0;
        let needs_ac = scan.se > 0;
        let dc_table = if needs_dc { Some(table(0, dc)?) } else { None };
        let ac_table = if needs_ac { Some(table(1, ac)?) } else { None };
        // Sequential scans move past several AC codes per lookup (`Bits::runs`).
        if let Some(ac) = ac_table
            && !frame.progressive
        {
            ac.prepare_runs(&mut progress.run_table_builds);
        }
        coders.push((index, dc_table, ac_table));
    }
    // AC passes keep which coefficients are non-zero: refinement passes read a bit for each.
    if frame.progressive && scan.ss > 0 {
        for &(index, ..) in &scan.components {
            let component = &frame.components[index];
            let blocks = component.blocks_x as usize * component.blocks_y as usize;
            progress.nonzero[index].resize(blocks, 0);
        }
    }

    let mut bits = Bits::new();
    let mut eobrun = 0u32;
    let mut units_done = 0u32;
    let mut restarts = 0u32;
    // The units of this scan: MCUs when interleaved, else the one component's blocks.
    let interleaved = scan.components.len() > 1;
    let (units_x, units_y) = if interleaved {
        (frame.width.div_ceil(8 * frame.h_max), frame.height.div_ceil(8 * frame.v_max))
    } else {
        let component = &frame.components[scan.components[0].0];
        (component.blocks_x, component.blocks_y)
    };
    for (uy, ux) in (0..units_y).flat_map(|uy| (0..units_x).map(move |ux| (uy, ux))) {
        if restart_interval > 0 && units_done == restart_interval {
            let marker = bits.next_marker(s)?;
            let expected = 0xD0 + (restarts % 8) as u8;
            if marker != expected {
                return Err(if (0xD0..=0xD7).contains(&marker) {
                    s.corrupt("its restart markers are out of order")
                } else {
                    s.truncated()
                });
            }
            bits.restart();
            restarts += 1;
            units_done = 0;
            eobrun = 0;
        }
        for (index, dc, ac) in &coders {
            let component = &frame.components[*index];
            let (h, v) = if interleaved { (component.h, component.v) } else { (1, 1) };
            for by in 0..v {
                for bx in 0..h {
                    let (x, y) = (ux * h + bx, uy * v + by);
                    let block = y as usize * component.blocks_x as usize + x as usize;
                    // Padding blocks of an interleaved MCU beyond the stored blocks are coded too.
                    let stored = x < component.blocks_x && y < component.blocks_y;
                    let mask = if stored { progress.nonzero[*index].get_mut(block) } else { None };
                    block_walk(s, &mut bits, frame.progressive, scan, *dc, *ac, &mut eobrun, mask)?;
                }
            }
        }
        units_done += 1;
    }
    let mut marker = bits.next_marker(s)?;
    bits.release(s)?;
    // A restart marker after the last unit carries nothing: the scan ends at the next marker.
    while (0xD0..=0xD7).contains(&marker) {
        marker = s.skip_entropy_coded()?;
    }
    record(progress, scan);
    Ok(marker)
}

/// Refuses scans that contradict the frame or what came before.
fn check_scan<R: Read + Seek>(
    s: &Stream<R>,
    frame: &Frame,
    scan: &Scan,
    progress: &Progress,
) -> Result<(), MediaError> {
    let bad = |what: &str| Err(s.corrupt(what.to_owned()));
    if scan.components.is_empty() {
        return bad("a scan codes no component");
    }
    if !frame.progressive {
        return if scan.ss == 0 && scan.se == 63 && scan.ah == 0 && scan.al == 0 {
            Ok(())
        } else {
            bad("a sequential scan has progressive parameters")
        };
    }
    if scan.se > 63 || scan.ss > scan.se || (scan.ss == 0 && scan.se != 0) || scan.al > 13 {
        return bad("a progressive scan has impossible parameters");
    }
    if scan.ss > 0 && scan.components.len() != 1 {
        return bad("a progressive AC scan codes more than one component");
    }
    for &(index, ..) in &scan.components {
        let coded = |k: usize| if k == 0 { progress.dc[index] } else { progress.ac[index][k] };
        for k in usize::from(scan.ss)..=usize::from(scan.se) {
            let fits = match (scan.ah, coded(k)) {
                (0, None) => true,
                (ah, Some(now)) => ah > 0 && now == ah && scan.al + 1 == ah,
                _ => false,
            };
            if !fits {
                return bad("its progressive scans do not follow each other");
            }
        }
        if scan.ss > 0 && progress.dc[index].is_none() {
            return bad("an AC scan comes before the DC scan");
        }
    }
    Ok(())
}

/// Notes the precision each coefficient of the scan now has.
fn record(progress: &mut Progress, scan: &Scan) {
    for &(index, ..) in &scan.components {
        for k in usize::from(scan.ss)..=usize::from(scan.se) {
            if k == 0 {
                progress.dc[index] = Some(scan.al);
            } else {
                progress.ac[index][k] = Some(scan.al);
            }
        }
    }
}

/// Decodes one block's codes in `scan`.
#[expect(clippy::too_many_arguments)]
fn block_walk<R: Read + Seek>(
    s: &mut Stream<R>,
    bits: &mut Bits,
    progressive: bool,
    scan: &Scan,
    dc: Option<&Table>,
    ac: Option<&Table>,
    eobrun: &mut u32,
    mut nonzero: Option<&mut u64>,
) -> Result<(), MediaError> {
    let corrupt = |s: &Stream<R>| s.corrupt("its compressed picture data is corrupt (a coefficient outside its block)");
    if !progressive {
        if let Some(dc) = dc {
            // A DC symbol is the size of its difference (at most 11 bits; a larger one is
            // refused, with no bits skipped for it).
            let size = bits.symbol_and_value(s, dc, |size| if size > 11 { 0 } else { u32::from(size) })?;
            if size > 11 {
                return Err(corrupt(s));
            }
        }
        let Some(ac) = ac else { return Ok(()) };
        let mut k = 1u32;
        while k < 64 {
            if let Some((advance, end)) = bits.runs(s, ac, 64 - k)? {
                if end {
                    break;
                }
                k += advance;
                continue;
            }
            let rs = bits.symbol_and_value(s, ac, |rs| u32::from(rs & 15))?;
            let (run, size) = (u32::from(rs >> 4), u32::from(rs & 15));
            if size == 0 {
                if run != 15 {
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if k > 63 {
                return Err(corrupt(s));
            }
            k += 1;
        }
        return if k > 64 { Err(corrupt(s)) } else { Ok(()) };
    }
    let (ss, se) = (u32::from(scan.ss), u32::from(scan.se));
    if ss == 0 {
        // DC: the first pass codes a difference, a refinement one bit.
        return match (scan.ah, dc) {
            (0, Some(dc)) => {
                let size = u32::from(bits.decode(s, dc)?);
                if size > 11 {
                    return Err(corrupt(s));
                }
                bits.skip(s, size)
            }
            _ => bits.skip(s, 1),
        };
    }
    let Some(ac) = ac else { return Ok(()) };
    let is_nonzero = |mask: &Option<&mut u64>, k: u32| mask.as_ref().is_some_and(|m| **m & (1u64 << k) != 0);
    if scan.ah == 0 {
        if *eobrun > 0 {
            *eobrun -= 1;
            return Ok(());
        }
        let mut k = ss;
        while k <= se {
            let rs = bits.decode(s, ac)?;
            let (run, size) = (u32::from(rs >> 4), u32::from(rs & 15));
            if size == 0 {
                if run < 15 {
                    *eobrun = (1 << run) - 1 + bits.take(s, run)?;
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if k > se {
                return Err(corrupt(s));
            }
            bits.skip(s, size)?;
            if let Some(mask) = nonzero.as_deref_mut() {
                *mask |= 1u64 << k;
            }
            k += 1;
        }
        return Ok(());
    }
    // AC refinement (libjpeg's decode_mcu_AC_refine, values left out).
    let mut k = ss;
    if *eobrun == 0 {
        while k <= se {
            let rs = bits.decode(s, ac)?;
            let (mut run, size) = (i32::from(rs >> 4), u32::from(rs & 15));
            if size != 0 {
                if size != 1 {
                    return Err(corrupt(s));
                }
                bits.skip(s, 1)?;
            } else if run != 15 {
                *eobrun = (1 << run) + bits.take(s, run as u32)?;
                break;
            }
            while k <= se {
                if is_nonzero(&nonzero, k) {
                    bits.skip(s, 1)?;
                } else {
                    if run == 0 {
                        break;
                    }
                    run -= 1;
                }
                k += 1;
            }
            if size != 0 {
                if k > se {
                    return Err(corrupt(s));
                }
                if let Some(mask) = nonzero.as_deref_mut() {
                    *mask |= 1u64 << k;
                }
            }
            k += 1;
        }
    }
    if *eobrun > 0 {
        while k <= se {
            if is_nonzero(&nonzero, k) {
                bits.skip(s, 1)?;
            }
            k += 1;
        }
        *eobrun -= 1;
    }
    Ok(())
}
