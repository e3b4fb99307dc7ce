//! A typed first pass over GeoJSON text that reads coordinates straight into `[f64; 2]` arrays
//! instead of a [`Value`] per number and per position.
//!
//! It accepts exactly the JSON that `serde_json::from_slice::<Value>` accepts: every visitor here
//! goes through `deserialize_any` like [`Value`] does (so numbers, strings, nesting depth and
//! trailing characters are checked the same way), every member the reader never looks at is still
//! fully checked by [`Skip`], and everything whose shape the reader's fast paths do not cover is
//! kept as a [`Value`] (or can be turned back into one with the same meaning to the reader). Keys
//! repeated in an object keep their last value, as in [`Value`]. The one object [`Value`] treats
//! specially, one whose first key is serde_json's raw-value token, makes this pass fail; the caller
//! then reads the text as a [`Value`].

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The key serde_json's [`Value`] turns into a raw value instead of an object.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A `coordinates` value. The typed variants hold arrays whose every element had the typed shape
/// one level down; anything else is [`C::Arr`] or [`C::Other`].
#[derive(Debug, PartialEq)]
pub(super) enum C {
    /// A number.
    Num(f64),
    /// An array of exactly two numbers.
    Pair([f64; 2]),
    /// A non-empty array of [`C::Pair`]s.
    Pairs(Vec<[f64; 2]>),
    /// A non-empty array of [`C::Pairs`].
    Rings(Vec<Vec<[f64; 2]>>),
    /// A non-empty array of [`C::Rings`].
    Polys(Vec<Vec<Vec<[f64; 2]>>>),
    /// Any other array.
    Arr(Vec<C>),
    /// Null, a boolean, a string or an object.
    Other(Value),
}

fn pair_value(p: &[f64; 2]) -> Value {
    Value::Array(vec![Value::from(p[0]), Value::from(p[1])])
}

fn pairs_value(ps: &[[f64; 2]]) -> Value {
    Value::Array(ps.iter().map(pair_value).collect())
}

fn rings_value(rs: &[Vec<[f64; 2]>]) -> Value {
    Value::Array(rs.iter().map(|r| pairs_value(r)).collect())
}

impl C {
    /// The same value as a [`Value`], for the reader's general path. Numbers become `f64`
    /// numbers, which the reader cannot tell from the integers they may have been written as.
    pub(super) fn to_value(&self) -> Value {
        match self {
            C::Num(x) => Value::from(*x),
            C::Pair(p) => pair_value(p),
            C::Pairs(ps) => pairs_value(ps),
            C::Rings(rs) => rings_value(rs),
            C::Polys(ps) => Value::Array(ps.iter().map(|p| rings_value(p)).collect()),
            C::Arr(items) => Value::Array(items.iter().map(C::to_value).collect()),
            C::Other(v) => v.clone(),
        }
    }

    /// Appends this value to a homogeneous list of `T`s if it has that shape, or returns it.
    fn into_list<T>(self, take: fn(C) -> Result<T, C>, list: &mut Vec<T>) -> Option<C> {
        match take(self) {
            Ok(t) => {
                list.push(t);
                None
            }
            Err(c) => Some(c),
        }
    }
}

fn take_pair(c: C) -> Result<[f64; 2], C> {
    match c {
        C::Pair(p) => Ok(p),
        other => Err(other),
    }
}

fn take_pairs(c: C) -> Result<Vec<[f64; 2]>, C> {
    match c {
        C::Pairs(p) => Ok(p),
        other => Err(other),
    }
}

fn take_rings(c: C) -> Result<Vec<Vec<[f64; 2]>>, C> {
    match c {
        C::Rings(p) => Ok(p),
        other => Err(other),
    }
}

/// Reads the rest of an array whose elements so far all had one typed shape; falls back to
/// [`C::Arr`] at the first element that does not.
fn homogeneous<'de, A, T>(
    mut seq: A,
    first: T,
    take: fn(C) -> Result<T, C>,
    wrap: fn(Vec<T>) -> C,
    unwrap: fn(T) -> C,
) -> Result<C, A::Error>
where
    A: SeqAccess<'de>,
{
    let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(8).max(8));
    list.push(first);
    while let Some(c) = seq.next_element::<C>()? {
        if let Some(odd) = c.into_list(take, &mut list) {
            let mut items: Vec<C> = list.into_iter().map(unwrap).collect();
            items.push(odd);
            return general(seq, items);
        }
    }
    Ok(wrap(list))
}

/// Reads the rest of an array into [`C::Arr`].
fn general<'de, A>(mut seq: A, mut items: Vec<C>) -> Result<C, A::Error>
where
    A: SeqAccess<'de>,
{
    while let Some(c) = seq.next_element::<C>()? {
        items.push(c);
    }
    Ok(C::Arr(items))
}

struct CVisitor;

