#!/usr/bin/env node
// Decodes the map JSON shipped in older `echarts` npm releases (map/json/*.json) into plain
// RFC 7946 GeoJSON. No dependencies; Node 18 or later.
//
//   node www/geo/decode-echarts-map.mjs [options] INPUT.json [INPUT.json ...] > OUT.json
//
// Options:
//   -o, --out FILE       write to FILE instead of standard output
//   --digits N           round coordinates to N decimals (default 4)
//   --simplify TOL       Douglas-Peucker tolerance in degrees, per ring (default 0: off)
//   --source TEXT        provenance note stored as the collection's "source" member
//   --fixture TEXT       note stored as the collection's "fixture" member
//   --adcode NAME=CODE   adcode for a source feature named NAME that has no id (repeatable)
//
// Several inputs are concatenated into one FeatureCollection in the order given.
//
// The echarts encoding ("UTF8Encoding": true): every ring is a string. Each pair of characters
// is one vertex; a character's code minus 64 is a zigzag-encoded delta of the quantised
// coordinate (x, then y) from the previous vertex; the first vertex's delta is from the ring's
// entry in geometry.encodeOffsets ([x, y] per ring, nested like the coordinates). Some files mix
// such strings with plain [lon, lat] rings, which pass through unchanged.
// Quantised values are divided by UTF8Scale (1024 when absent) to give degrees.
//
// Output features: { type, properties: { adcode, name }, geometry }. `adcode` is the source id
// as a six-digit GB/T 2260 string (a shorter numeric id is padded with zeros on the right:
// "4502" → "450200", "45" → "450000"); a feature with no id in the source gets the code given
// with --adcode for its name, or no adcode.
// Rings are closed, consecutive duplicate vertices removed after rounding, exterior rings wound
// counter-clockwise and holes clockwise (RFC 7946 §3.1.6). A ring left with fewer than four
// positions after simplification keeps its unsimplified form; one that still has fewer, or that
// encloses no area, is dropped (with its holes, when it is an exterior).

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

function usage(message) {
  if (message) process.stderr.write(`decode-echarts-map: ${message}\n`);
  process.stderr.write(
    'usage: node decode-echarts-map.mjs [-o OUT] [--digits N] [--simplify TOL] ' +
      '[--source TEXT] [--fixture TEXT] [--adcode NAME=CODE] INPUT.json [INPUT.json ...]\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: null, digits: 4, simplify: 0, source: null, fixture: null, adcodes: {}, inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '-o' || a === '--out') opts.out = value();
    else if (a === '--digits') opts.digits = Number(value());
    else if (a === '--simplify') opts.simplify = Number(value());
    else if (a === '--source') opts.source = value();
    else if (a === '--fixture') opts.fixture = value();
    else if (a === '--adcode') {
      const m = /^(.+)=(\d{6})$/.exec(value());
      if (!m) usage('--adcode wants NAME=CODE with a six-digit code');
      opts.adcodes[m[1]] = m[2];
    }
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opts.inputs.push(a);
  }
  if (!opts.inputs.length) usage('no input');
  if (!Number.isInteger(opts.digits) || opts.digits < 0 || opts.digits > 10) usage('bad --digits');
  if (!(opts.simplify >= 0)) usage('bad --simplify');
  return opts;
}

