//! Where each entry of a reference file starts, and on which line a field of an entry is written, so
//! that errors about an entry name its line (serde reports a missing field without a position).

use crate::config::locate_field;
use std::ops::Range;

/// Byte ranges of the items of the top-level list (`(entries: [ (...), (...) ])`), each from its opening
/// to its closing parenthesis; strings and comments are skipped.
pub fn entry_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    let mut open_at = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |k| i + 2 + k + 1);
            }
            c @ (b'(' | b'[' | b'{') => {
                if c == b'(' && stack == [b'(', b'['] {
                    open_at = i;
                }
                stack.push(c);
            }
            b')' | b']' | b'}' => {
                stack.pop();
                if bytes[i] == b')' && stack == [b'(', b'['] {
                    spans.push(open_at..i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    spans
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// 1-based line of `field:` inside the span, or of the span's start when the field is not written.
pub fn field_line(text: &str, span: &Range<usize>, field: &str) -> usize {
    let start = line_of(text, span.start);
    match locate_field(&text[span.clone()], field) {
        (0, _) => start,
        (line, _) => start + line - 1,
    }
}