impl<'de> Visitor<'de> for CVisitor {
    type Value = C;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<C, E> {
        Ok(C::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<C, E> {
        Ok(C::Num(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<C, E> {
        Ok(C::Num(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<C, E> {
        Ok(C::Num(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<C, E> {
        Ok(C::Other(Value::String(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<C, E> {
        Ok(C::Other(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<C, E> {
        Ok(C::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<C, E> {
        Ok(C::Other(Value::Null))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<C, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(C::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<C, A::Error> {
        let Some(first) = seq.next_element::<C>()? else {
            return Ok(C::Arr(Vec::new()));
        };
        match first {
            C::Num(x) => {
                let Some(second) = seq.next_element::<C>()? else {
                    return Ok(C::Arr(vec![C::Num(x)]));
                };
                match second {
                    C::Num(y) => match seq.next_element::<C>()? {
                        None => Ok(C::Pair([x, y])),
                        Some(third) => general(seq, vec![C::Num(x), C::Num(y), third]),
                    },
                    other => general(seq, vec![C::Num(x), other]),
                }
            }
            C::Pair(p) => homogeneous(seq, p, take_pair, C::Pairs, C::Pair),
            C::Pairs(r) => homogeneous(seq, r, take_pairs, C::Rings, C::Pairs),
            C::Rings(p) => homogeneous(seq, p, take_rings, C::Polys, C::Rings),
            other => general(seq, vec![other]),
        }
    }
}

impl<'de> Deserialize<'de> for C {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<C, D::Error> {
        d.deserialize_any(CVisitor)
    }
}

/// Any JSON value, checked and dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_none<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_key::<Key>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

/// The object members the reader looks at.
enum Key {
    Type,
    Id,
    Properties,
    Geometry,
    Features,
    Coordinates,
    Geometries,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "type" => Key::Type,
            "id" => Key::Id,
            "properties" => Key::Properties,
            "geometry" => Key::Geometry,
            "features" => Key::Features,
            "coordinates" => Key::Coordinates,
            "geometries" => Key::Geometries,
            RAW_VALUE_TOKEN => return Err(E::custom("raw value token")),
            _ => Key::Other,
        })
    }
}

/// An object's members that the reader looks at, whatever the object is; absent ones are `None`.
#[derive(Debug, Default)]
pub(super) struct Members {
    pub(super) kind: Option<Value>,
    pub(super) id: Option<Value>,
    pub(super) properties: Option<Value>,
    pub(super) geometry: Option<Geom>,
    pub(super) features: Option<Features>,
    pub(super) coordinates: Option<C>,
    pub(super) geometries: Option<Value>,
}

impl Members {
    /// The `type` member, if it is a string.
    pub(super) fn kind(&self) -> Option<&str> {
        self.kind.as_ref().and_then(Value::as_str)
    }

    /// The object as a [`Value`] holding the members a geometry is read from.
    pub(super) fn geometry_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(v) = &self.kind {
            map.insert("type".to_string(), v.clone());
        }
        if let Some(v) = &self.coordinates {
            map.insert("coordinates".to_string(), v.to_value());
        }
        if let Some(v) = &self.geometries {
            map.insert("geometries".to_string(), v.clone());
        }
        Value::Object(map)
    }
}

/// A JSON value that is an object (its [`Members`]) or anything else.
#[derive(Debug)]
pub(super) enum Obj {
    Object(Box<Members>),
    Other(Value),
}

/// A geometry, a feature or the document's root.
pub(super) type Geom = Obj;

/// A `features` member: an array, or anything else (checked and dropped).
#[derive(Debug)]
pub(super) enum Features {
    List(Vec<Obj>),
    Other,
}

fn features_other(_: Value) -> Features {
    Features::Other
}

struct ObjVisitor;

macro_rules! other_value {
    ($t:ty, $wrap:path) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<$t, E> {
            Ok($wrap(Value::Bool(v)))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
            Ok($wrap(Value::from(v)))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
            Ok($wrap(Value::from(v)))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
            Ok($wrap(Value::from(v)))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
            Ok($wrap(Value::String(v.to_string())))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<$t, E> {
            Ok($wrap(Value::String(v)))
        }

        fn visit_unit<E: de::Error>(self) -> Result<$t, E> {
            Ok($wrap(Value::Null))
        }

        fn visit_none<E: de::Error>(self) -> Result<$t, E> {
            Ok($wrap(Value::Null))
        }
    };
}

impl<'de> Visitor<'de> for ObjVisitor {
    type Value = Obj;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    other_value!(Obj, Obj::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Obj, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(Obj::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj, A::Error> {
        let mut m = Members::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Type => m.kind = Some(map.next_value()?),
                Key::Id => m.id = Some(map.next_value()?),
                Key::Properties => m.properties = Some(map.next_value()?),
                Key::Geometry => m.geometry = Some(map.next_value()?),
                Key::Features => m.features = Some(map.next_value()?),
                Key::Coordinates => m.coordinates = Some(map.next_value()?),
                Key::Geometries => m.geometries = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Obj::Object(Box::new(m)))
    }
}

impl<'de> Deserialize<'de> for Obj {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Obj, D::Error> {
        d.deserialize_any(ObjVisitor)
    }
}

struct FeaturesVisitor;

impl<'de> Visitor<'de> for FeaturesVisitor {
    type Value = Features;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    other_value!(Features, features_other);

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Features, A::Error> {
        SkipVisitor.visit_map(map).map(|_| Features::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Features, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(f) = seq.next_element::<Obj>()? {
            list.push(f);
        }
        Ok(Features::List(list))
    }
}

impl<'de> Deserialize<'de> for Features {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Features, D::Error> {
        d.deserialize_any(FeaturesVisitor)
    }
}

/// Reads the whole text; fails where `serde_json::from_slice::<Value>` fails (and on a raw-value
/// token), with no promise about the error.
pub(super) fn read(text: &str) -> Result<Obj, serde_json::Error> {
    // From bytes, like every JSON read in the crate: one instance of serde_json's parser in the
    // WebAssembly module instead of one per input type (text is valid UTF-8 either way).
    serde_json::from_slice(text.as_bytes())
}
