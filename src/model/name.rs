//! Display names: a plain string or a map from language tag to string.

use serde::{Serialize, Serializer};

/// A UI language Lianmap speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese (the default).
    #[default]
    ZhCn,
    /// Traditional Chinese.
    ZhTw,
    /// English.
    En,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 3] = [Lang::ZhCn, Lang::ZhTw, Lang::En];

    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Picks the language for a tag such as `zh-CN`, `zh-Hant-HK`, `en-GB` or `zh`; `None` when
    /// Lianmap does not speak it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"))
                    && !rest.contains(&"hans");
                Some(if traditional { Lang::ZhTw } else { Lang::ZhCn })
            }
            _ => None,
        }
    }
}

/// A display name: one string for every language, or one per language tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Name {
    /// The same text in every language.
    Text(#[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))] String),
    /// Text per BCP 47 language tag, e.g. `{"zh-CN": "动力电池", "en": "Power batteries"}`.
    Localized(Texts),
}

/// Texts by language tag, sorted by tag: a map on the wire, a small sorted vector in memory.
///
/// A document holds a name for every link and enterprise, and most names have two or three
/// languages: a `BTreeMap` spends a whole node (over 500 bytes) on each, this spends 48 bytes
/// a language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts(Vec<(String, String)>);

impl Texts {
    /// The text for exactly `tag`.
    pub fn get(&self, tag: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(t, _)| t.as_str().cmp(tag))
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, text)| text)
    }

    /// Sets the text for `tag`, replacing any earlier one.
    pub fn insert(&mut self, tag: String, text: String) {
        match self.0.binary_search_by(|(t, _)| t.cmp(&tag)) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = text;
                }
            }
            Err(i) => self.0.insert(i, (tag, text)),
        }
    }

    /// (tag, text) pairs in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(tag, text)| (tag, text))
    }

    /// The texts in tag order.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, text)| text)
    }

    /// How many languages.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No language at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, String)> for Texts {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut texts = Texts::default();
        for (tag, text) in pairs {
            texts.insert(tag, text);
        }
        texts
    }
}

impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Texts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Texts".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = <std::collections::BTreeMap<String, String>>::json_schema(generator);
        schema.insert("minProperties".into(), 1.into());
        schema
    }
}

impl Name {
    /// The text for `lang`: the exact tag, then a tag of the same language and script, then the
    /// other Chinese form, then English, then whatever there is.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Name::Text(text) => text,
            Name::Localized(map) => {
                let by_lang = |want: Lang| {
                    map.iter()
                        .find(|(tag, text)| !text.is_empty() && Lang::from_tag(tag) == Some(want))
                        .map(|(_, text)| text.as_str())
                };
                let fallback = match lang {
                    Lang::ZhCn => [Lang::ZhCn, Lang::ZhTw, Lang::En],
                    Lang::ZhTw => [Lang::ZhTw, Lang::ZhCn, Lang::En],
                    Lang::En => [Lang::En, Lang::ZhCn, Lang::ZhTw],
                };
                map.get(lang.tag())
                    .map(String::as_str)
                    .filter(|text| !text.is_empty())
                    .or_else(|| fallback.iter().find_map(|want| by_lang(*want)))
                    .or_else(|| {
                        map.values()
                            .find(|text| !text.is_empty())
                            .map(String::as_str)
                    })
                    .unwrap_or("")
            }
        }
    }

    /// Every text of the name, for search.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Name::Text(text) => (Some(text.as_str()), None),
            Name::Localized(map) => (None, Some(map.values().map(String::as_str))),
        };
        one.into_iter().chain(many.into_iter().flatten())
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name::Text(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localized(pairs: &[(&str, &str)]) -> Name {
        Name::Localized(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn picks_exact_then_related_then_any() {
        let name = localized(&[("zh-CN", "动力电池"), ("en", "Power batteries")]);
        assert_eq!(name.get(Lang::ZhCn), "动力电池");
        assert_eq!(name.get(Lang::En), "Power batteries");
        assert_eq!(name.get(Lang::ZhTw), "动力电池");
        assert_eq!(
            localized(&[("zh-Hant", "動力電池")]).get(Lang::ZhTw),
            "動力電池"
        );
        assert_eq!(localized(&[("fr", "Batteries")]).get(Lang::En), "Batteries");
        assert_eq!(
            localized(&[("en", ""), ("zh", "电池")]).get(Lang::En),
            "电池"
        );
        assert_eq!(Name::from("电池").get(Lang::En), "电池");
    }

    #[test]
    fn reads_language_tags() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh_hant_hk"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
