// Writing a report to a results directory: NAME.json, NAME.md (which shows NAME.svg) and NAME.svg.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { markdownReport } from "./markdown.js";
import type { Report } from "./schema.js";
import { svgChart } from "./svg.js";

export function writeReport(report: Report, dir: string, name: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, `${name}.json`),
    md: join(dir, `${name}.md`),
    svg: join(dir, `${name}.svg`),
  };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.svg, svgChart(report));
  writeFileSync(files.md, markdownReport(report, `${name}.svg`));
  return Object.values(files);
}
