// The report's chart, as SVG text: one group of horizontal bars per program (and one for the
// geometric mean), one bar per compiled configuration in-process and one for pyjc against
// python3.11 end to end, each with its 95% interval as a whisker. Speedups are ratios, so the
// axis is logarithmic (base 2) and bars grow from 1×: right is faster, left is slower.

import type { Interval } from "../stats.js";
import type { Report } from "./schema.js";

interface Series {
  readonly label: string;
  readonly color: string;
  /** Per program (null: not measured), then the geometric mean. */
  readonly values: readonly ({ readonly value: number; readonly interval: Interval } | null)[];
}

const IN_PROCESS_COLORS = ["#9ecae1", "#4292c6", "#08519c", "#08306b"];
const PROCESS_COLORS = ["#f16913", "#a63603"];

const WIDTH = 900;
const LEFT = 150;
const RIGHT = 40;
const BAR = 11;
const GAP = 10;
const TOP = 78;

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function series(r: Report): Series[] {
  const out: Series[] = [];
  r.summary.inProcess.forEach((g, i) => {
    out.push({
      label: `${g.key} in-process`,
      color: IN_PROCESS_COLORS[Math.min(i, IN_PROCESS_COLORS.length - 1)]!,
      values: [
        ...r.results.map((p) => p.inProcess?.rows.find((row) => row.configuration === g.key)?.speedup ?? null),
        g.geomean,
      ],
    });
  });
  r.summary.wholeProcess.forEach((g, i) => {
    out.push({
      label: `${g.key} vs python3.11, whole process`,
      color: PROCESS_COLORS[Math.min(i, PROCESS_COLORS.length - 1)]!,
      values: [...r.results.map((p) => p.wholeProcess?.rows.find((row) => row.runner === g.key)?.speedup ?? null), g.geomean],
    });
  });
  return out;
}

export function svgChart(r: Report): string {
  const all = series(r);
  const groups = [...r.results.map((p) => p.program), "geomean"];
  // The axis fits the speedups with some room; a whisker reaching past it is cut at its end.
  const values = all.flatMap((s) => s.values.flatMap((v) => (v ? [v.value] : []))).filter((x) => x > 0 && Number.isFinite(x));
  const lo = Math.min(-1, Math.floor(Math.log2(Math.min(1, ...values) / 1.5)));
  const hi = Math.max(1, Math.ceil(Math.log2(Math.max(1, ...values) * 1.5)));
  const plot = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + ((Math.min(hi, Math.max(lo, Math.log2(v))) - lo) / (hi - lo)) * plot;
  const groupHeight = Math.max(1, all.length) * BAR + GAP;
  const height = TOP + groups.length * groupHeight + 40;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escape("pyjc speedup (log scale; right of 1× is faster)")}</text>`);
  const sha = r.commit.sha ? ` · ${r.commit.sha.slice(0, 10)}${r.commit.dirty ? "+" : ""}` : "";
  out.push(`<text x="${LEFT}" y="36" fill="#555">${escape(`${r.date.slice(0, 10)}${sha} · ${r.options.mode} run · ${r.machine.cpu}, ${r.machine.cores} cores · medians, 95% intervals`)}</text>`);
  all.forEach((s, i) => {
    const lx = LEFT + (i % 3) * 240;
    const ly = 50 + Math.floor(i / 3) * 14;
    out.push(`<rect x="${lx}" y="${ly}" width="10" height="10" fill="${s.color}"/><text x="${lx + 14}" y="${ly + 9}">${escape(s.label)}</text>`);
  });
  const axisBottom = TOP + groups.length * groupHeight;
  for (let e = lo; e <= hi; e++) {
    const gx = x(2 ** e).toFixed(1);
    out.push(`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${axisBottom}" stroke="${e === 0 ? "#333" : "#ddd"}" stroke-width="${e === 0 ? 1.2 : 1}"/>`);
    const label = e >= 0 ? `${2 ** e}×` : `1/${2 ** -e}×`;
    out.push(`<text x="${gx}" y="${axisBottom + 14}" text-anchor="middle" fill="#333">${label}</text>`);
  }
  groups.forEach((name, g) => {
    const gy = TOP + g * groupHeight;
    const bold = g === groups.length - 1 ? ` font-weight="bold"` : "";
    out.push(`<text x="${LEFT - 8}" y="${(gy + (all.length * BAR) / 2 + 4).toFixed(1)}" text-anchor="end"${bold}>${escape(name)}</text>`);
    all.forEach((s, i) => {
      const v = s.values[g];
      if (!v) return;
      const y = gy + i * BAR;
      const x0 = x(1);
      const x1 = x(v.value);
      out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 1}" width="${Math.max(0.5, Math.abs(x1 - x0)).toFixed(1)}" height="${BAR - 2}" fill="${s.color}">` +
        `<title>${escape(`${name}, ${s.label}: ${v.value.toFixed(2)}× [${v.interval.low.toFixed(2)}, ${v.interval.high.toFixed(2)}]`)}</title></rect>`);
      const cy = (y + BAR / 2).toFixed(1);
      const wl = x(v.interval.low).toFixed(1);
      const wh = x(v.interval.high).toFixed(1);
      out.push(`<path d="M${wl} ${cy}H${wh}M${wl} ${y + 3}V${y + BAR - 3}M${wh} ${y + 3}V${y + BAR - 3}" stroke="#222" fill="none"/>`);
    });
  });
  out.push(`<text x="${LEFT + plot / 2}" y="${axisBottom + 30}" text-anchor="middle" fill="#333">speedup over the interpreter (in-process) or over python3.11 (whole process)</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
