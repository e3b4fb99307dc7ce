#!/usr/bin/env node
// Checks GeoJSON fixtures: FeatureCollection of Polygon/MultiPolygon features, every ring closed
// with at least four positions, lon/lat in range, exterior rings counter-clockwise and holes
// clockwise, every feature named, adcodes six digits and unique. Prints counts; exits 1 on a problem.
//
//   node www/geo/check.mjs www/geo/*.json

import { readFileSync, statSync } from 'node:fs';

function signedArea(ring) {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return s / 2;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const problems = [];
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) problems.push('not a FeatureCollection');
  const seen = new Map();
  let polygons = 0;
  let rings = 0;
  let positions = 0;
  let withoutCode = 0;
  for (const [i, f] of (doc.features ?? []).entries()) {
    const where = `features[${i}] (${f.properties?.name})`;
    if (f.type !== 'Feature') problems.push(`${where}: type ${f.type}`);
    if (typeof f.properties?.name !== 'string' || !f.properties.name) problems.push(`${where}: no name`);
    const code = f.properties?.adcode;
    if (code === undefined) withoutCode++;
    else if (!/^\d{6}$/.test(code)) problems.push(`${where}: adcode ${JSON.stringify(code)}`);
    else if (seen.has(code)) problems.push(`${where}: adcode ${code} also on features[${seen.get(code)}]`);
    else seen.set(code, i);
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : null;
    if (!polys) {
      problems.push(`${where}: geometry ${g?.type}`);
      continue;
    }
    for (const poly of polys) {
      polygons++;
      if (!poly.length) problems.push(`${where}: empty polygon`);
      for (const [r, ring] of poly.entries()) {
        rings++;
        positions += ring.length;
        if (ring.length < 4) problems.push(`${where}: ring of ${ring.length} positions`);
        const [a, b] = [ring[0], ring[ring.length - 1]];
        if (!a || a[0] !== b[0] || a[1] !== b[1]) problems.push(`${where}: ring not closed`);
        for (const p of ring) {
          if (p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) ||
              p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
            problems.push(`${where}: position ${JSON.stringify(p)}`);
            break;
          }
        }
        const area = signedArea(ring);
        if (r === 0 && !(area > 0)) problems.push(`${where}: exterior ring not counter-clockwise`);
        if (r > 0 && !(area < 0)) problems.push(`${where}: hole not clockwise`);
      }
    }
  }
  const kb = (statSync(file).size / 1024).toFixed(0);
  console.log(
    `${file}: ${doc.features?.length} features (${seen.size} with adcode, ${withoutCode} without), ` +
      `${polygons} polygons, ${rings} rings, ${positions} positions, ${kb} KiB`,
  );
  for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  if (problems.length > 20) console.log(`  … ${problems.length - 20} more`);
  if (problems.length) failed = true;
}
process.exit(failed ? 1 : 0);
