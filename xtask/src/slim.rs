//! The module and its glue, trimmed to each other after wasm-bindgen.
//!
//! wasm-bindgen names every import after the JavaScript it calls plus a hash
//! (`__wbg_addEventListener_3acb0aad4483804c`) and exports closure adapters under names of 250
//! characters; the glue repeats each name once. Neither side needs the words: the imports become
//! `a`, `b`, …, `ba`, … in a module `a`, and the exports the glue calls likewise.
//!
//! Exports the glue never calls are dropped. (The classes that `wasm-streams`, linked by Leptos'
//! server functions, used to export are gone at the source: the workspace patches that crate
//! with a stand-in without exports, `xtask/stubs/wasm-streams`, since dropping the exports here
//! left their code alive in the function table.)

/// The key under which the glue hands its imports to the module.
const IMPORT_MODULE_KEY: &str = "\"./lianmap_core_bg.js\": import0";

/// Trims `wasm` (wasm-bindgen's module) and `glue` (its JavaScript) to each other.
pub fn slim(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let mut glue = glue.to_owned();
    let sections = sections(wasm)?;
    let mut out = wasm[..8].to_vec();
    for (id, body) in sections {
        let body = match id {
            2 => rename_imports(body, &mut glue)?,
            7 => trim_exports(body, &mut glue)?,
            _ => body.to_vec(),
        };
        out.push(id);
        leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok((out, glue))
}

/// The import section with every import renamed, the glue's import object to match.
fn rename_imports(body: &[u8], glue: &mut String) -> Result<Vec<u8>, String> {
    let mut r = Reader { bytes: body, at: 0 };
    let count = r.leb()?;
    let module_renamed = glue.matches(IMPORT_MODULE_KEY).count() == 1;
    let mut out = Vec::with_capacity(body.len() / 4);
    leb(&mut out, count);
    let mut names = ShortNames::default();
    for _ in 0..count {
        let module = r.name()?;
        let name = r.name()?;
        let description = r.import_description()?;
        let from_glue = module == "./lianmap_core_bg.js" && module_renamed;
        let (module, name) = if from_glue {
            let short = names.next();
            let key = format!(" {name}: function(");
            if glue.matches(&key).count() != 1 {
                return Err(format!("the glue does not define the import {name} once"));
            }
            *glue = glue.replacen(&key, &format!(" {short}: function("), 1);
            ("a".to_owned(), short)
        } else {
            (module.to_owned(), name.to_owned())
        };
        write_name(&mut out, &module);
        write_name(&mut out, &name);
        out.extend_from_slice(description);
    }
    if module_renamed {
        *glue = glue.replacen(IMPORT_MODULE_KEY, "\"a\": import0", 1);
    }
    Ok(out)
}

/// The export section with only what the glue calls, renamed; `memory` keeps its name.
fn trim_exports(body: &[u8], glue: &mut String) -> Result<Vec<u8>, String> {
    let mut r = Reader { bytes: body, at: 0 };
    let count = r.leb()?;
    let mut kept = Vec::new();
    let mut names = ShortNames::default();
    // (where in the glue, old length, new text), all found in the glue as it came.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for _ in 0..count {
        let name = r.name()?.to_owned();
        let start = r.at;
        r.byte()?;
        r.leb()?;
        let description = &body[start..r.at];
        let old = format!("wasm.{name}");
        let uses = whole_word_positions(glue, &old);
        if uses.is_empty() {
            continue;
        }
        let new = if name == "memory" { name } else { names.next() };
        edits.extend(
            uses.iter()
                .map(|&at| (at, old.len(), format!("wasm.{new}"))),
        );
        let mut entry = Vec::new();
        write_name(&mut entry, &new);
        entry.extend_from_slice(description);
        kept.push(entry);
    }
    edits.sort_by_key(|e| e.0);
    let mut out_glue = String::with_capacity(glue.len());
    let mut copied = 0;
    for (at, len, new) in edits {
        out_glue.push_str(&glue[copied..at]);
        out_glue.push_str(&new);
        copied = at + len;
    }
    out_glue.push_str(&glue[copied..]);
    *glue = out_glue;
    let mut out = Vec::new();
    leb(&mut out, kept.len() as u64);
    kept.iter().for_each(|e| out.extend_from_slice(e));
    Ok(out)
}

