//! The URL fragment a `<lian-map sync-hash>` keeps in step with its view and selection, so a link
//! to the page opens the same view with the same item selected.
//!
//! The fragment is read as `&`-separated `key=value` pairs; the widget owns the keys
//! `{prefix}.view` and `{prefix}.select` (prefix `lianmap`, or the attribute's value so that
//! several widgets on a page keep their own) and leaves every other part of the fragment as it is.

/// What the fragment asks of one widget.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// The view (`chain`, `map`, `split`, `table`), when given.
    pub view: Option<String>,
    /// The selected item's id, when given.
    pub select: Option<String>,
}

/// Reads the widget's keys from a fragment (with or without its leading `#`).
pub fn read(fragment: &str, prefix: &str) -> Shared {
    let mut shared = Shared::default();
    for part in parts(fragment) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let Some(name) = decode(key)
            .strip_prefix(prefix)
            .and_then(|k| k.strip_prefix('.'))
            .map(str::to_owned)
        else {
            continue;
        };
        let value = decode(value);
        match name.as_str() {
            "view" if !value.is_empty() => shared.view = Some(value),
            "select" if !value.is_empty() => shared.select = Some(value),
            _ => {}
        }
    }
    shared
}

/// The fragment (with its leading `#`, or empty) holding `shared` under `prefix` and every part
/// of `fragment` that is not the widget's.
pub fn write(fragment: &str, prefix: &str, shared: &Shared) -> String {
    let mine = |part: &&str| {
        let key = part.split_once('=').map_or(*part, |(k, _)| k);
        decode(key)
            .strip_prefix(prefix)
            .is_some_and(|k| k == ".view" || k == ".select")
    };
    let mut out: Vec<String> = parts(fragment)
        .filter(|p| !mine(p))
        .map(str::to_owned)
        .collect();
    let key = encode(prefix);
    if let Some(view) = &shared.view {
        out.push(format!("{key}.view={}", encode(view)));
    }
    if let Some(select) = &shared.select {
        out.push(format!("{key}.select={}", encode(select)));
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("#{}", out.join("&"))
    }
}

fn parts(fragment: &str) -> impl Iterator<Item = &str> {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .split('&')
        .filter(|p| !p.is_empty())
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~` (as `encodeURIComponent`
/// does, but also `!'()*`), so ids with any characters survive the round trip.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); invalid escapes and invalid UTF-8 are kept or
/// replaced rather than refused.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_id_and_keeps_the_host_parts() {
        for id in ["battery", "电池 正极", "a&b=c#d%e+f", "🚗/x?y"] {
            let shared = Shared {
                view: Some("split".into()),
                select: Some(id.into()),
            };
            let fragment = write("#section-2&tab=3", "lianmap", &shared);
            assert!(fragment.starts_with("#section-2&tab=3&lianmap.view=split&lianmap.select="));
            assert_eq!(read(&fragment, "lianmap"), shared, "{fragment}");
        }
    }

    #[test]
    fn each_prefix_keeps_its_own_keys() {
        let a = write(
            "",
            "east",
            &Shared {
                view: Some("map".into()),
                select: Some("r1".into()),
            },
        );
        let both = write(
            &a,
            "west",
            &Shared {
                view: None,
                select: Some("battery".into()),
            },
        );
        assert_eq!(both, "#east.view=map&east.select=r1&west.select=battery");
        assert_eq!(read(&both, "east").select.as_deref(), Some("r1"));
        assert_eq!(read(&both, "west").view, None);
        // Clearing one widget's selection leaves the other's.
        let cleared = write(
            &both,
            "east",
            &Shared {
                view: Some("map".into()),
                select: None,
            },
        );
        assert_eq!(cleared, "#west.select=battery&east.view=map");
        assert_eq!(write("#east.select=x", "east", &Shared::default()), "");
    }

    #[test]
    fn odd_fragments_do_not_break_reading() {
        assert_eq!(read("", "lianmap"), Shared::default());
        assert_eq!(
            read("#%zz&lianmap.select=%E7%94%B5%", "lianmap")
                .select
                .as_deref(),
            Some("电%")
        );
        assert_eq!(
            read("#lianmap.select=&lianmap.view", "lianmap"),
            Shared::default()
        );
        assert_eq!(read("#lianmapx.select=a", "lianmap"), Shared::default());
    }
}
