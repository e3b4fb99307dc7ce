//! Reading JSON text (RFC 8259, strictly: no comments, no trailing commas, no `NaN`), into a
//! [`Value`] or piece by piece.
//!
//! One small parser serves the whole crate: the validator, the GeoJSON reader and their typed
//! fast paths. A generic deserialiser, instantiated for every visitor that reads through it,
//! was the largest single library in the WebAssembly module; this is a few kilobytes. Every
//! error names what was expected and where, as a line and a column (counted in characters, from
//! 1), and nothing here panics or recurses deeper than [`MAX_DEPTH`] on any input.

use std::borrow::Cow;
use std::fmt;

use super::value::{Map, Number, Value};

/// The deepest nesting of arrays and objects read (as serde_json reads, and deep enough for any
/// real document).
pub const MAX_DEPTH: usize = 127;

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The text ends while `what` ("a value", "a string", "an array", "an object") is read.
    Eof(&'static str),
    /// Something that starts no JSON value.
    ExpectedValue,
    /// Not `:` after an object key.
    ExpectedColon,
    /// Neither `,` nor the closing bracket after an item (`]` or `}`).
    ExpectedCommaOr(u8),
    /// An object key that is not a string.
    KeyMustBeString,
    /// A comma before a closing bracket.
    TrailingComma,
    /// More than white space after the value.
    TrailingCharacters,
    /// A backslash escape JSON does not have.
    InvalidEscape,
    /// `\u` not followed by four hexadecimal digits.
    InvalidUnicodeEscape,
    /// A UTF-16 surrogate escape without its other half.
    LoneSurrogate,
    /// A control character (U+0000 to U+001F) inside a string.
    ControlCharacter,
    /// Bytes that are not UTF-8 inside a string.
    InvalidUtf8,
    /// A malformed number (`01`, `1.`, `-`, `1e`).
    InvalidNumber,
    /// A number beyond `f64`.
    NumberOutOfRange,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl Problem {
    /// The message, without the position.
    pub fn message(self) -> String {
        let text = match self {
            Problem::Eof("a value") => "expected a value, found the end of the text",
            Problem::Eof(what) => return format!("the text ends inside {what}"),
            Problem::ExpectedValue => "expected a value",
            Problem::ExpectedColon => "expected `:` after the key",
            Problem::ExpectedCommaOr(b']') => "expected `,` or `]`",
            Problem::ExpectedCommaOr(_) => "expected `,` or `}`",
            Problem::KeyMustBeString => "an object key must be a string",
            Problem::TrailingComma => "trailing comma",
            Problem::TrailingCharacters => "unexpected text after the value",
            Problem::InvalidEscape => "invalid escape",
            Problem::InvalidUnicodeEscape => {
                "invalid \\u escape (four hexadecimal digits expected)"
            }
            Problem::LoneSurrogate => "unpaired UTF-16 surrogate in a \\u escape",
            Problem::ControlCharacter => "control character in a string (escape it, e.g. \\n)",
            Problem::InvalidUtf8 => "invalid UTF-8 in a string",
            Problem::InvalidNumber => "invalid number",
            Problem::NumberOutOfRange => "number out of range",
            Problem::TooDeep => "nested too deeply (more than 127 levels of arrays and objects)",
        };
        text.to_owned()
    }
}

/// A syntax error and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub problem: Problem,
    /// Byte offset in the text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Error {
    fn at(text: &[u8], offset: usize, problem: Problem) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        // Characters, not bytes: every byte that does not continue a UTF-8 sequence.
        let column = before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1;
        Error {
            problem,
            offset,
            line,
            column,
        }
    }

    /// Whether the text ended too early (rather than holding something wrong).
    pub fn is_eof(&self) -> bool {
        matches!(self.problem, Problem::Eof(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.problem.message(),
            self.line,
            self.column
        )
    }
}

/// Reads one value from the whole text: white space may surround it, nothing else.
pub fn parse(text: &[u8]) -> Result<Value, Error> {
    let mut parser = Parser::new(text);
    let value = parser.value()?;
    parser.end()?;
    Ok(value)
}

/// A string as read: a slice of the text when it had no escapes, else decoded.
enum Str {
    Raw(usize, usize),
    Decoded,
}