/// Where `needle` occurs in `text` not followed by an identifier character.
fn whole_word_positions(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle)
        .map(|(at, _)| at)
        .filter(|&at| {
            !text[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
        .collect()
}

/// `a`, `b`, …, `Z`, `ba`, … : JavaScript identifiers, never a keyword.
#[derive(Default)]
struct ShortNames(usize);

impl ShortNames {
    fn next(&mut self) -> String {
        const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        loop {
            let (mut n, mut name) = (self.0, Vec::new());
            self.0 += 1;
            loop {
                name.push(FIRST[n % FIRST.len()]);
                n /= FIRST.len();
                if n == 0 {
                    break;
                }
            }
            let name = String::from_utf8(name).unwrap_or_default();
            if !matches!(name.as_str(), "do" | "if" | "in") {
                return name;
            }
        }
    }
}

/// The module's sections: (id, body), in order.
fn sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module".into());
    }
    let mut r = Reader { bytes: wasm, at: 8 };
    let mut out = Vec::new();
    while r.at < wasm.len() {
        let id = r.byte()?;
        let len = r.leb()? as usize;
        out.push((id, r.take(len)?));
    }
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or("the module ends inside a section")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let out = self
            .bytes
            .get(self.at..self.at + len)
            .ok_or("the module ends inside a section")?;
        self.at += len;
        Ok(out)
    }

    fn leb(&mut self) -> Result<u64, String> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("an over-long LEB128 number".into());
            }
        }
    }

    fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| "a name is not UTF-8".to_string())
    }

    /// An import's kind and type, as bytes.
    fn import_description(&mut self) -> Result<&'a [u8], String> {
        let start = self.at;
        match self.byte()? {
            0 => {
                self.leb()?; // function: type index
            }
            1 => {
                self.byte()?; // table: element type, limits
                self.limits()?;
            }
            2 => self.limits()?, // memory
            3 => {
                self.byte()?; // global: value type, mutability
                self.byte()?;
            }
            4 => {
                self.byte()?; // tag: attribute, type index
                self.leb()?;
            }
            kind => return Err(format!("an import of unknown kind {kind}")),
        }
        Ok(&self.bytes[start..self.at])
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with two imports from the glue's module, one function and three exports.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        let section = |m: &mut Vec<u8>, id: u8, body: Vec<u8>| {
            m.push(id);
            leb(m, body.len() as u64);
            m.extend(body);
        };
        section(&mut m, 1, vec![1, 0x60, 0, 0]); // one type: () -> ()
        let mut imports = vec![2];
        for name in ["__wbg_alert_0123", "__wbg_log_4567"] {
            write_name(&mut imports, "./lianmap_core_bg.js");
            write_name(&mut imports, name);
            imports.extend([0, 0]);
        }
        section(&mut m, 2, imports);
        section(&mut m, 3, vec![1, 0]); // one function of type 0
        let mut exports = vec![3];
        for (name, kind, index) in [("memory", 2u8, 0u8), ("widget_new", 0, 2), ("unused", 0, 2)] {
            write_name(&mut exports, name);
            exports.extend([kind, index]);
        }
        section(&mut m, 7, exports);
        section(&mut m, 10, vec![1, 2, 0, 0x0b]); // its body: end
        m
    }

    const GLUE: &str = "export function make() { return wasm.widget_new(wasm.memory.buffer); }\n\
        function imports() {\n    const import0 = {\n        __wbg_alert_0123: function(a) { alert(a); },\n        __wbg_log_4567: function(a) { console.log(a); },\n    };\n\
        return { \"./lianmap_core_bg.js\": import0 };\n}\n\
        const x = 1;\n";

    #[test]
    fn renames_both_sides_and_drops_what_the_glue_never_calls() {
        let (wasm, glue) = slim(&module(), GLUE).unwrap();
        assert!(glue.contains("return wasm.a(wasm.memory.buffer)"), "{glue}");
        assert!(glue.contains(" a: function(a) { alert(a); }"), "{glue}");
        assert!(
            glue.contains(" b: function(a) { console.log(a); }"),
            "{glue}"
        );
        assert!(glue.contains("return { \"a\": import0 };"), "{glue}");
        assert!(glue.ends_with("const x = 1;\n"), "{glue}");
        let sections = sections(&wasm).unwrap();
        let body = |id| sections.iter().find(|s| s.0 == id).unwrap().1;
        let mut imports = Reader {
            bytes: body(2),
            at: 0,
        };
        assert_eq!(imports.leb().unwrap(), 2);
        assert_eq!(
            (imports.name().unwrap(), imports.name().unwrap()),
            ("a", "a")
        );
        imports.import_description().unwrap();
        assert_eq!(
            (imports.name().unwrap(), imports.name().unwrap()),
            ("a", "b")
        );
        let mut exports = Reader {
            bytes: body(7),
            at: 0,
        };
        assert_eq!(exports.leb().unwrap(), 2, "`unused` is dropped");
        assert_eq!(exports.name().unwrap(), "memory");
        exports.take(2).unwrap();
        assert_eq!(exports.name().unwrap(), "a");
        // Every other section is copied as it was.
        assert_eq!(body(10), &[1, 2, 0, 0x0b]);
    }

    #[test]
    fn short_names_skip_keywords_and_never_repeat() {
        let mut names = ShortNames::default();
        let all: Vec<String> = (0..3000).map(|_| names.next()).collect();
        let unique: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
        assert!(!all.iter().any(|n| n == "do" || n == "if" || n == "in"));
        assert!(
            all.iter()
                .all(|n| n.chars().all(|c| c.is_ascii_alphabetic()))
        );
    }

    #[test]
    fn refuses_what_is_not_a_module() {
        assert!(slim(b"not wasm", "").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 2);
        assert!(slim(&cut, GLUE).is_err());
    }
}
