#!/usr/bin/env bash
# Rebuilds the GeoJSON fixtures in this folder from the echarts 4.9.0 npm tarball.
# Needs node and npm. Works in a scratch folder outside the repository.
#
#   bash www/geo/regenerate.sh            # writes www/geo/{guangxi,china-provinces,china-cities}.json
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version=4.9.0
sha256=d2bdf8af1b218d3885a518072788a3b7f0c2d3f8925ec8585a36be5ee5add3f2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

(cd "$scratch" && npm pack --silent "echarts@$version" >/dev/null)
echo "$sha256  $scratch/echarts-$version.tgz" | sha256sum -c -
tar -xzf "$scratch/echarts-$version.tgz" -C "$scratch" package/map/json package/LICENSE package/NOTICE
src="$scratch/package/map/json"

fixture="Test and demo fixture, not an authoritative or approved map; hosts must supply their own approved boundary data."
decode() { node "$here/decode-echarts-map.mjs" --fixture "$fixture" "$@"; }

decode --digits 4 \
  --source "echarts@$version (Apache-2.0) map/json/province/guangxi.json, decoded" \
  -o "$here/guangxi.json" "$src/province/guangxi.json"

decode --digits 4 \
  --source "echarts@$version (Apache-2.0) map/json/china.json, decoded" \
  -o "$here/china-provinces.json" "$src/china.json"

# Every file under map/json/province/, in name order, each ring simplified (Douglas-Peucker, 0.005°).
decode --digits 4 --simplify 0.005 \
  --adcode 崇明区=310151 --adcode 山南市=540500 \
  --source "echarts@$version (Apache-2.0) map/json/province/*.json, decoded, simplified at 0.005 degrees" \
  -o "$here/china-cities.json" $(LC_ALL=C ls "$src"/province/*.json)
