//! Tells what a file really is from its bytes (never from the extension),
//! and refuses zip bombs before calamine unpacks anything.

use std::io::{Cursor, Read, Seek};

use crate::limits::{MAX_WORKBOOK_UNZIPPED, MAX_ZIP_ENTRY, MAX_ZIP_RATIO};

/// What the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// Why a file is not a readable workbook (message in Chinese, with what to do).
#[derive(Debug)]
pub struct NotWorkbook(pub String);

/// Looks at the bytes and says which workbook format they hold.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, NotWorkbook> {
    if bytes.is_empty() {
        return Err(NotWorkbook(
            "文件是空的（0 字节），可能上传或保存时出错；请重新保存后再提交".into(),
        ));
    }
    // The first bytes of a workbook and nothing more: cut off in transfer.
    let magics: [&[u8]; 3] = [
        b"PK\x03\x04",
        b"PK\x05\x06",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    ];
    if magics
        .iter()
        .any(|m| bytes.len() < m.len() && m.starts_with(bytes))
    {
        return Err(NotWorkbook(format!(
            "文件不完整（只有 {} 字节），可能上传或复制时被截断；请重新保存后再提交",
            bytes.len()
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(NotWorkbook(
                "工作簿设置了打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存".into(),
            ));
        }
        if contains_utf16(bytes, "WordDocument") {
            return Err(NotWorkbook(
                "这是 Word 文档（.doc），不是工作簿；请把目录表格复制到 Excel 中另存为 .xlsx"
                    .into(),
            ));
        }
        return Ok(FileKind::Xls);
    }
    let head = String::from_utf8_lossy(bytes.get(..2048).unwrap_or(bytes)).to_lowercase();
    if head.contains("<html") || head.contains("<table") || head.contains("<!doctype") {
        return Err(NotWorkbook(
            "这是网页（HTML）文件，只是扩展名为表格；请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）".into(),
        ));
    }
    if head.starts_with("%pdf") {
        return Err(NotWorkbook(
            "这是 PDF 文件，不是工作簿；请提交 Excel 工作簿（.xlsx）".into(),
        ));
    }
    let text_like = bytes
        .iter()
        .take(4096)
        .all(|&b| b >= 0x20 || b == b'\n' || b == b'\r' || b == b'\t');
    if text_like {
        return Err(NotWorkbook(
            "这是纯文本文件（可能是 CSV），不是工作簿；请在 Excel/WPS 中打开后另存为 Excel 工作簿（.xlsx），或按 YAML 格式提交".into(),
        ));
    }
    Err(NotWorkbook(
        "无法识别的文件格式，不是 Excel/WPS/LibreOffice 工作簿；请另存为 .xlsx".into(),
    ))
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pat: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(pat.len()).any(|w| w == pat.as_slice())
}

fn sniff_zip(bytes: &[u8]) -> Result<FileKind, NotWorkbook> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        NotWorkbook(
            "文件已损坏（压缩包结构不完整，可能下载或复制不完整）；请从原文件重新保存".into(),
        )
    })?;
    check_bomb(&mut zip)?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.xml") {
        return Ok(FileKind::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Ok(FileKind::Xlsb);
    }
    if has("mimetype") {
        let mut m = String::new();
        if let Ok(mut f) = zip.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut m);
        }
        if m.contains("opendocument.spreadsheet") {
            return Ok(FileKind::Ods);
        }
        if m.contains("opendocument.text") {
            return Err(NotWorkbook(
                "这是 OpenDocument 文字文档（.odt），不是工作簿；请提交表格文件".into(),
            ));
        }
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return Err(NotWorkbook(
            "这是 Word 文档（.docx），不是工作簿；请把目录表格复制到 Excel 中另存为 .xlsx".into(),
        ));
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return Err(NotWorkbook("这是 PowerPoint 文件，不是工作簿".into()));
    }
    Err(NotWorkbook(
        "这是普通压缩包（zip），不是工作簿；请解压后提交其中的 .xlsx 文件".into(),
    ))
}

/// Refuses archives whose entries claim or produce too much data.
fn check_bomb<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), NotWorkbook> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else {
            return Err(NotWorkbook(
                "文件已损坏（压缩包中的条目无法读取）；请从原文件重新保存".into(),
            ));
        };
        let size = f.size();
        let packed = f.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > MAX_ZIP_ENTRY {
            return Err(NotWorkbook(format!(
                "工作簿中的“{}”解压后有 {} MB，超过单个部件上限 {} MB，拒绝读取（疑似“压缩炸弹”）",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                size / 1024 / 1024,
                MAX_ZIP_ENTRY / 1024 / 1024
            )));
        }
        if size > 1024 * 1024 && size / packed > MAX_ZIP_RATIO {
            return Err(NotWorkbook(format!(
                "工作簿中的“{}”解压后有 {} MB，压缩比异常（{}:1），疑似“压缩炸弹”，拒绝读取",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                size / 1024 / 1024,
                size / packed
            )));
        }
    }
    if total > MAX_WORKBOOK_UNZIPPED {
        return Err(NotWorkbook(format!(
            "工作簿解压后共 {} MB，超过上限 {} MB，拒绝读取",
            total / 1024 / 1024,
            MAX_WORKBOOK_UNZIPPED / 1024 / 1024
        )));
    }
    Ok(())
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_workbooks() {
        assert!(sniff(b"").is_err());
        assert!(sniff("序号,名称\n1,低保\n".as_bytes()).is_err());
        assert!(sniff(b"<html><table></table></html>").is_err());
        assert!(sniff(b"PK\x03\x04garbage").is_err());
    }
}
