//! Second pass: every reference between items, and the shape of the link tree.

use crate::hash::Map as HashMap;

use super::Sources;
use super::diagnostic::{Diagnostic, field, index, quote};
use super::hint::closest;
use super::read::Reader;
use crate::model::{Document, Status};

/// How many unknown references get an edit-distance hint (each costs a scan of the ids).
const MAX_HINTS: usize = 200;
/// Hints are skipped for collections larger than this.
const MAX_HINT_CANDIDATES: usize = 50_000;

/// Ids of one collection, for lookups and hints.
struct Ids<'d> {
    kind: &'static str,
    ids: HashMap<String, usize>,
    ordered: Vec<&'d str>,
}

impl<'d> Ids<'d> {
    fn new(kind: &'static str, ids: impl Iterator<Item = &'d str>) -> Self {
        let ordered: Vec<&str> = ids.collect();
        let ids = ordered
            .iter()
            .enumerate()
            .map(|(i, id)| ((*id).to_owned(), i))
            .collect();
        Ids { kind, ids, ordered }
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }
}

struct Checker<'r, 'l> {
    reader: &'r mut Reader<'l>,
    hints_left: usize,
}

impl Checker<'_, '_> {
    /// Reports an unknown reference and returns false, or returns true when `id` exists.
    fn exists(&mut self, ids: &Ids, id: &str, at: String) -> bool {
        if ids.get(id).is_some() {
            return true;
        }
        let mut d = if ids.ordered.is_empty() {
            Diagnostic::error(
                at,
                format!(
                    "unknown {} {}: the document has no {}s",
                    ids.kind,
                    quote(id),
                    ids.kind
                ),
            )
        } else {
            Diagnostic::error(at, format!("unknown {} {}", ids.kind, quote(id)))
        };
        if self.hints_left > 0 && ids.ordered.len() <= MAX_HINT_CANDIDATES {
            self.hints_left -= 1;
            if let Some(near) = closest(id, ids.ordered.iter().copied()) {
                d = d.with_hint(format!("did you mean {}?", quote(near)));
            }
        }
        self.reader.push(d);
        false
    }
}

