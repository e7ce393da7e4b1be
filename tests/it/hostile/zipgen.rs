//! A tiny zip writer for hostile archives: entries whose declared sizes lie,
//! and deflate streams that inflate to gigabytes from a few hundred KB, made
//! without compressing gigabytes (fixed-Huffman blocks written by hand).

/// CRC-32 (IEEE), bitwise; only used on small entries.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Writes bits least significant first, as deflate does.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn new() -> Self {
        Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        }
    }

    /// Appends `len` bits of `v`, low bit first.
    fn put(&mut self, v: u32, len: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Appends a Huffman code (written most significant bit first).
    fn code(&mut self, code: u32, len: u32) {
        let mut rev = 0;
        for i in 0..len {
            rev |= ((code >> i) & 1) << (len - 1 - i);
        }
        self.put(rev, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

fn literal(b: &mut Bits, byte: u8) {
    if byte <= 143 {
        b.code(0x30 + u32::from(byte), 8);
    } else {
        b.code(0x190 + u32::from(byte) - 144, 9);
    }
}

const DIST_BASE: [u32; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u32; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The bits of a match of 258 bytes at distance `dist` (1..=32768), as
/// one value to [`Bits::put`] and its length.
fn match258(dist: u32) -> (u32, u32) {
    let mut b = Bits::new();
    b.code(0xC5, 8); // length symbol 285 = 258 bytes, no extra bits
    let i = DIST_BASE.iter().rposition(|&d| d <= dist).unwrap_or(0);
    b.code(i as u32, 5);
    b.put(dist - DIST_BASE[i], DIST_EXTRA[i]);
    let len = b.out.len() as u32 * 8 + b.n;
    let mut value = b.acc as u32;
    for &byte in b.out.iter().rev() {
        value = (value << 8) | u32::from(byte);
    }
    (value, len)
}

/// Appends `count` copies of the `len`-bit value `bits`. Eight copies add
/// exactly `len` bytes and leave the pending bits as they were, so after
/// one round of eight the bytes of every further round are the same: they
/// are copied, not recomputed (gigabytes of output in a few MB, fast even
/// in an unoptimised test build).
fn repeat_bits(b: &mut Bits, bits: u32, len: u32, count: u64) {
    let mut left = count;
    for _ in 0..left.min(8) {
        b.put(bits, len);
    }
    left -= left.min(8);
    if left >= 8 {
        let start = b.out.len();
        for _ in 0..8 {
            b.put(bits, len);
        }
        let block = start..b.out.len();
        left -= 8;
        for _ in 0..left / 8 {
            b.out.extend_from_within(block.clone());
        }
        left %= 8;
    }
    for _ in 0..left {
        b.put(bits, len);
    }
}

/// A raw deflate stream for `prefix`, then `pattern` repeated until
/// `repeat_len` bytes, then `suffix`; returns (compressed, real size).
pub fn deflate_repeat(
    prefix: &[u8],
    pattern: &[u8],
    repeat_len: u64,
    suffix: &[u8],
) -> (Vec<u8>, u64) {
    assert!(!pattern.is_empty() && pattern.len() <= 32768);
    let mut b = Bits::new();
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman codes
    for &c in prefix {
        literal(&mut b, c);
    }
    let p = pattern.len() as u64;
    let mut done: u64 = 0;
    // One copy of the pattern as literals, then matches copying it forward.
    while done < repeat_len.min(p) {
        literal(&mut b, pattern[done as usize]);
        done += 1;
    }
    let (bits, len) = match258(p as u32);
    let matches = (repeat_len - done) / 258;
    repeat_bits(&mut b, bits, len, matches);
    done += matches * 258;
    while done < repeat_len {
        literal(&mut b, pattern[(done % p) as usize]);
        done += 1;
    }
    for &c in suffix {
        literal(&mut b, c);
    }
    b.code(0, 7); // end of block
    (
        b.finish(),
        prefix.len() as u64 + repeat_len + suffix.len() as u64,
    )
}

/// One archive entry.
pub struct Entry {
    pub name: String,
    /// 0 = stored, 8 = deflated.
    pub method: u16,
    /// The bytes as stored in the archive.
    pub data: Vec<u8>,
    pub crc: u32,
    /// Uncompressed size written in the headers (may lie).
    pub declared: u32,
}

impl Entry {
    /// A stored entry with true sizes and CRC.
    pub fn stored(name: &str, data: &[u8]) -> Entry {
        Entry {
            name: name.into(),
            method: 0,
            data: data.to_vec(),
            crc: crc32(data),
            declared: data.len() as u32,
        }
    }

    /// A deflated entry from [`deflate_repeat`]; `declared` is what the
    /// headers claim (the real size, or a lie). The CRC is not the content's
    /// (a reader must give up long before it could check it).
    pub fn bomb(name: &str, compressed: Vec<u8>, declared: u32) -> Entry {
        Entry {
            name: name.into(),
            method: 8,
            data: compressed,
            crc: 0,
            declared,
        }
    }
}

/// Writes a zip archive (no zip64, no data descriptors).
pub fn write(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let u32le = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        // Local file header.
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 0);
        u16le(&mut out, e.method);
        u16le(&mut out, 0);
        u16le(&mut out, 0x21);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.data.len() as u32);
        u32le(&mut out, e.declared);
        u16le(&mut out, name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);
        // Central directory header.
        u32le(&mut central, 0x0201_4b50);
        u16le(&mut central, 20);
        u16le(&mut central, 20);
        u16le(&mut central, 0);
        u16le(&mut central, e.method);
        u16le(&mut central, 0);
        u16le(&mut central, 0x21);
        u32le(&mut central, e.crc);
        u32le(&mut central, e.data.len() as u32);
        u32le(&mut central, e.declared);
        u16le(&mut central, name.len() as u16);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u16le(&mut central, 0);
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    let cd_len = central.len() as u32;
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_len);
    u32le(&mut out, cd_offset);
    u16le(&mut out, 0);
    out
}

/// The parts of a minimal one-sheet xlsx, without the sheet and the shared
/// strings (the caller adds those).
pub fn xlsx_skeleton(with_shared_strings: bool) -> Vec<Entry> {
    let sst_override = if with_shared_strings {
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
    } else {
        ""
    };
    let sst_rel = if with_shared_strings {
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    } else {
        ""
    };
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sst_override}</Types>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{sst_rel}</Relationships>"#
    );
    vec![
        Entry::stored("[Content_Types].xml", content_types.as_bytes()),
        Entry::stored("_rels/.rels", rels.as_bytes()),
        Entry::stored("xl/workbook.xml", workbook.as_bytes()),
        Entry::stored("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
    ]
}

pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";
