//! Synthetic chain documents of any size, for tests and benchmarks (`lianmap generate`).
//!
//! The shape follows real chains: three stages; top-level link groups with children and some
//! grandchildren; flows mostly from one stage to the next (about 1.5 per link), a few within a stage
//! and a few recycling flows back upstream; enterprises mostly local, with leaders, key suppliers
//! and targets at every pipeline status, placed in the 14 prefecture cities of Guangxi; parks,
//! projects, opportunities and metrics in proportion. Same options and seed → same document.

use std::collections::{BTreeSet, HashSet};

use crate::model::{
    Document, Enterprise, Flow, Link, Meta, Metric, Name, Opportunity, OpportunityKind, Park,
    ParkLevel, Project, Role, Stage, Status,
};
use crate::rng::Rng;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    /// Number of links (at least 3).
    pub links: usize,
    /// Number of enterprises.
    pub enterprises: usize,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            links: 60,
            enterprises: 400,
            seed: 1,
        }
    }
}

/// Guangxi's prefecture cities: code, Chinese name, English name, longitude, latitude.
type City = (&'static str, &'static str, &'static str, f64, f64);

/// Fallback for lookups that cannot miss.
const NANNING: City = ("450100", "南宁", "Nanning", 108.37, 22.82);

const CITIES: &[City] = &[
    ("450100", "南宁", "Nanning", 108.37, 22.82),
    ("450200", "柳州", "Liuzhou", 109.43, 24.33),
    ("450300", "桂林", "Guilin", 110.29, 25.27),
    ("450400", "梧州", "Wuzhou", 111.28, 23.48),
    ("450500", "北海", "Beihai", 109.12, 21.48),
    ("450600", "防城港", "Fangchenggang", 108.35, 21.69),
    ("450700", "钦州", "Qinzhou", 108.65, 21.98),
    ("450800", "贵港", "Guigang", 109.60, 23.11),
    ("450900", "玉林", "Yulin", 110.18, 22.65),
    ("451000", "百色", "Baise", 106.62, 23.90),
    ("451100", "贺州", "Hezhou", 111.57, 24.40),
    ("451200", "河池", "Hechi", 108.09, 24.69),
    ("451300", "来宾", "Laibin", 109.22, 23.75),
    ("451400", "崇左", "Chongzuo", 107.36, 22.38),
];

/// Domain words for link names per stage: (Chinese, English).
const WORDS: [&[(&str, &str)]; 3] = [
    &[
        ("锂矿", "Lithium ore"),
        ("正极材料", "Cathode materials"),
        ("负极材料", "Anode materials"),
        ("电解液", "Electrolyte"),
        ("隔膜", "Separators"),
        ("铜箔", "Copper foil"),
        ("功率芯片", "Power chips"),
        ("传感器", "Sensors"),
        ("铝合金", "Aluminium alloys"),
        ("碳纤维", "Carbon fibre"),
        ("稀土永磁", "Rare-earth magnets"),
    ],
    &[
        ("电芯", "Battery cells"),
        ("电池包", "Battery packs"),
        ("电池管理系统", "Battery management"),
        ("驱动电机", "Drive motors"),
        ("电机控制器", "Motor controllers"),
        ("热管理", "Thermal management"),
        ("域控制器", "Domain controllers"),
        ("线束", "Wiring harnesses"),
        ("底盘", "Chassis"),
        ("车身", "Body"),
    ],
    &[
        ("乘用车", "Passenger cars"),
        ("商用车", "Commercial vehicles"),
        ("专用车", "Special vehicles"),
        ("充电设施", "Charging"),
        ("换电服务", "Battery swapping"),
        ("电池回收", "Battery recycling"),
        ("汽车金融", "Auto finance"),
        ("出行服务", "Mobility services"),
        ("售后服务", "After-sales"),
    ],
];

fn localized(zh: String, en: String) -> Name {
    Name::Localized(
        [("zh-CN".to_owned(), zh), ("en".to_owned(), en)]
            .into_iter()
            .collect(),
    )
}

/// Generates a document.
///
/// Complexity: O(links + enterprises).
pub fn generate(options: &GenerateOptions) -> Document {
    let mut rng = Rng(options.seed ^ 0x4C49_414E_4D41_5021);
    let stage_ids = ["up", "mid", "down"];
    let stages = vec![
        Stage {
            id: "up".into(),
            name: localized("上游".into(), "Upstream".into()),
        },
        Stage {
            id: "mid".into(),
            name: localized("中游".into(), "Midstream".into()),
        },
        Stage {
            id: "down".into(),
            name: localized("下游".into(), "Downstream".into()),
        },
    ];

    // Links: about one group per ten links, then children and some grandchildren.
    let n_links = options.links.max(3);
    let n_groups = (n_links / 10).clamp(3, n_links);
    let mut links: Vec<Link> = Vec::with_capacity(n_links);
    let mut link_stage: Vec<usize> = Vec::with_capacity(n_links);
    for i in 0..n_links {
        let (stage, parent) = if i < n_groups {
            (i % 3, None)
        } else {
            // Parent: a group (or, for one in four, an earlier child), same stage.
            let parent = if rng.chance(0.25) && i > n_groups {
                n_groups + rng.below(i - n_groups)
            } else {
                rng.below(n_groups)
            };
            (link_stage.get(parent).copied().unwrap_or(0), Some(parent))
        };
        let words = WORDS.get(stage).copied().unwrap_or(&[]);
        let (zh, en) = words
            .get(i % words.len().max(1))
            .copied()
            .unwrap_or(("环节", "Link"));
        links.push(Link {
            id: format!("l{i}"),
            name: localized(format!("{zh} {i}"), format!("{en} {i}")),
            stage: Some(stage_ids.get(stage).copied().unwrap_or("up").to_owned()),
            parent: parent.map(|p| format!("l{p}")),
            gap: None,
            description: None,
        });
        link_stage.push(stage);
    }
    let mut has_child = vec![false; n_links];
    for link in &links {
        if let Some(p) = link
            .parent
            .as_ref()
            .and_then(|p| p.get(1..))
            .and_then(|p| p.parse::<usize>().ok())
            && let Some(h) = has_child.get_mut(p)
        {
            *h = true;
        }
    }
    let leaves_by_stage: Vec<Vec<usize>> = (0..3)
        .map(|s| {
            (0..n_links)
                .filter(|i| {
                    link_stage.get(*i) == Some(&s) && !has_child.get(*i).copied().unwrap_or(true)
                })
                .collect()
        })
        .collect();
    let all_leaves: Vec<usize> = (0..n_links)
        .filter(|i| !has_child.get(*i).copied().unwrap_or(true))
        .collect();

    // Flows: about 1.5 per link.
    let n_flows = n_links * 3 / 2;
    let mut seen = HashSet::new();
    let mut flows = Vec::with_capacity(n_flows);
    let mut attempts = 0;
    while flows.len() < n_flows && attempts < n_flows * 20 {
        attempts += 1;
        let roll = rng.unit();
        let (from_stage, to_stage) = if roll < 0.85 {
            let s = rng.below(2);
            (s, s + 1)
        } else if roll < 0.97 {
            let s = rng.below(3);
            (s, s)
        } else {
            (2, 0) // recycling back upstream
        };
        let (Some(from), Some(to)) = (
            leaves_by_stage
                .get(from_stage)
                .and_then(|l| rng.pick(l))
                .copied(),
            leaves_by_stage
                .get(to_stage)
                .and_then(|l| rng.pick(l))
                .copied(),
        ) else {
            continue;
        };
        if from != to && seen.insert((from, to)) {
            flows.push(Flow {
                from: format!("l{from}"),
                to: format!("l{to}"),
            });
        }
    }

    // Parks.
    let n_parks = (n_links / 8).clamp(2, 2_000);
    let parks: Vec<Park> = (0..n_parks)
        .map(|i| {
            let city = CITIES.get(i % CITIES.len()).copied().unwrap_or(NANNING);
            let level = ParkLevel::ALL.get(rng.below(ParkLevel::ALL.len())).copied();
            let park_links = (0..3)
                .filter_map(|_| rng.pick(&all_leaves))
                .map(|l| format!("l{l}"))
                .collect::<BTreeSet<_>>();
            Park {
                id: format!("p{i}"),
                name: localized(
                    format!("{}示例产业园{i}", city.1),
                    format!("{} Sample Park {i}", city.2),
                ),
                level,
                region: Some(city.0.to_owned()),
                lon: Some(round(city.3 + (rng.unit() - 0.5) * 0.3, 4)),
                lat: Some(round(city.4 + (rng.unit() - 0.5) * 0.3, 4)),
                links: park_links.into_iter().collect(),
                land_ha: Some(round(20.0 + rng.unit() * 300.0, 1)),
                url: None,
            }
        })
        .collect();

    // Enterprises.
    let target_statuses = [
        Status::Target,
        Status::Lead,
        Status::Negotiating,
        Status::Signed,
        Status::Started,
    ];
    let enterprises: Vec<Enterprise> = (0..options.enterprises)
        .map(|i| {
            let city = *rng.pick(CITIES).unwrap_or(&NANNING);
            let local = rng.chance(0.7);
            let role_roll = rng.unit();
            let role = if role_roll < 0.04 {
                Role::Leader
            } else if role_roll < 0.2 {
                Role::Key
            } else {
                Role::Member
            };
            let n_on = if rng.chance(0.8) { 1 } else { 2 };
            let mut on: Vec<String> = Vec::new();
            for _ in 0..n_on {
                if let Some(l) = rng.pick(&all_leaves) {
                    let id = format!("l{l}");
                    if !on.contains(&id) {
                        on.push(id);
                    }
                }
            }
            let park = (local && rng.chance(0.5) && !parks.is_empty())
                .then(|| format!("p{}", rng.below(parks.len())));
            Enterprise {
                id: format!("e{i}"),
                name: localized(
                    format!("{}示例科技{i:05}有限公司", city.1),
                    format!("{} Sample Tech {i:05} Co.", city.2),
                ),
                links: on,
                role: Some(role),
                local: Some(local),
                status: Some(if local {
                    Status::Producing
                } else {
                    *rng.pick(&target_statuses).unwrap_or(&Status::Target)
                }),
                score: Some(round(40.0 + rng.unit() * 60.0, 1)),
                region: Some(city.0.to_owned()),
                park,
                lon: Some(round(city.3 + (rng.unit() - 0.5) * 0.5, 4)),
                lat: Some(round(city.4 + (rng.unit() - 0.5) * 0.5, 4)),
                amount: Some(round(0.5 + rng.unit().powi(3) * 200.0, 2)),
                url: None,
            }
        })
        .collect();

    // Projects: about one per eight enterprises, on targets.
    let targets: Vec<usize> = (0..enterprises.len())
        .filter(|e| enterprises.get(*e).is_some_and(|e| !e.is_local()))
        .collect();
    let pipeline = [
        Status::Lead,
        Status::Negotiating,
        Status::Signed,
        Status::Started,
        Status::Producing,
    ];
    let projects: Vec<Project> = (0..enterprises.len() / 8)
        .filter_map(|i| {
            let e = enterprises.get(*rng.pick(&targets)?)?;
            let month = 1 + rng.below(12);
            let day = 1 + rng.below(28);
            Some(Project {
                id: format!("pr{i}"),
                name: localized(format!("示例项目{i}"), format!("Sample project {i}")),
                enterprise: Some(e.id.clone()),
                link: e.links.first().cloned(),
                status: pipeline.get(i % pipeline.len()).copied(),
                amount: Some(round(1.0 + rng.unit() * 150.0, 1)),
                region: e.region.clone(),
                date: Some(format!("{}-{month:02}-{day:02}", 2024 + rng.below(3))),
            })
        })
        .collect();

    // Opportunities: about one per two links.
    let opportunities: Vec<Opportunity> = (0..n_links / 2)
        .map(|i| {
            let kind = OpportunityKind::ALL
                .get(i % OpportunityKind::ALL.len())
                .copied()
                .unwrap_or(OpportunityKind::Scene);
            let city = *rng.pick(CITIES).unwrap_or(&NANNING);
            Opportunity {
                id: format!("o{i}"),
                kind,
                title: localized(
                    format!("{}示例机会{i}", city.1),
                    format!("{} sample opportunity {i}", city.2),
                ),
                link: rng.pick(&all_leaves).map(|l| format!("l{l}")),
                region: Some(city.0.to_owned()),
                amount: Some(round(rng.unit() * 20.0, 1)),
                description: None,
                url: None,
            }
        })
        .collect();

    let metrics = CITIES
        .iter()
        .flat_map(|c| {
            [
                ("investment", 10.0 + rng.unit() * 800.0),
                ("output", 50.0 + rng.unit() * 2_000.0),
            ]
            .map(|(key, value)| Metric {
                region: c.0.to_owned(),
                key: key.to_owned(),
                value: round(value, 1),
            })
        })
        .collect();

    Document {
        version: 1,
        meta: Meta {
            title: Some(localized(
                format!("合成产业链（{n_links} 个环节，种子 {}）", options.seed),
                format!("Synthetic chain ({n_links} links, seed {})", options.seed),
            )),
            region: Some("450000".into()),
            updated: Some("2026-10-01".into()),
            currency: Some("CNY".into()),
            unit: Some("亿元".into()),
            sample: Some(true),
            source: Some("lianmap generate: synthetic data, all names fictional".into()),
        },
        stages: Some(stages),
        links,
        flows,
        enterprises,
        parks,
        projects,
        opportunities,
        metrics,
    }
}

fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_valid() {
        let options = GenerateOptions {
            links: 200,
            enterprises: 1_000,
            seed: 7,
        };
        let doc = generate(&options);
        assert_eq!(doc, generate(&options));
        assert_ne!(
            doc,
            generate(&GenerateOptions {
                seed: 8,
                ..options.clone()
            })
        );
        let json = serde_json::to_vec(&doc).unwrap_or_default();
        let report = crate::validate::parse(&json);
        assert!(report.is_valid(), "{:?}", report.diagnostics.first());
        assert_eq!(report.document.links.len(), 200);
        assert_eq!(report.document.enterprises.len(), 1_000);
        let flows = report.document.flows.len();
        assert!((250..=300).contains(&flows), "{flows} flows for 200 links");
    }
}
