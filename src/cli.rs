//! The `lianmap` command line: validate, analyse and generate chain documents (native only).

use std::io::{Read, Write};
use std::process::ExitCode;

use crate::analysis::{Chain, GapRules};
use crate::generate::{GenerateOptions, generate};
use crate::layout::force::{ForceOptions, layout_force};
use crate::layout::radial::{RadialOptions, layout_radial, neighbourhood};
use crate::layout::{Direction, Layout, LayoutOptions, layout_chain};
use crate::model::Lang;
use crate::render::map::{MapOptions, MapProjection, read_geo};
use crate::render::map_svg::{export as map_export, side_by_side};
use crate::render::svg::{SvgStyle, chain_svg};
use crate::validate::{self, Limits, Report};

const USAGE: &str = "\
lianmap — industrial-chain documents

USAGE:
  lianmap validate FILE [--format text|json] [LIMITS]
      Check a chain document. Prints one `path: message` line per problem.
      Exit 0 when valid (warnings allowed), 1 when invalid, 2 when FILE cannot be read.
  lianmap stats FILE [RULES] [LIMITS]
      Gap analysis as JSON: gaps, leaders, ranked targets, closures, coverage, pipeline.
  lianmap layout FILE [--direction lr|tb] [--lang zh-CN|zh-TW|en] [--collapse ID,ID…]
  lianmap layout FILE --radial ID [--depth N] [--lang …]
  lianmap layout FILE --force [--only ID,ID… | --around ID [--depth N]] [--iterations N] [--seed S] [--lang …]
      A layout as JSON: {\"nodes\":[{id,kind,x,y,width,height}], \"edges\":[{from,to,points}]}.
      Default: the layered chain map. --radial: the flows around link ID on rings, upstream on
      the left, downstream on the right, up to N hops (default 2). --force: enterprises (kind
      \"enterprise\") and their links as a network; --only draws the given links, --around the
      links within N flow hops of ID; --seed varies the start.
  lianmap render FILE --svg OUT [--direction lr|tb] [--lang …] [--collapse …]
                [--geo GEOJSON [--geo-id PROP] [--projection mercator|equirectangular|plan]]
                [--view chain|map|split]
      Draw the chain map as SVG: the same drawing exportSvg() gives for a widget showing FILE
      (nothing selected), for static pages, no-JS fallback and print. With --geo, --view map
      draws the heat map over those boundaries and --view split both side by side.
  lianmap schema [--markdown]
      Print the JSON Schema (draft 2020-12) of the chain document; --markdown prints the
      format reference generated from it instead (docs/format.md).
  lianmap generate [--links N] [--enterprises M] [--seed S] [--out FILE]
      Write a synthetic document (default 60 links, 400 enterprises, seed 1).

FILE may be `-` for standard input.
LIMITS: --max-bytes N  --max-items N  --max-enterprises N
RULES:  --strong-at X  --leader-weight X  --key-weight X  --member-weight X  --no-anchor  --max-targets N
";

/// Runs the CLI on the process arguments.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("lianmap: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Unreadable(message)) => {
            eprintln!("lianmap: {message}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Usage(String),
    Unreadable(String),
}

/// Command-line arguments after the subcommand: one positional file and `--flag [value]` pairs.
struct Args<'a> {
    file: Option<&'a str>,
    flags: Vec<(&'a str, Option<&'a str>)>,
}

/// Flags that take no value.
const SWITCHES: &[&str] = &["--no-anchor", "--pretty", "--force", "--markdown"];

impl<'a> Args<'a> {
    fn parse(args: &'a [String]) -> Result<Self, Failure> {
        let mut file = None;
        let mut flags = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if let Some(flag) = arg.strip_prefix("--").map(|_| arg.as_str()) {
                if let Some((name, value)) = flag.split_once('=') {
                    flags.push((name, Some(value)));
                } else if SWITCHES.contains(&flag) {
                    flags.push((flag, None));
                } else {
                    let value = iter
                        .next()
                        .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?;
                    flags.push((flag, Some(value.as_str())));
                }
            } else if file.is_none() {
                file = Some(arg.as_str());
            } else {
                return Err(Failure::Usage(format!("unexpected argument {arg:?}")));
            }
        }
        Ok(Args { file, flags })
    }

    fn check(&self, allowed: &[&str]) -> Result<(), Failure> {
        match self.flags.iter().find(|(name, _)| !allowed.contains(name)) {
            Some((name, _)) => Err(Failure::Usage(format!("unknown option {name}"))),
            None => Ok(()),
        }
    }

    fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| *n == name)
    }

    fn value<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Failure> {
        match self.flags.iter().rev().find(|(n, _)| *n == name) {
            None => Ok(None),
            Some((_, value)) => value
                .and_then(|v| v.parse().ok())
                .map(Some)
                .ok_or_else(|| Failure::Usage(format!("{name} needs a valid value"))),
        }
    }

    fn file(&self) -> Result<&'a str, Failure> {
        self.file
            .ok_or_else(|| Failure::Usage("missing FILE".into()))
    }

    fn limits(&self) -> Result<Limits, Failure> {
        let mut limits = Limits::default();
        if let Some(n) = self.value("--max-bytes")? {
            limits.max_bytes = n;
        }
        if let Some(n) = self.value("--max-items")? {
            limits.max_items = n;
        }
        if let Some(n) = self.value("--max-enterprises")? {
            limits.max_enterprises = n;
        }
        Ok(limits)
    }

    fn rules(&self) -> Result<GapRules, Failure> {
        let mut rules = GapRules::default();
        if let Some(x) = self.value("--strong-at")? {
            rules.strong_at = x;
        }
        if let Some(x) = self.value("--leader-weight")? {
            rules.leader_weight = x;
        }
        if let Some(x) = self.value("--key-weight")? {
            rules.key_weight = x;
        }
        if let Some(x) = self.value("--member-weight")? {
            rules.member_weight = x;
        }
        if let Some(n) = self.value("--max-targets")? {
            rules.max_targets = n;
        }
        if self.has("--no-anchor") {
            rules.strong_needs_anchor = false;
        }
        Ok(rules)
    }
}