/** One encoded ring → [[lon, lat], ...] in degrees. */
export function decodeRing(encoded, offset, scale) {
  if (encoded.length % 2 !== 0) throw new Error('encoded ring has an odd number of characters');
  let x = offset[0];
  let y = offset[1];
  const out = [];
  for (let i = 0; i < encoded.length; i += 2) {
    let dx = encoded.charCodeAt(i) - 64;
    let dy = encoded.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1); // zigzag → signed
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** A feature's geometry → a list of polygons, each a list of rings of [lon, lat] in degrees. */
export function decodeGeometry(geometry, scale, encoded) {
  const { type, coordinates, encodeOffsets } = geometry;
  // Some source files mix encoded rings (strings) with plain ones (arrays of positions).
  const polygon = (rings, offsets) =>
    rings.map((ring, r) => {
      if (!encoded || typeof ring !== 'string') return ring;
      if (!offsets?.[r]) throw new Error('encoded ring without encodeOffsets');
      return decodeRing(ring, offsets[r], scale);
    });
  if (type === 'Polygon') return [polygon(coordinates, encodeOffsets)];
  if (type === 'MultiPolygon') return coordinates.map((p, i) => polygon(p, encodeOffsets?.[i]));
  throw new Error(`unsupported geometry type ${type}`);
}

function signedArea(ring) {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return s / 2; // > 0: counter-clockwise
}

function perpendicularDistance(p, a, b) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas-Peucker on an open polyline, iterative. */
function douglasPeucker(points, tol) {
  if (points.length < 3) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let maxD = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(points[i], points[first], points[last]);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index !== -1 && maxD > tol) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyRing(closed, tol) {
  // Split the closed ring at its first vertex and the vertex farthest from it, so both halves
  // are open polylines with distinct ends.
  const open = closed.slice(0, -1);
  let far = 0;
  let farD = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  if (far === 0) return closed;
  const a = douglasPeucker(open.slice(0, far + 1), tol);
  const b = douglasPeucker(open.slice(far).concat([open[0]]), tol);
  return a.concat(b.slice(1));
}

function cleanRing(ring, digits, tol) {
  const f = 10 ** digits;
  const round = (v) => Math.round(v * f) / f;
  const out = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) {
    out.push([out[0][0], out[0][1]]);
  }
  if (tol > 0 && out.length > 4) {
    const simple = simplifyRing(out, tol);
    if (simple.length >= 4 && signedArea(simple) !== 0) return simple;
  }
  return out;
}

function wind(ring, ccw) {
  const area = signedArea(ring);
  return (area > 0) === ccw ? ring : ring.slice().reverse();
}

function adcodeOf(id) {
  if (id === undefined || id === null || id === '') return null;
  const s = String(id);
  if (!/^\d{2,6}$/.test(s)) throw new Error(`id ${JSON.stringify(id)} is not a GB/T 2260 code`);
  return s.padEnd(6, '0');
}

export function convert(json, { digits = 4, simplify = 0, adcodes = {} } = {}, log = () => {}) {
  const encoded = Boolean(json.UTF8Encoding);
  const scale = json.UTF8Scale ?? 1024;
  const features = [];
  for (const feature of json.features) {
    const name = feature.properties?.name ?? null;
    if (!feature.geometry || !feature.geometry.coordinates?.length) {
      log(`skipped ${name}: no geometry`);
      continue;
    }
    const polygons = [];
    for (const rings of decodeGeometry(feature.geometry, scale, encoded)) {
      const out = [];
      for (const [r, ring] of rings.entries()) {
        const clean = cleanRing(ring, digits, simplify);
        // Fewer than four positions, or no area at all (the source has a few collinear slivers).
        if (clean.length < 4 || Math.abs(signedArea(clean)) < 1e-12) {
          log(`${name}: dropped a degenerate ring of ${clean.length} positions`);
          if (r === 0) break; // no exterior, no polygon
          continue;
        }
        out.push(wind(clean, r === 0));
      }
      if (out.length) polygons.push(out);
    }
    if (!polygons.length) {
      log(`skipped ${name}: every ring degenerate`);
      continue;
    }
    let adcode = adcodeOf(feature.id ?? feature.properties?.id);
    if (adcode === null && adcodes[name]) {
      adcode = adcodes[name];
      log(`${name}: no id in the source, adcode ${adcode} from --adcode`);
    } else if (adcode === null) log(`${name}: no id in the source, written without adcode`);
    const properties = adcode === null ? { name } : { adcode, name };
    const geometry =
      polygons.length === 1
        ? { type: 'Polygon', coordinates: polygons[0] }
        : { type: 'MultiPolygon', coordinates: polygons };
    features.push({ type: 'Feature', properties, geometry });
  }
  return features;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (m) => process.stderr.write(`decode-echarts-map: ${m}\n`);
  const features = [];
  for (const input of opts.inputs) {
    const json = JSON.parse(readFileSync(input, 'utf8'));
    features.push(...convert(json, opts, (m) => log(`${input}: ${m}`)));
  }
  // One feature per line keeps diffs readable.
  const head = { type: 'FeatureCollection' };
  if (opts.fixture) head.fixture = opts.fixture;
  if (opts.source) head.source = opts.source;
  const text =
    JSON.stringify(head).slice(0, -1) +
    ',"features":[\n' +
    features.map((f) => JSON.stringify(f)).join(',\n') +
    '\n]}\n';
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
  log(`${features.length} features`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
