//! A typed first pass over GeoJSON text that reads coordinates straight into `[f64; 2]` arrays
//! instead of a [`Value`] per number and per position.
//!
//! It accepts exactly the JSON that [`json::parse`] accepts, since it reads through the same
//! [`Parser`]: members the reader never looks at are stepped over with [`Parser::skip`], which
//! checks them all the same, and everything whose shape the reader's fast paths do not cover is
//! kept as a [`Value`] (or can be turned back into one with the same meaning to the reader). Keys
//! repeated in an object keep their last value, as in [`Value`].

use crate::json::{self, Map, Parser, Value};

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

/// Reads the rest of an array whose first element had the typed shape `T`; falls back to
/// [`C::Arr`] at the first element that does not.
fn homogeneous<T>(
    p: &mut Parser<'_>,
    first: &mut bool,
    head: T,
    take: fn(C) -> Result<T, C>,
    wrap: fn(Vec<T>) -> C,
    unwrap: fn(T) -> C,
) -> Result<C, json::Error> {
    let mut list = Vec::with_capacity(8);
    list.push(head);
    while p.more(b']', first)? {
        if let Some(odd) = coordinates(p)?.into_list(take, &mut list) {
            let mut items: Vec<C> = list.into_iter().map(unwrap).collect();
            items.push(odd);
            return general(p, first, items);
        }
    }
    Ok(wrap(list))
}

/// Reads the rest of an array into [`C::Arr`].
fn general(p: &mut Parser<'_>, first: &mut bool, mut items: Vec<C>) -> Result<C, json::Error> {
    while p.more(b']', first)? {
        items.push(coordinates(p)?);
    }
    Ok(C::Arr(items))
}

/// A `coordinates` value (or any value inside one).
fn coordinates(p: &mut Parser<'_>) -> Result<C, json::Error> {
    match p.peek() {
        Some(b'-' | b'0'..=b'9') => return Ok(C::Num(p.number()?)),
        Some(b'[') => {}
        _ => return Ok(C::Other(p.value()?)),
    }
    p.open(b'[')?;
    let mut first = true;
    if !p.more(b']', &mut first)? {
        return Ok(C::Arr(Vec::new()));
    }
    match coordinates(p)? {
        C::Num(x) => {
            if !p.more(b']', &mut first)? {
                return Ok(C::Arr(vec![C::Num(x)]));
            }
            match coordinates(p)? {
                C::Num(y) => {
                    if !p.more(b']', &mut first)? {
                        return Ok(C::Pair([x, y]));
                    }
                    let third = coordinates(p)?;
                    general(p, &mut first, vec![C::Num(x), C::Num(y), third])
                }
                other => general(p, &mut first, vec![C::Num(x), other]),
            }
        }
        C::Pair(pair) => homogeneous(p, &mut first, pair, take_pair, C::Pairs, C::Pair),
        C::Pairs(ring) => homogeneous(p, &mut first, ring, take_pairs, C::Rings, C::Pairs),
        C::Rings(rings) => homogeneous(p, &mut first, rings, take_rings, C::Polys, C::Rings),
        other => general(p, &mut first, vec![other]),
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

/// A feature, a geometry or the root: its members when it is an object.
fn object(p: &mut Parser<'_>) -> Result<Obj, json::Error> {
    if !p.open(b'{')? {
        return Ok(Obj::Other(p.value()?));
    }
    let mut m = Members::default();
    let mut first = true;
    while p.more(b'}', &mut first)? {
        match p.key()?.as_ref() {
            "type" => m.kind = Some(p.value()?),
            "id" => m.id = Some(p.value()?),
            "properties" => m.properties = Some(p.value()?),
            "geometry" => m.geometry = Some(object(p)?),
            "features" => m.features = Some(features(p)?),
            "coordinates" => m.coordinates = Some(coordinates(p)?),
            "geometries" => m.geometries = Some(p.value()?),
            _ => p.skip()?,
        }
    }
    Ok(Obj::Object(Box::new(m)))
}

/// A `features` member.
fn features(p: &mut Parser<'_>) -> Result<Features, json::Error> {
    if !p.open(b'[')? {
        p.skip()?;
        return Ok(Features::Other);
    }
    let mut list = Vec::new();
    let mut first = true;
    while p.more(b']', &mut first)? {
        list.push(object(p)?);
    }
    Ok(Features::List(list))
}

/// Reads the whole text; fails where [`json::parse`] fails, with the same error.
pub(super) fn read(text: &str) -> Result<Obj, json::Error> {
    let mut p = Parser::at(text, 0, 0);
    let root = object(&mut p)?;
    p.end()?;
    Ok(root)
}
