// The world outline for the map view: Natural Earth's 1:110m countries
// (world-atlas, bundled, nothing fetched), projected once with the Equal
// Earth projection into SVG path strings.
import { feature } from "topojson-client";
import topology from "world-atlas/countries-110m.json";

// Equal Earth (Šavrič, Patterson and Jenny, 2018).
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
const SCALE = 160;
export const WIDTH = 2 * 2.7059 * SCALE;
export const HEIGHT = 2 * 1.3173 * SCALE;

/** project maps longitude and latitude (degrees) to SVG coordinates. */
export function project(lon, lat) {
  const l = (lon * Math.PI) / 180, p = (lat * Math.PI) / 180;
  const t = Math.asin(M * Math.sin(p)), t2 = t * t, t6 = t2 * t2 * t2;
  const x = (l * Math.cos(t)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
  const y = t * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
  return [WIDTH / 2 + x * SCALE, HEIGHT / 2 - y * SCALE];
}

function ringPath(ring, shift) {
  let d = "";
  ring.forEach(([lon, lat], i) => {
    const [x, y] = project(lon + shift, lat);
    d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
  });
  return d + "Z";
}

// unwrap makes a ring's longitudes continuous where it crosses the
// antimeridian (Russia, Fiji), so it is not drawn across the whole map;
// the part beyond ±180° is drawn again from the other side and clipped.
function unwrap(ring) {
  const out = [ring[0]];
  let off = 0;
  for (let i = 1; i < ring.length; i++) {
    const jump = ring[i][0] - ring[i - 1][0];
    if (jump > 180) off -= 360;
    else if (jump < -180) off += 360;
    out.push([ring[i][0] + off, ring[i][1]]);
  }
  return out;
}

function polygonPath(polygon) {
  let d = "";
  for (const raw of polygon) {
    const ring = unwrap(raw);
    d += ringPath(ring, 0);
    const lons = ring.map((p) => p[0]);
    if (Math.max(...lons) > 180) d += ringPath(ring, -360);
    if (Math.min(...lons) < -180) d += ringPath(ring, 360);
  }
  return d;
}

/** sphere is the outline of the whole map. */
export const sphere = (() => {
  const pts = [];
  for (let lat = -90; lat <= 90; lat += 5) pts.push(project(180, lat));
  for (let lat = 90; lat >= -90; lat -= 5) pts.push(project(-180, lat));
  return "M" + pts.map(([x, y]) => x.toFixed(1) + "," + y.toFixed(1)).join("L") + "Z";
})();

/** countries are {name, d} in drawing order; Antarctica is left out. */
export const countries = feature(topology, topology.objects.countries).features
  .filter((f) => f.id !== "010")
  .map((f) => {
    const g = f.geometry;
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    return { name: f.properties.name, d: polys.map(polygonPath).join("") };
  });

// Names the gazetteer gives countries whose Natural Earth short name differs.
const ALIASES = {
  "United States": "United States of America",
  "Democratic Republic of the Congo": "Dem. Rep. Congo",
  "Central African Republic": "Central African Rep.",
  "Republic of the Congo": "Congo",
  "Ivory Coast": "Côte d'Ivoire",
  "Czech Republic": "Czechia",
  "Dominican Republic": "Dominican Rep.",
  "Western Sahara": "W. Sahara",
  "Falkland Islands": "Falkland Is.",
  "Equatorial Guinea": "Eq. Guinea",
  "North Macedonia": "Macedonia",
  "Solomon Islands": "Solomon Is.",
  "South Sudan": "S. Sudan",
  Eswatini: "eSwatini",
  "East Timor": "Timor-Leste",
  "Bosnia and Herzegovina": "Bosnia and Herz.",
  "French Southern and Antarctic Lands": "Fr. S. Antarctic Lands",
};

/** outlineName is the name of a country's outline, given the graph's name for it. */
export const outlineName = (name) => ALIASES[name] || name;
