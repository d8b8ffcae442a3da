/**
 * Where a V8 CPU profile's time went, by package or project folder: the breakdown the benchmarks print.
 * Each sample is charged to the function it was taken in (its self time). Functions of a bundle are
 * placed through the bundle's source map (the original file of the function, or of the line for code
 * at a module's top level); Node's own JavaScript is grouped by its module (`node: http`, ...); V8's
 * pseudo-frames are kept as they are ("(garbage collector)", "(program)": V8's work outside
 * JavaScript, compiling included). Idle time is left out.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  where: string;
  ms: number;
}

/** A bundle whose code is placed through its source map (`<file>.map` beside it). */
interface MappedBundle {
  file: string;
  url: string;
  map: SourceMap;
  lines: string[];
}

function loadBundle(file: string): MappedBundle {
  return {
    file,
    url: `file://${file}`,
    map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0]),
    lines: readFileSync(file, "utf8").split("\n"),
  };
}

/** `@scope/name` or `name` of a node_modules path; the folder under the project for its own files. */
export function packageOf(path: string, projectRoot: string): string {
  const modules = path.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const [first, second] = path.slice(modules + "node_modules/".length).split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  const relative = path.startsWith(projectRoot) ? path.slice(projectRoot.length + 1) : path;
  const parts = relative.replace(/^(\.\.\/)+/, "").split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join("/");
}

function nodeModuleOf(url: string): string {
  const name = url.replace(/^node:/, "").replace(/^internal\//, "");
  if (/^modules\//.test(name) || name === "vm") return "node: loading and compiling modules";
  if (/^source_map\//.test(name)) return "node: source maps (--enable-source-maps)";
  return `node: ${name.split("/")[0].replace(/^_/, "").replace(/_.*$/, "")}`;
}

export class ProfileSummary {
  private readonly totals = new Map<string, number>();
  private readonly bundles: MappedBundle[];
  private profiles = 0;

  /** `bundles`: bundled files (with a `.map` beside each) whose code is placed by source map. */
  constructor(
    private readonly projectRoot: string,
    bundles: string[] = [],
  ) {
    this.bundles = bundles.map(loadBundle);
  }

  private originOf(bundle: MappedBundle, line: number, column: number): string {
    const entry = bundle.map.findEntry(line, column) as { originalSource?: string };
    if (!entry.originalSource) return "(bundle: esbuild's module wrappers)";
    const source = entry.originalSource.startsWith("file://")
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(bundle.file), entry.originalSource);
    return packageOf(source, this.projectRoot);
  }

  private where(node: ProfileNode): { where: string; weight: number }[] {
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    if (url === "") return [{ where: functionName || "(native)", weight: 1 }];
    if (url.startsWith("node:")) return [{ where: nodeModuleOf(url), weight: 1 }];
    const bundle = this.bundles.find((candidate) => candidate.url === url);
    if (!bundle)
      return [{ where: packageOf(url.startsWith("file://") ? fileURLToPath(url) : url, this.projectRoot), weight: 1 }];
    // A module's top-level code runs inside the bundle's one wrapper function: place it by line.
    const ticks = node.positionTicks ?? [];
    if (functionName === "" && lineNumber === 0 && columnNumber === 0 && ticks.length > 0) {
      return ticks.map((tick) => {
        const text = bundle.lines[tick.line - 1] ?? "";
        return {
          where: this.originOf(bundle, tick.line - 1, text.length - text.trimStart().length),
          weight: tick.ticks,
        };
      });
    }
    return [{ where: this.originOf(bundle, lineNumber, columnNumber), weight: 1 }];
  }

  add(profile: CpuProfile): void {
    this.profiles += 1;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    // The profiler's own work (serializing the profile when stopped through the inspector) is left out.
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const isProfiler = (start: number) => {
      for (let id: number | undefined = start; id !== undefined; id = parents.get(id)) {
        if (byId.get(id)?.callFrame.url === "node:inspector") return true;
      }
      return false;
    };
    const selfMs = new Map<number, number>();
    profile.samples.forEach((id, index) =>
      selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000),
    );
    for (const [id, ms] of selfMs) {
      const node = byId.get(id);
      if (!node || node.callFrame.functionName === "(idle)" || isProfiler(id)) continue;
      const places = this.where(node);
      const weights = places.reduce((sum, place) => sum + place.weight, 0);
      for (const { where, weight } of places)
        this.totals.set(where, (this.totals.get(where) ?? 0) + (ms * weight) / weights);
    }
  }

  /** Mean milliseconds per profile, largest first. */
  rows(): ProfileRow[] {
    return [...this.totals]
      .map(([where, ms]) => ({ where, ms: ms / Math.max(1, this.profiles) }))
      .sort((a, b) => b.ms - a.ms);
  }

  /**
   * The rows as text: the `top` largest, the rest summed; in ms per profile, or in µs per call when
   * each profile covered `calls` calls.
   */
  format(top: number, { indent = "  ", calls }: { indent?: string; calls?: number } = {}): string {
    const rows = this.rows();
    const total = rows.reduce((sum, row) => sum + row.ms, 0);
    const shown = rows.slice(0, top);
    const rest = rows.slice(top).reduce((sum, row) => sum + row.ms, 0);
    const amount = (ms: number) =>
      calls === undefined ? `${ms.toFixed(1).padStart(6)} ms` : `${((ms * 1000) / calls).toFixed(0).padStart(5)} µs`;
    const line = (ms: number, where: string) =>
      `${indent}${amount(ms)}  ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${where}`;
    return [...shown.map((row) => line(row.ms, row.where)), line(rest, `(${rows.length - shown.length} more)`)].join(
      "\n",
    );
  }
}