/// A cursor over JSON text. Besides whole values ([`Parser::value`], [`Parser::skip`]) it reads
/// arrays and objects member by member, for readers that build their own types:
///
/// ```
/// use lianmap::json::Parser;
/// let mut p = Parser::new(br#"{"a": [1, 2], "b": true}"#);
/// let mut sum = 0.0;
/// assert!(p.open(b'{').unwrap());
/// let mut first = true;
/// while p.more(b'}', &mut first).unwrap() {
///     if p.key().unwrap() == "a" {
///         assert!(p.open(b'[').unwrap());
///         let mut first = true;
///         while p.more(b']', &mut first).unwrap() {
///             sum += p.number().unwrap();
///         }
///     } else {
///         p.skip().unwrap();
///     }
/// }
/// p.end().unwrap();
/// assert_eq!(sum, 3.0);
/// ```
pub struct Parser<'t> {
    text: &'t [u8],
    /// The text, when it is all UTF-8: strings are then slices of it, checked once.
    utf8: Option<&'t str>,
    at: usize,
    depth: usize,
    /// Decoded text of the last string with escapes.
    scratch: Vec<u8>,
}

impl<'t> Parser<'t> {
    /// A parser at the start of `text`.
    pub fn new(text: &'t [u8]) -> Self {
        // One pass over the whole text instead of one per string (text that is not UTF-8 is
        // checked string by string, so that the error says where).
        match std::str::from_utf8(text) {
            Ok(text) => Parser::at(text, 0, 0),
            Err(_) => Parser {
                text,
                utf8: None,
                at: 0,
                depth: 0,
                scratch: Vec::new(),
            },
        }
    }

    /// A parser at byte `offset` of `text`, inside `depth` levels of arrays and objects (to read
    /// again, on its own, a part found by [`Parser::skip`] at that depth).
    pub fn at(text: &'t str, offset: usize, depth: usize) -> Self {
        Parser {
            text: text.as_bytes(),
            utf8: Some(text),
            at: offset,
            depth,
            scratch: Vec::new(),
        }
    }

