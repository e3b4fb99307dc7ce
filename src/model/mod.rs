//! The chain document: Lianmap's wire format.
//!
//! These types are what a host writes as JSON (camelCase names, unknown fields ignored). They are
//! filled by [`crate::validate`], never by a blind `serde` derive, so that every problem in host
//! data is reported with its JSON path instead of stopping at the first one. The JSON Schema in
//! `schema/lianmap.schema.json` is generated from these types (see `lianmap schema`).

mod name;

pub use name::{Lang, Name, Texts};

use serde::Serialize;

/// The only document version this build reads.
pub const SUPPORTED_VERSIONS: &[u64] = &[1];

#[cfg(not(target_arch = "wasm32"))]
use schemars::JsonSchema;

/// A whole chain document.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[cfg_attr(
    not(target_arch = "wasm32"),
    schemars(
        title = "Lianmap chain document",
        description = "An industrial chain (产业链): stages, links (segments) and the flows between them, the enterprises on each link, parks, projects, opportunities and per-region metrics. Unknown fields are ignored. References between items (stage, parent, links, park, enterprise) are checked by `lianmap validate`, not by this schema."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Format version; must be 1.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(extend("const" = 1)))]
    pub version: u64,
    /// Title, region and units of the whole document.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    /// Stages of the chain, in order (upstream → downstream). When absent, links are ranked by their flows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<Stage>>,
    /// Links (segments, 环节) of the chain: a tree through `parent`.
    pub links: Vec<Link>,
    /// Supply relations between links (from supplier to customer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// Enterprises, local or targets of investment promotion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enterprises: Vec<Enterprise>,
    /// Industrial parks (园区).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parks: Vec<Park>,
    /// Investment projects and their pipeline status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
    /// Opportunities (机会清单): scenes, supply needs, land, policy, capital.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opportunities: Vec<Opportunity>,
    /// Any metric per region, for heat maps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
}

/// Document-wide information: title, region, date, units and where the data comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// Title shown above the map (a string, or one per language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Name>,
    /// Region code of the whole document (GB/T 2260, e.g. "450000").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Date the data was last updated (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = DATE_PATTERN)))]
    pub updated: Option<String>,
    /// Currency of amounts (ISO 4217, e.g. "CNY").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unit of amounts (e.g. "亿元").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// True when the document is sample or synthetic data; the widget then says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<bool>,
    /// Where the data comes from, shown as a note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Meta {
    fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// Pattern of an ISO 8601 calendar date (the validator also checks the day exists).
pub const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// Pattern of an allowed web link: http or https only.
pub const URL_PATTERN: &str = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$";

/// A stage of the chain (上游 / 中游 / 下游 …), drawn as a band; stages are listed upstream first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    /// Unique id among stages, referred to by `links[].stage`.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// Display name, e.g. "上游" or `{"zh-CN": "上游", "en": "Upstream"}`.
    pub name: Name,
}

/// A link (segment, 环节) of the chain: a box on the chain map. Links form a tree through `parent` (e.g. 动力电池 → 正极材料), several levels deep.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// Unique id among links, referred to by flows, enterprises, parks, projects and opportunities.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// Display name, e.g. "动力电池" or `{"zh-CN": "动力电池", "en": "Power batteries"}`.
    pub name: Name,
    /// Id of its stage (`stages[].id`). Required on top-level links when the document has stages; a child link inherits its parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Id of the parent link (the group this sub-segment belongs to), or null for a top-level link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The gap class to show instead of the computed one (the host's own assessment); null or absent lets Lianmap compute it from the local enterprises on the link and below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<GapClass>,
    /// Longer description shown in the detail panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Name>,
}

/// A supply relation between two links: `from` supplies `to`. Cycles are allowed (recycling flows are drawn dashed, against the chain).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    /// Id of the supplying (upstream) link.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub from: String,
    /// Id of the receiving (downstream) link.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub to: String,
}

/// An enterprise (企业) on one or more links: local, or a target of investment promotion (目标企业) with a pipeline status.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Enterprise {
    /// Unique id among enterprises, referred to by `projects[].enterprise`.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// Display name (a string, or one per language).
    pub name: Name,
    /// Ids of the links it works on; it counts towards each of them and the groups above them.
    #[serde(default)]
    pub links: Vec<String>,
    /// Its role in the chain (chain leader, key supplier, member); `member` when absent. Leaders and key enterprises weigh more in the gap analysis and rank higher among targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// True when the enterprise is already in the region, false for an investment target. When absent: true if `status` is absent or `producing`. Only local enterprises fill a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<bool>,
    /// Investment-attraction status of a target (`target` → `lead` → … → `producing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Objective evaluation score (客观评价), 0–100; targets are ranked by it, highest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 0, max = 100)))]
    pub score: Option<f64>,
    /// Region code where it is (GB/T 2260, e.g. "450203", or the id of a region in the host's GeoJSON); without `lon`/`lat` the map places it in that region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Id of the park it is in (`parks[].id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub park: Option<String>,
    /// Longitude in degrees, in the coordinate system of the host's GeoJSON (ignored on a `plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -180, max = 180)))]
    pub lon: Option<f64>,
    /// Latitude in degrees, in the coordinate system of the host's GeoJSON (ignored on a `plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -90, max = 90)))]
    pub lat: Option<f64>,
    /// Amount (investment or output) in the document's `meta.unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 0)))]
    pub amount: Option<f64>,
    /// Web page, opened from the detail panel (http or https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = URL_PATTERN)))]
    pub url: Option<String>,
}