/// Checks references and clears the broken ones, so that everything left is consistent.
pub(crate) fn resolve(reader: &mut Reader, mut doc: Document, src: &Sources) -> Document {
    let mut c = Checker {
        reader,
        hints_left: MAX_HINTS,
    };
    let at = |collection: &str, sources: &[usize], i: usize, key: &str| {
        field(
            &index(collection, sources.get(i).copied().unwrap_or(i)),
            key,
        )
    };

    // Owned copies of the id sets, so the items can be edited while checking.
    let stage_ids: Vec<String> = doc.stages.iter().flatten().map(|s| s.id.clone()).collect();
    let link_ids: Vec<String> = doc.links.iter().map(|l| l.id.clone()).collect();
    let park_ids: Vec<String> = doc.parks.iter().map(|p| p.id.clone()).collect();
    let enterprise_ids: Vec<String> = doc.enterprises.iter().map(|e| e.id.clone()).collect();
    let stages = Ids::new("stage", stage_ids.iter().map(String::as_str));
    let links = Ids::new("link", link_ids.iter().map(String::as_str));
    let parks = Ids::new("park", park_ids.iter().map(String::as_str));
    let enterprises = Ids::new("enterprise", enterprise_ids.iter().map(String::as_str));
    let has_stages = doc.stages.is_some();

    // Links: stage and parent.
    let mut bad_stage = vec![false; doc.links.len()];
    for (i, link) in doc.links.iter_mut().enumerate() {
        if let Some(stage) = link.stage.take() {
            if let Some(bad) = bad_stage.get_mut(i) {
                *bad = true; // cleared below when the stage exists
            }
            if !has_stages {
                c.reader.push(
                    Diagnostic::error(
                        at("links", &src.links, i, "stage"),
                        format!(
                            "unknown stage {}: the document has no \"stages\"",
                            quote(&stage)
                        ),
                    )
                    .with_hint("add a \"stages\" array or remove \"stage\""),
                );
            } else if c.exists(&stages, &stage, at("links", &src.links, i, "stage")) {
                link.stage = Some(stage);
                if let Some(bad) = bad_stage.get_mut(i) {
                    *bad = false;
                }
            }
        }
        if let Some(parent) = link.parent.take() {
            if parent == link.id {
                c.reader.error(
                    at("links", &src.links, i, "parent"),
                    "a link cannot be its own parent",
                );
            } else if c.exists(&links, &parent, at("links", &src.links, i, "parent")) {
                link.parent = Some(parent);
            }
        }
    }
    break_parent_cycles(&mut c, &mut doc, &links, src);
    for (i, link) in doc.links.iter().enumerate() {
        if has_stages
            && link.stage.is_none()
            && link.parent.is_none()
            && bad_stage.get(i) != Some(&true)
        {
            c.reader.push(
                Diagnostic::error(
                    at("links", &src.links, i, "stage"),
                    "a top-level link needs a \"stage\" when the document has stages",
                )
                .with_hint(format!(
                    "one of {}",
                    stages
                        .ordered
                        .iter()
                        .map(|s| quote(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        if let (Some(stage), Some(parent)) = (&link.stage, &link.parent) {
            let parent_stage = links
                .get(parent)
                .and_then(|p| doc.links.get(p))
                .and_then(|p| p.stage.as_ref());
            if let Some(parent_stage) = parent_stage
                && parent_stage != stage
            {
                c.reader.warning(
                    at("links", &src.links, i, "stage"),
                    format!(
                        "stage {} differs from the stage {} of its parent {}",
                        quote(stage),
                        quote(parent_stage),
                        quote(parent)
                    ),
                );
            }
        }
    }

    // Flows.
    // Flows seen, by the pair of their ends (in the crate's `String`-keyed map).
    let mut seen_flows: HashMap<String, usize> = HashMap::default();
    let mut kept = Vec::with_capacity(doc.flows.len());
    for (i, flow) in std::mem::take(&mut doc.flows).into_iter().enumerate() {
        let from_ok = c.exists(&links, &flow.from, at("flows", &src.flows, i, "from"));
        let to_ok = c.exists(&links, &flow.to, at("flows", &src.flows, i, "to"));
        if !(from_ok && to_ok) {
            continue;
        }
        let path = index("flows", src.flows.get(i).copied().unwrap_or(i));
        if flow.from == flow.to {
            c.reader.warning(
                path,
                format!("flow from {} to itself is ignored", quote(&flow.from)),
            );
            continue;
        }
        if seen_flows
            .insert(crate::hash::pair_key(&flow.from, &flow.to), i)
            .is_some()
        {
            c.reader.warning(
                path,
                format!(
                    "duplicate flow {} → {} is ignored",
                    quote(&flow.from),
                    quote(&flow.to)
                ),
            );
            continue;
        }
        kept.push(flow);
    }
    doc.flows = kept;

    // Enterprises: links and park.
    for (i, enterprise) in doc.enterprises.iter_mut().enumerate() {
        let paths = src.enterprise_links.get(i);
        let mut kept: Vec<String> = Vec::with_capacity(enterprise.links.len());
        for (j, link) in std::mem::take(&mut enterprise.links)
            .into_iter()
            .enumerate()
        {
            let path = paths
                .and_then(|p| p.get(j))
                .cloned()
                .unwrap_or_else(|| at("enterprises", &src.enterprises, i, "links"));
            if !c.exists(&links, &link, path.clone()) {
                continue;
            }
            if kept.contains(&link) {
                c.reader
                    .warning(path, format!("link {} is listed twice", quote(&link)));
                continue;
            }
            kept.push(link);
        }
        enterprise.links = kept;
        if let Some(park) = enterprise.park.take()
            && c.exists(
                &parks,
                &park,
                at("enterprises", &src.enterprises, i, "park"),
            )
        {
            enterprise.park = Some(park);
        }
        if enterprise.local == Some(true)
            && let Some(status) = enterprise
                .status
                .filter(|s| matches!(s, Status::Target | Status::Lead | Status::Negotiating))
        {
            c.reader.warning(
                at("enterprises", &src.enterprises, i, "status"),
                format!(
                    "a local enterprise has the target status {}",
                    quote(status.as_str())
                ),
            );
        }
    }

    // Parks: links.
    for (i, park) in doc.parks.iter_mut().enumerate() {
        let paths = src.park_links.get(i);
        let mut kept = Vec::with_capacity(park.links.len());
        for (j, link) in std::mem::take(&mut park.links).into_iter().enumerate() {
            let path = paths
                .and_then(|p| p.get(j))
                .cloned()
                .unwrap_or_else(|| at("parks", &src.parks, i, "links"));
            if c.exists(&links, &link, path) && !kept.contains(&link) {
                kept.push(link);
            }
        }
        park.links = kept;
    }

    // Projects: enterprise and link.
    for (i, project) in doc.projects.iter_mut().enumerate() {
        if let Some(enterprise) = project.enterprise.take()
            && c.exists(
                &enterprises,
                &enterprise,
                at("projects", &src.projects, i, "enterprise"),
            )
        {
            project.enterprise = Some(enterprise);
        }
        if let Some(link) = project.link.take()
            && c.exists(&links, &link, at("projects", &src.projects, i, "link"))
        {
            project.link = Some(link);
        }
        if let (Some(e), Some(link)) = (&project.enterprise, &project.link) {
            let on_link = enterprises
                .get(e)
                .and_then(|k| doc.enterprises.get(k))
                .is_some_and(|e| e.links.is_empty() || e.links.contains(link));
            if !on_link {
                c.reader.warning(
                    at("projects", &src.projects, i, "link"),
                    format!("enterprise {} is not on link {}", quote(e), quote(link)),
                );
            }
        }
    }

    // Opportunities: link.
    for (i, opportunity) in doc.opportunities.iter_mut().enumerate() {
        if let Some(link) = opportunity.link.take()
            && c.exists(
                &links,
                &link,
                at("opportunities", &src.opportunities, i, "link"),
            )
        {
            opportunity.link = Some(link);
        }
    }
    doc
}

/// Finds cycles in the parent tree and cuts each at the link that closes it.
///
/// Complexity: O(links), each link visited once (three-colour walk up the parent pointers).
fn break_parent_cycles(c: &mut Checker, doc: &mut Document, links: &Ids, src: &Sources) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let n = doc.links.len();
    let mut mark = vec![Mark::New; n];
    let parent_of = |doc: &Document, i: usize| -> Option<usize> {
        doc.links
            .get(i)
            .and_then(|l| l.parent.as_deref())
            .and_then(|p| links.get(p))
    };
    for start in 0..n {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match mark.get(i).copied() {
                Some(Mark::New) => {
                    if let Some(m) = mark.get_mut(i) {
                        *m = Mark::OnPath;
                    }
                    path.push(i);
                    at = parent_of(doc, i);
                }
                Some(Mark::OnPath) => {
                    // `i` is on the current path: the links from `i` to the end form a cycle.
                    let cycle_start = path.iter().position(|p| *p == i).unwrap_or(0);
                    let cycle: Vec<usize> = path
                        .get(cycle_start..)
                        .map(<[usize]>::to_vec)
                        .unwrap_or_default();
                    let last = cycle.last().copied().unwrap_or(i);
                    let names: Vec<String> = cycle
                        .iter()
                        .chain(std::iter::once(&i))
                        .filter_map(|k| doc.links.get(*k))
                        .map(|l| quote(&l.id))
                        .collect();
                    // Every parent on the cycle is part of the problem; the cycle is cut at the
                    // link that closed it.
                    let mut members = cycle.clone();
                    members.sort_unstable();
                    for k in members {
                        let source = src.links.get(k).copied().unwrap_or(k);
                        let mut d = Diagnostic::error(
                            field(&index("links", source), "parent"),
                            format!("the parent tree has a cycle: {}", names.join(" → ")),
                        );
                        if k == last {
                            d = d.with_hint("this parent is ignored");
                        }
                        c.reader.push(d);
                    }
                    if let Some(link) = doc.links.get_mut(last) {
                        link.parent = None;
                    }
                    break;
                }
                _ => break,
            }
        }
        for i in path {
            if let Some(m) = mark.get_mut(i) {
                *m = Mark::Done;
            }
        }
    }
}