    /// The whole text, when it is UTF-8.
    pub fn text(&self) -> Option<&'t str> {
        self.utf8
    }

    /// The byte offset of the cursor.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// An error at the cursor.
    pub fn error(&self, problem: Problem) -> Error {
        Error::at(self.text, self.at, problem)
    }

    fn error_at(&self, offset: usize, problem: Problem) -> Error {
        Error::at(self.text, offset, problem)
    }

    /// The next byte after white space, which is not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.text.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Succeeds when only white space is left.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error(Problem::TrailingCharacters)),
        }
    }

    /// Enters the array (`bracket` `[`) or object (`{`) at the cursor; false, with nothing
    /// consumed, when something else is there.
    pub fn open(&mut self, bracket: u8) -> Result<bool, Error> {
        if self.peek() != Some(bracket) {
            return Ok(false);
        }
        if self.depth >= MAX_DEPTH {
            return Err(self.error(Problem::TooDeep));
        }
        self.depth += 1;
        self.at += 1;
        Ok(true)
    }

    /// Whether another item (or member) follows in the array (or object) closed by `close`;
    /// consumes the comma before it, or the closing bracket. `first` starts true for each
    /// container.
    pub fn more(&mut self, close: u8, first: &mut bool) -> Result<bool, Error> {
        let what = if close == b']' {
            "an array"
        } else {
            "an object"
        };
        let Some(b) = self.peek() else {
            return Err(self.error(Problem::Eof(what)));
        };
        if b == close {
            self.at += 1;
            self.depth = self.depth.saturating_sub(1);
            return Ok(false);
        }
        if std::mem::take(first) {
            return Ok(true);
        }
        if b != b',' {
            return Err(self.error(Problem::ExpectedCommaOr(close)));
        }
        self.at += 1;
        match self.peek() {
            Some(b) if b == close => Err(self.error(Problem::TrailingComma)),
            None => Err(self.error(Problem::Eof(what))),
            Some(_) => Ok(true),
        }
    }

    /// An object member's key and its colon.
    pub fn key(&mut self) -> Result<Cow<'t, str>, Error> {
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.error(Problem::Eof("an object"))),
            Some(_) => return Err(self.error(Problem::KeyMustBeString)),
        }
        let key = self.string()?;
        match self.peek() {
            Some(b':') => {
                self.at += 1;
                Ok(key)
            }
            None => Err(self.error(Problem::Eof("an object"))),
            Some(_) => Err(self.error(Problem::ExpectedColon)),
        }
    }

    /// The string at the cursor.
    pub fn string(&mut self) -> Result<Cow<'t, str>, Error> {
        Ok(match self.scan_string()? {
            Str::Raw(start, end) => Cow::Borrowed(self.utf8(start, end)?),
            Str::Decoded => {
                Cow::Owned(
                    String::from_utf8(std::mem::take(&mut self.scratch)).map_err(|_| {
                        // Unreachable: escapes decode to UTF-8 and raw runs were checked.
                        self.error(Problem::InvalidUtf8)
                    })?,
                )
            }
        })
    }

    fn utf8(&self, start: usize, end: usize) -> Result<&'t str, Error> {
        // Between quotes and escapes, so on character boundaries.
        if let Some(text) = self.utf8.and_then(|t| t.get(start..end)) {
            return Ok(text);
        }
        let bytes = self.text.get(start..end).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map_err(|e| self.error_at(start + e.valid_up_to(), Problem::InvalidUtf8))
    }

    /// Reads a string (at its opening quote, after white space), checking its escapes and its
    /// UTF-8. Escaped strings are decoded into `scratch`.
    fn scan_string(&mut self) -> Result<Str, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.error(Problem::ExpectedValue));
        }
        self.at += 1;
        let start = self.at;
        let mut run = start;
        let mut decoded = false;
        loop {
            self.plain_run();
            let Some(&b) = self.text.get(self.at) else {
                return Err(self.error(Problem::Eof("a string")));
            };
            match b {
                b'"' => {
                    let end = self.at;
                    self.at += 1;
                    if !decoded {
                        return Ok(Str::Raw(start, end));
                    }
                    let tail = self.utf8(run, end)?;
                    self.scratch.extend_from_slice(tail.as_bytes());
                    return Ok(Str::Decoded);
                }
                b'\\' => {
                    let before = self.utf8(run, self.at)?;
                    if !decoded {
                        self.scratch.clear();
                        decoded = true;
                    }
                    self.scratch.extend_from_slice(before.as_bytes());
                    self.at += 1;
                    self.escape()?;
                    run = self.at;
                }
                0..=0x1F => return Err(self.error(Problem::ControlCharacter)),
                _ => self.at += 1,
            }
        }
    }

    /// Steps over the bytes of a string that need no attention (not `"`, `\\` or a control
    /// character), eight at a time while it can.
    fn plain_run(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Whether a byte of `w` is below `n` (for n ≤ 128), or, with n = 1, zero.
        let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
        while let Some(chunk) = self.text.get(self.at..self.at + 8) {
            let w = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
            let stop = below(w ^ (ONES * u64::from(b'"')), 1)
                | below(w ^ (ONES * u64::from(b'\\')), 1)
                | below(w, 0x20);
            if stop != 0 {
                break;
            }
            self.at += 8;
        }
        while let Some(&b) = self.text.get(self.at) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.at += 1;
        }
    }

    /// Decodes the escape after a backslash into `scratch`.
    fn escape(&mut self) -> Result<(), Error> {
        let Some(&b) = self.text.get(self.at) else {
            return Err(self.error(Problem::Eof("a string")));
        };
        let byte = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0C,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let start = self.at - 1;
                self.at += 1;
                let unit = self.hex4()?;
                let c = match unit {
                    0xD800..=0xDBFF => {
                        let high = unit;
                        if self.text.get(self.at..self.at + 2) != Some(b"\\u") {
                            return Err(self.error_at(start, Problem::LoneSurrogate));
                        }
                        self.at += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error_at(start, Problem::LoneSurrogate));
                        }
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.error_at(start, Problem::LoneSurrogate)),
                    unit => unit,
                };
                let c = char::from_u32(c).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                self.scratch
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                return Ok(());
            }
            _ => return Err(self.error(Problem::InvalidEscape)),
        };
        self.scratch.push(byte);
        self.at += 1;
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut unit = 0;
        for _ in 0..4 {
            let Some(&b) = self.text.get(self.at) else {
                return Err(self.error(Problem::Eof("a string")));
            };
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.error(Problem::InvalidUnicodeEscape)),
            };
            unit = unit * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// The number at the cursor, as an `f64`.
    pub fn number(&mut self) -> Result<f64, Error> {
        self.number_value().map(Number::as_f64)
    }

    /// The number at the cursor, integers kept exactly.
    fn number_value(&mut self) -> Result<Number, Error> {
        self.peek();
        let start = self.at;
        let negative = self.text.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.text.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            None => return Err(self.error(Problem::Eof("a number"))),
            Some(_) if negative => return Err(self.error(Problem::InvalidNumber)),
            Some(_) => return Err(self.error(Problem::ExpectedValue)),
        }
        let int_end = self.at;
        let mut fraction = (int_end, int_end);
        if self.text.get(self.at) == Some(&b'.') {
            self.at += 1;
            let from = self.at;
            if self.digits() == 0 {
                return Err(self.number_problem());
            }
            fraction = (from, self.at);
        }
        let mut exponent: i64 = 0;
        if matches!(self.text.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.text.get(self.at) {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let from = self.at;
            if self.digits() == 0 {
                return Err(self.number_problem());
            }
            for &d in self.text.get(from..self.at).unwrap_or_default() {
                exponent = (exponent * 10 + i64::from(d - b'0')).min(100_000);
            }
            exponent *= sign;
        }
        let whole = self.text.get(int_start..int_end).unwrap_or_default();
        let is_integer = fraction.0 == fraction.1 && self.at == int_end;
        if is_integer && let Some(n) = integer(whole, negative) {
            return Ok(n);
        }
        let fraction = self.text.get(fraction.0..fraction.1).unwrap_or_default();
        let value = crate::num::from_digits(whole, fraction, exponent);
        if !value.is_finite() {
            return Err(self.error_at(start, Problem::NumberOutOfRange));
        }
        Ok(Number::Float(if negative { -value } else { value }))
    }

    /// A number that stops after `.` or `e`: the text ended, or holds something else.
    fn number_problem(&self) -> Error {
        if self.at >= self.text.len() {
            self.error(Problem::Eof("a number"))
        } else {
            self.error(Problem::InvalidNumber)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        for &expected in word {
            match self.text.get(self.at) {
                Some(&b) if b == expected => self.at += 1,
                Some(_) => return Err(self.error(Problem::ExpectedValue)),
                None => return Err(self.error(Problem::Eof("a value"))),
            }
        }
        Ok(())
    }

    /// The value at the cursor.
    pub fn value(&mut self) -> Result<Value, Error> {
        self.read(true)
    }

    /// Checks the value at the cursor and steps over it, building nothing.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.read(false).map(drop)
    }

    /// Reads a value, building it when `build` (else `Null`, after the same checks).
    fn read(&mut self, build: bool) -> Result<Value, Error> {
        let Some(b) = self.peek() else {
            return Err(self.error(Problem::Eof("a value")));
        };
        Ok(match b {
            b'[' => {
                self.open(b'[')?;
                let mut items = Vec::new();
                let mut first = true;
                while self.more(b']', &mut first)? {
                    let item = self.read(build)?;
                    if build {
                        items.push(item);
                    }
                }
                if build {
                    Value::Array(items)
                } else {
                    Value::Null
                }
            }
            b'{' => {
                self.open(b'{')?;
                let mut members = Vec::new();
                let mut first = true;
                while self.more(b'}', &mut first)? {
                    let key = self.key()?;
                    let value = self.read(build)?;
                    if build {
                        members.push((key.into_owned(), value));
                    }
                }
                if build {
                    Value::Object(Map::from_members(members))
                } else {
                    Value::Null
                }
            }
            b'"' if build => Value::String(self.string()?.into_owned()),
            b'"' => {
                let kind = self.scan_string()?;
                if let Str::Raw(start, end) = kind {
                    self.utf8(start, end)?;
                }
                Value::Null
            }
            b'-' | b'0'..=b'9' => Value::Number(self.number_value()?),
            b't' => {
                self.literal(b"true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Value::Bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                Value::Null
            }
            _ => return Err(self.error(Problem::ExpectedValue)),
        })
    }
}