impl Enterprise {
    /// Whether the enterprise is already in the region: `local` when given, otherwise true when it
    /// has no status or its status is `producing`.
    pub fn is_local(&self) -> bool {
        self.local
            .unwrap_or_else(|| self.status.is_none_or(|s| s.implies_local()))
    }

    /// The role, `member` when absent.
    pub fn role(&self) -> Role {
        self.role.unwrap_or(Role::Member)
    }
}

/// An industrial park (园区), drawn on the map at `lon`/`lat` or in its region.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Park {
    /// Unique id among parks, referred to by `enterprises[].park`.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// Display name (a string, or one per language).
    pub name: Name,
    /// Administrative level (national, provincial, …); colours its diamond on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<ParkLevel>,
    /// Region code where it is (GB/T 2260, or the id of a region in the host's GeoJSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Longitude in degrees, in the coordinate system of the host's GeoJSON (ignored on a `plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -180, max = 180)))]
    pub lon: Option<f64>,
    /// Latitude in degrees, in the coordinate system of the host's GeoJSON (ignored on a `plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -90, max = 90)))]
    pub lat: Option<f64>,
    /// Ids of its designated links (主导产业).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// Land available for investment, in hectares; sizes its diamond on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 0)))]
    pub land_ha: Option<f64>,
    /// Web page, opened from the detail panel (http or https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = URL_PATTERN)))]
    pub url: Option<String>,
}

/// An investment project (招商项目) with its pipeline status, amount and date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// Unique id among projects.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// Display name (a string, or one per language).
    pub name: Name,
    /// Id of the enterprise behind it (`enterprises[].id`); the map places the project at that enterprise's `lon`/`lat` when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Id of the link it invests in (`links[].id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Pipeline status; the map colours projects by it and totals amounts per status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Amount in the document's `meta.unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 0)))]
    pub amount: Option<f64>,
    /// Region code where it is (GB/T 2260, or the id of a region in the host's GeoJSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Date of the current status (YYYY-MM-DD); the map's time slider steps through these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = DATE_PATTERN)))]
    pub date: Option<String>,
}

/// An opportunity from the opportunity list (机会清单), placed on the map in its region.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Opportunity {
    /// Unique id among opportunities.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub id: String,
    /// What kind of opportunity: an application scene, a supply need, land, a policy, capital.
    pub kind: OpportunityKind,
    /// Display title (a string, or one per language).
    pub title: Name,
    /// Id of the link it concerns (`links[].id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Region code where it is (GB/T 2260, or the id of a region in the host's GeoJSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Amount in the document's `meta.unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 0)))]
    pub amount: Option<f64>,
    /// Longer description shown in its detail panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Name>,
    /// Web page, opened from the detail panel (http or https only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = URL_PATTERN)))]
    pub url: Option<String>,
}

/// One value of one metric in one region, for heat maps. One value per region and key: a repeated pair is reported and ignored.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Metric {
    /// Region code the value belongs to (GB/T 2260, or the id of a region in the host's GeoJSON).
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub region: String,
    /// Metric name, e.g. "investment"; each key is a choropleth layer on the map.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub key: String,
    /// The value, in whatever unit the metric has.
    pub value: f64,
}

/// A closed set of strings in the wire format.
pub trait WireEnum: Copy + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// The JSON spelling.
    fn as_str(self) -> &'static str;
    /// Parses the JSON spelling.
    fn parse(text: &str) -> Option<Self>;
}

/// Declares a string enumeration of the wire format with its JSON spelling.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(not(target_arch = "wasm32"), derive(JsonSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The JSON spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the JSON spelling.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl WireEnum for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn as_str(self) -> &'static str { $name::as_str(self) }
            fn parse(text: &str) -> Option<Self> { $name::parse(text) }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// Gap class of a link: how well the region covers it.
    GapClass {
        /// 缺链: no local enterprise.
        Missing = "missing",
        /// 短板: local enterprises present but weak.
        Weak = "weak",
        /// 长板: strong — local strength reaches the threshold and a leader or key enterprise is among them.
        Strong = "strong",
    }
}

wire_enum! {
    /// Role of an enterprise in the chain.
    Role {
        /// 链主 / 龙头企业: chain leader.
        Leader = "leader",
        /// 重点企业: key supplier.
        Key = "key",
        /// 配套企业: any other enterprise on the chain.
        Member = "member",
    }
}

wire_enum! {
    /// Investment-attraction status, in pipeline order.
    Status {
        /// 目标企业: identified target.
        Target = "target",
        /// 线索: lead.
        Lead = "lead",
        /// 在谈: negotiating.
        Negotiating = "negotiating",
        /// 签约: signed.
        Signed = "signed",
        /// 开工: construction started.
        Started = "started",
        /// 投产: producing (an enterprise with this status counts as local unless `local` says otherwise).
        Producing = "producing",
    }
}

impl Status {
    /// Whether an enterprise with this status counts as local when `local` is absent.
    pub fn implies_local(self) -> bool {
        self == Status::Producing
    }
}

wire_enum! {
    /// Administrative level of a park.
    ParkLevel {
        /// 国家级: national level.
        National = "national",
        /// 省级: provincial level.
        Provincial = "provincial",
        /// 市级: municipal level.
        Municipal = "municipal",
        /// 县级: county level.
        County = "county",
    }
}

wire_enum! {
    /// Kind of opportunity.
    OpportunityKind {
        /// 应用场景: an application scene open to suppliers.
        Scene = "scene",
        /// 供需对接: a supply or demand to be matched.
        Supply = "supply",
        /// 土地: land available.
        Land = "land",
        /// 政策: a policy offer.
        Policy = "policy",
        /// 资本: capital — funds and financing.
        Capital = "capital",
    }
}