const LIMIT_FLAGS: &[&str] = &["--max-bytes", "--max-items", "--max-enterprises"];
const RULE_FLAGS: &[&str] = &[
    "--strong-at",
    "--leader-weight",
    "--key-weight",
    "--member-weight",
    "--no-anchor",
    "--max-targets",
];

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::Usage("missing command".into()));
    };
    let parsed = Args::parse(rest)?;
    match command.as_str() {
        "validate" => {
            parsed.check(&[LIMIT_FLAGS, &["--format"]].concat())?;
            let format: String = parsed.value("--format")?.unwrap_or_else(|| "text".into());
            if format != "text" && format != "json" {
                return Err(Failure::Usage(format!(
                    "--format must be text or json, not {format:?}"
                )));
            }
            let file = parsed.file()?;
            let report = validate::parse_with(&read(file)?, &parsed.limits()?);
            print_report(file, &report, &format);
            Ok(if report.is_valid() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "stats" => {
            parsed.check(&[LIMIT_FLAGS, RULE_FLAGS].concat())?;
            let file = parsed.file()?;
            let report = validate::parse_with(&read(file)?, &parsed.limits()?);
            let errors = report.errors().count();
            for d in report.errors() {
                eprintln!("{d}");
            }
            if errors > 0 {
                eprintln!(
                    "{file}: {}; the statistics cover the valid part only",
                    plural(errors, "error")
                );
            }
            let valid = report.is_valid();
            let stats = Chain::new(report.document).stats(&parsed.rules()?);
            write_json(&stats)?;
            Ok(if valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "layout" | "render" => {
            let render = command == "render";
            let mut allowed = [LIMIT_FLAGS, &["--direction", "--lang", "--collapse"]].concat();
            if render {
                allowed.extend(["--svg", "--geo", "--geo-id", "--projection", "--view"]);
            } else {
                allowed.extend(ALT_LAYOUT_FLAGS);
            }
            parsed.check(&allowed)?;
            let file = parsed.file()?;
            let out: Option<String> = parsed.value("--svg")?;
            if render && out.is_none() {
                return Err(Failure::Usage("render needs --svg OUT".into()));
            }
            let alternative = alternative_layout(&parsed)?;
            let report = validate::parse_with(&read(file)?, &parsed.limits()?);
            for d in report.errors() {
                eprintln!("{d}");
            }
            let valid = report.is_valid();
            let mut options = LayoutOptions::default();
            match parsed.value::<String>("--direction")?.as_deref() {
                None | Some("lr") => {}
                Some("tb") => options.direction = Direction::TopToBottom,
                Some(other) => {
                    return Err(Failure::Usage(format!(
                        "--direction must be lr or tb, not {other:?}"
                    )));
                }
            }
            if let Some(tag) = parsed.value::<String>("--lang")? {
                options.lang = Lang::from_tag(&tag)
                    .ok_or_else(|| Failure::Usage(format!("unsupported language {tag:?}")))?;
            }
            if let Some(ids) = parsed.value::<String>("--collapse")? {
                options.collapsed = id_list(&ids).collect();
            }
            let chain = Chain::new(report.document);
            let layout = match alternative {
                Alternative::Layered => layout_chain(&chain, &options),
                Alternative::Radial { center, depth } => {
                    let radial = RadialOptions {
                        depth,
                        lang: options.lang,
                        ..RadialOptions::default()
                    };
                    layout_radial(&chain, &center, &radial)
                        .map_err(|e| Failure::Usage(format!("--radial: {e}")))?
                }
                Alternative::Force(mut force) => {
                    force.lang = options.lang;
                    force_layout(&chain, &parsed, force)?
                }
            };
            match out {
                Some(path) => {
                    let map = map_for_render(&parsed, &chain, options.lang)?;
                    let title = chain
                        .document()
                        .meta
                        .title
                        .as_ref()
                        .map(|t| t.get(options.lang).to_owned());
                    let chain_drawing = || {
                        let stats = chain.stats(&GapRules::default());
                        chain_svg(
                            &layout,
                            Some(&stats),
                            title.as_deref(),
                            &SvgStyle::default(),
                        )
                    };
                    let svg = match map {
                        Some((map, true)) => side_by_side(&chain_drawing(), &map),
                        Some((map, false)) => map,
                        None => chain_drawing(),
                    };
                    std::fs::write(&path, svg)
                        .map_err(|e| Failure::Unreadable(format!("cannot write {path}: {e}")))?;
                }
                None => write_json(&layout)?,
            }
            Ok(if valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "schema" => {
            parsed.check(&["--markdown"])?;
            if parsed.has("--markdown") {
                print_out(&crate::schema::markdown())?;
            } else {
                print_out(&crate::schema::schema_text())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        "generate" => {
            parsed.check(&["--links", "--enterprises", "--seed", "--out"])?;
            if let Some(extra) = parsed.file {
                return Err(Failure::Usage(format!("unexpected argument {extra:?}")));
            }
            let defaults = GenerateOptions::default();
            let options = GenerateOptions {
                links: parsed.value("--links")?.unwrap_or(defaults.links),
                enterprises: parsed
                    .value("--enterprises")?
                    .unwrap_or(defaults.enterprises),
                seed: parsed.value("--seed")?.unwrap_or(defaults.seed),
            };
            let mut text = serde_json::to_string(&generate(&options))
                .map_err(|e| Failure::Unreadable(e.to_string()))?;
            text.push('\n');
            match parsed.value::<String>("--out")? {
                Some(path) => std::fs::write(&path, text)
                    .map_err(|e| Failure::Unreadable(format!("cannot write {path}: {e}")))?,
                None => print_out(&text)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        "help" | "--help" | "-h" => {
            print_out(USAGE)?;
            Ok(ExitCode::SUCCESS)
        }
        "--version" | "-V" => {
            print_out(&format!("lianmap {}\n", env!("CARGO_PKG_VERSION")))?;
            Ok(ExitCode::SUCCESS)
        }
        other => Err(Failure::Usage(format!("unknown command {other:?}"))),
    }
}

/// Flags of `layout --radial` and `layout --force`.
const ALT_LAYOUT_FLAGS: &[&str] = &[
    "--radial",
    "--depth",
    "--force",
    "--only",
    "--around",
    "--iterations",
    "--seed",
];

/// Which layout `lianmap layout` prints.
enum Alternative {
    Layered,
    Radial { center: String, depth: usize },
    Force(ForceOptions),
}

/// Reads `--radial`/`--force` and their options, rejecting mixtures that mean nothing.
fn alternative_layout(parsed: &Args<'_>) -> Result<Alternative, Failure> {
    let radial: Option<String> = parsed.value("--radial")?;
    let force = parsed.has("--force");
    let around: Option<String> = parsed.value("--around")?;
    let depth: Option<usize> = parsed.value("--depth")?;
    let misplaced = |flags: &[&str], needs: &str| -> Result<(), Failure> {
        match flags.iter().find(|f| parsed.has(f)) {
            Some(flag) => Err(Failure::Usage(format!("{flag} needs {needs}"))),
            None => Ok(()),
        }
    };
    if radial.is_some() || force {
        misplaced(
            &["--direction", "--collapse"],
            "the layered layout (no --radial or --force)",
        )?;
    }
    if radial.is_some() && force {
        return Err(Failure::Usage(
            "choose --radial or --force, not both".into(),
        ));
    }
    if !force {
        misplaced(&["--only", "--around", "--iterations", "--seed"], "--force")?;
    }
    if let Some(center) = radial {
        return Ok(Alternative::Radial {
            center,
            depth: depth.unwrap_or(RadialOptions::default().depth),
        });
    }
    if !force {
        misplaced(&["--depth"], "--radial or --around")?;
        return Ok(Alternative::Layered);
    }
    if around.is_none() {
        misplaced(&["--depth"], "--radial or --around")?;
    }
    if around.is_some() && parsed.has("--only") {
        return Err(Failure::Usage("choose --only or --around, not both".into()));
    }
    let defaults = ForceOptions::default();
    Ok(Alternative::Force(ForceOptions {
        links: parsed
            .value::<String>("--only")?
            .map(|ids| id_list(&ids).collect()),
        iterations: parsed.value("--iterations")?,
        seed: parsed.value("--seed")?.unwrap_or(defaults.seed),
        ..defaults
    }))
}

/// The force layout, with `--around ID [--depth N]` turned into the set of links drawn.
fn force_layout(
    chain: &Chain,
    parsed: &Args<'_>,
    mut options: ForceOptions,
) -> Result<Layout, Failure> {
    if let Some(center) = parsed.value::<String>("--around")? {
        let index = chain
            .link_index(&center)
            .ok_or_else(|| Failure::Usage(format!("--around: unknown link {center:?}")))?;
        let depth = parsed
            .value("--depth")?
            .unwrap_or(RadialOptions::default().depth);
        options.links = Some(
            neighbourhood(chain, index, depth)
                .iter()
                .filter_map(|n| chain.document().links.get(n.link))
                .map(|l| l.id.clone())
                .collect(),
        );
    }
    Ok(layout_force(chain, &options))
}

/// A comma-separated list of ids, trimmed, without empty entries.
fn id_list(ids: &str) -> impl Iterator<Item = String> + '_ {
    ids.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn read(file: &str) -> Result<Vec<u8>, Failure> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Unreadable(format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(file).map_err(|e| Failure::Unreadable(format!("cannot read {file}: {e}")))
}

fn print_report(file: &str, report: &Report, format: &str) {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    if format == "json" {
        let out = serde_json::json!({
            "file": file,
            "valid": report.is_valid(),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": report.diagnostics,
        });
        let _ = write_json(&out);
        return;
    }
    let mut text = String::new();
    for d in &report.diagnostics {
        text.push_str(&d.line());
        text.push('\n');
    }
    let _ = print_out(&text);
    let verdict = if report.is_valid() {
        "valid"
    } else {
        "invalid"
    };
    eprintln!(
        "{file}: {verdict} ({}, {})",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn write_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| Failure::Unreadable(e.to_string()))?;
    text.push('\n');
    print_out(&text)
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Ok(())
}

/// `render --view map|split --geo FILE`: the heat map's SVG and whether it goes beside the chain;
/// `None` for the chain alone.
fn map_for_render(
    parsed: &Args,
    chain: &Chain,
    lang: Lang,
) -> Result<Option<(String, bool)>, Failure> {
    let view: Option<String> = parsed.value("--view")?;
    let split = match view.as_deref() {
        None | Some("chain") => return Ok(None),
        Some("map") => false,
        Some("split") => true,
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--view must be chain, map or split, not {other:?}"
            )));
        }
    };
    let Some(geo) = parsed.value::<String>("--geo")? else {
        return Err(Failure::Usage(
            "--view map and --view split need --geo GEOJSON".into(),
        ));
    };
    let projection = match parsed.value::<String>("--projection")?.as_deref() {
        None => MapProjection::default(),
        Some(p @ ("mercator" | "equirectangular" | "plan")) => {
            MapProjection::from_attribute(Some(p))
        }
        Some(other) => {
            return Err(Failure::Usage(format!(
                "--projection must be mercator, equirectangular or plan, not {other:?}"
            )));
        }
    };
    let text = String::from_utf8(read(&geo)?)
        .map_err(|_| Failure::Unreadable(format!("{geo} is not UTF-8 text")))?;
    let id = parsed.value::<String>("--geo-id")?;
    let scene = read_geo(&text, id.as_deref(), projection)
        .map_err(|e| Failure::Unreadable(format!("{geo}: {e}")))?;
    for w in &scene.warnings {
        eprintln!("geo: {}: warning: {}", w.path, w.message);
    }
    let svg = map_export(chain, &scene, &MapOptions::default(), None, lang);
    Ok(Some((svg, split)))
}