/// An integer's digits as an exact number, when it fits 64 bits.
fn integer(digits: &[u8], negative: bool) -> Option<Number> {
    let mut n: u64 = 0;
    for &d in digits {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    if !negative {
        return Some(Number::Unsigned(n));
    }
    if n == 0 {
        return None; // -0 is a float, as JSON.parse reads it
    }
    if n == 1 << 63 {
        return Some(Number::Negative(i64::MIN));
    }
    i64::try_from(n).ok().map(|n| Number::Negative(-n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (Problem, usize, usize) {
        let e = parse(text.as_bytes()).expect_err(text);
        (e.problem, e.line, e.column)
    }

    fn num(text: &str) -> Number {
        match parse(text.as_bytes()) {
            Ok(Value::Number(n)) => n,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(br#" {"b": [true, false, null], "a": "x", "n": -1.5e2, "o": {}} "#).unwrap();
        let map = v.as_object().unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b", "n", "o"]);
        assert_eq!(map.get("a"), Some(&Value::from("x")));
        assert_eq!(
            map.get("b"),
            Some(&Value::Array(vec![
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]))
        );
        assert_eq!(map.get("n").and_then(Value::as_f64), Some(-150.0));
        assert_eq!(map.get("o"), Some(&Value::Object(Map::new())));
        assert_eq!(parse(b"[]").unwrap(), Value::Array(vec![]));
    }

    #[test]
    fn the_last_of_repeated_keys_counts() {
        let v = parse(br#"{"k": 1, "j": 0, "k": 2}"#).unwrap();
        let map = v.as_object().unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map.get("k").and_then(Value::as_f64), Some(2.0));
    }

    #[test]
    fn integers_are_exact_and_other_numbers_are_floats() {
        assert_eq!(num("0"), Number::Unsigned(0));
        assert_eq!(num("18446744073709551615"), Number::Unsigned(u64::MAX));
        assert_eq!(num("-9223372036854775808"), Number::Negative(i64::MIN));
        assert_eq!(num("-7"), Number::Negative(-7));
        assert_eq!(num("-0"), Number::Float(-0.0));
        assert_eq!(
            num("18446744073709551616"),
            Number::Float(18446744073709551616.0)
        );
        assert_eq!(num("2.0"), Number::Float(2.0));
        assert_eq!(num("1E3"), Number::Float(1000.0));
        assert_eq!(num("1e-400"), Number::Float(0.0));
        assert_eq!(num("0.1"), Number::Float(0.1));
        assert_eq!(num("108.3661234567"), Number::Float(108.3661234567));
        assert_eq!(num("-24.5e-1"), Number::Float(-2.45));
        let large = num("1.7e308").as_f64();
        assert!((large - 1.7e308).abs() <= 1.7e308 * 1e-15);
        assert_eq!(Number::Float(2.0).to_string(), "2.0");
        assert_eq!(Number::Float(0.25).to_string(), "0.25");
        assert_eq!(Number::Unsigned(450200).to_string(), "450200");
    }

    #[test]
    fn strings_decode_their_escapes() {
        let text = r#""a\"b\\c\/d\b\f\n\r\t \u4e2d\u00e9 \ud83d\ude97 中""#;
        assert_eq!(
            parse(text.as_bytes()).unwrap(),
            Value::from("a\"b\\c/d\u{8}\u{c}\n\r\t 中é 🚗 中")
        );
        // A borrowed key and an escaped one, read back to back through one scratch buffer.
        let v = parse(br#"{"\u0061": 1, "b": "\u0062\u0062"}"#).unwrap();
        assert_eq!(
            v.as_object().unwrap().get("a").and_then(Value::as_f64),
            Some(1.0)
        );
        assert_eq!(v.as_object().unwrap().get("b"), Some(&Value::from("bb")));
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(err(""), (Problem::Eof("a value"), 1, 1));
        assert_eq!(err("  \n "), (Problem::Eof("a value"), 2, 2));
        assert_eq!(err("[1,]"), (Problem::TrailingComma, 1, 4));
        assert_eq!(err("{\"a\":1,\n  }"), (Problem::TrailingComma, 2, 3));
        assert_eq!(err("[1 2]"), (Problem::ExpectedCommaOr(b']'), 1, 4));
        assert_eq!(
            err("{\"a\":1 \"b\"}"),
            (Problem::ExpectedCommaOr(b'}'), 1, 8)
        );
        assert_eq!(err("{\"a\" 1}"), (Problem::ExpectedColon, 1, 6));
        assert_eq!(err("{1: 2}"), (Problem::KeyMustBeString, 1, 2));
        assert_eq!(err("[1] x"), (Problem::TrailingCharacters, 1, 5));
        assert_eq!(err("\"中文\\q\""), (Problem::InvalidEscape, 1, 5));
        assert_eq!(err("\"\\u12g4\""), (Problem::InvalidUnicodeEscape, 1, 6));
        assert_eq!(err("\"\\ud83d x\""), (Problem::LoneSurrogate, 1, 2));
        assert_eq!(err("\"\\ude97\""), (Problem::LoneSurrogate, 1, 2));
        assert_eq!(err("\"\\ud83d\\u0041\""), (Problem::LoneSurrogate, 1, 2));
        assert_eq!(err("\"a\tb\""), (Problem::ControlCharacter, 1, 3));
        assert_eq!(err("[01]"), (Problem::ExpectedCommaOr(b']'), 1, 3));
        assert_eq!(err("[1.]"), (Problem::InvalidNumber, 1, 4));
        assert_eq!(err("[1e+]"), (Problem::InvalidNumber, 1, 5));
        assert_eq!(err("[-x]"), (Problem::InvalidNumber, 1, 3));
        assert_eq!(err("[1e400]"), (Problem::NumberOutOfRange, 1, 2));
        assert_eq!(err("[-1e400]"), (Problem::NumberOutOfRange, 1, 2));
        assert_eq!(err("[NaN]"), (Problem::ExpectedValue, 1, 2));
        assert_eq!(err("[tru]"), (Problem::ExpectedValue, 1, 5));
        assert_eq!(err("[tr"), (Problem::Eof("a value"), 1, 4));
        assert_eq!(err("[1"), (Problem::Eof("an array"), 1, 3));
        assert_eq!(err("{\"a\":"), (Problem::Eof("a value"), 1, 6));
        assert_eq!(err("{\"a\""), (Problem::Eof("an object"), 1, 5));
        assert_eq!(err("\"abc"), (Problem::Eof("a string"), 1, 5));
        assert_eq!(err("[1."), (Problem::Eof("a number"), 1, 4));
        assert_eq!(err("// no\n1"), (Problem::ExpectedValue, 1, 1));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error_in_strings_and_outside() {
        let e = parse(b"[\"ab\xFFc\"]").unwrap_err();
        assert_eq!(
            (e.problem, e.offset, e.column),
            (Problem::InvalidUtf8, 4, 5)
        );
        let e = parse(b"[\"a\\n\xC3\"]").unwrap_err();
        assert_eq!(e.problem, Problem::InvalidUtf8);
        assert_eq!(
            parse(b"[\xFF]").unwrap_err().problem,
            Problem::ExpectedValue
        );
        // A skipped string is checked all the same.
        let mut p = Parser::new(b"\"\xE4\xB8\"");
        assert_eq!(p.skip().unwrap_err().problem, Problem::InvalidUtf8);
    }

    #[test]
    fn nesting_is_limited() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            parse(deep.as_bytes()).unwrap_err().problem,
            Problem::TooDeep
        );
        let deep_objects = "{\"a\":".repeat(MAX_DEPTH + 1) + "1" + &"}".repeat(MAX_DEPTH + 1);
        let mut p = Parser::new(deep_objects.as_bytes());
        assert_eq!(p.skip().unwrap_err().problem, Problem::TooDeep);
        // A million levels cost no stack: the limit stops the descent.
        let huge = "[".repeat(1_000_000);
        assert_eq!(
            parse(huge.as_bytes()).unwrap_err().problem,
            Problem::TooDeep
        );
    }

    #[test]
    fn skipping_checks_what_reading_checks() {
        for text in [
            "[1, {\"a\": [\"x\", null]}, -2.5e3]",
            "[1,]",
            "{\"a\" 1}",
            "\"\\x\"",
        ] {
            let read = parse(text.as_bytes()).map(drop);
            let mut p = Parser::new(text.as_bytes());
            let skipped = p.skip().and_then(|()| p.end());
            assert_eq!(read, skipped, "{text}");
        }
    }

    #[test]
    fn a_part_is_read_again_at_its_depth() {
        let text = "[[1, [2]]]";
        let mut p = Parser::new(text.as_bytes());
        assert!(p.open(b'[').unwrap());
        let mut first = true;
        assert!(p.more(b']', &mut first).unwrap());
        p.peek();
        let start = p.offset();
        p.skip().unwrap();
        let mut again = Parser::at(text, start, 1);
        assert_eq!(again.value().unwrap(), parse(b"[1, [2]]").unwrap());
    }
}
