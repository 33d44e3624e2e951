/**
 * The shape of lib/: relative imports (the `import`/`export ... from "./x.ts"` of every file,
 * JSDoc examples left out) form no cycle, and the layers above the backends reach accelerated
 * kernels only through lib/ops/.
 */
import assert from "node:assert";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = fileURLToPath(new URL("../lib/", import.meta.url));

/** Relative module specifiers imported or re-exported by a source text (comments skipped). */
export function relativeImports(text: string): string[] {
  const code = text.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
  const pattern = /(?:^|[;\s])(?:import|export)\s[^"';]*?["'](\.{1,2}\/[^"']+)["']/g;
  return [...code.matchAll(pattern)].map((m) => m[1]);
}

/** lib/'s import graph: file (relative to lib/) -> the lib files it imports. */
async function libGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (path.endsWith(".ts")) {
        const deps = relativeImports(await Deno.readTextFile(path))
          .map((s) => relative(LIB, resolve(dirname(path), s)));
        graph.set(relative(LIB, path), deps);
      }
    }
  };
  await walk(LIB);
  return graph;
}

/** Every cycle found by a depth-first search, as `a -> b -> a`. */
export function findCycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === "open") {
        cycles.push([...stack.slice(stack.indexOf(dep)), dep].join(" -> "));
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

Deno.test("findCycles() finds a three-file cycle and a self-import, and nothing in a tree", () => {
  const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["d"]], ["e", ["a"]]]);
  assert.deepStrictEqual(findCycles(g), ["a -> b -> c -> a", "d -> d"]);
  assert.deepStrictEqual(findCycles(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]])), []);
});

Deno.test("relativeImports() reads imports and re-exports but not JSDoc examples", () => {
  const text = [
    '/**\n * import { x } from "./mod.ts";\n */',
    'import * as tf from "@tensorflow/tfjs";',
    'import type { A } from "./a.ts";',
    "import {\n  b,\n  type C,\n} from '../b.ts';",
    'export { d } from "./d/mod.ts";',
    'export * from "./e.ts";',
  ].join("\n");
  assert.deepStrictEqual(relativeImports(text), ["./a.ts", "../b.ts", "./d/mod.ts", "./e.ts"]);
});

Deno.test("lib/ has no import cycles", async () => {
  const graph = await libGraph();
  assert.ok(graph.size > 100, `read only ${graph.size} files`);
  assert.deepStrictEqual(findCycles(graph), []);
});

Deno.test("no file under lib/train or lib/models imports from lib/backend (kernels go through lib/ops)", async () => {
  const graph = await libGraph();
  const leaks = [...graph].flatMap(([file, deps]) =>
    /^(train|models)\//.test(file)
      ? deps.filter((d) => d.startsWith("backend/")).map((d) => `${file} -> ${d}`)
      : []
  );
  assert.deepStrictEqual(leaks, []);
  const ops = [...graph].filter(([file]) => file.startsWith("ops/"));
  assert.ok(ops.length >= 3, "lib/ops/ holds the kernel seam");
  for (const [file, deps] of ops) {
    assert.deepStrictEqual(deps.filter((d) => !d.startsWith("ops/")), [], `${file} stays in ops/`);
  }
});

/** The `export ... from "x"` specifiers of a source text (comments skipped). */
function reExports(text: string): string[] {
  const code = text.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
  return [...code.matchAll(/(?:^|[;\s])export\s[^"';]*?from\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

Deno.test("reExports() reads export-from lines only", () => {
  const text = 'import { a } from "../x.ts";\nexport { b } from "./b.ts";\n' +
    ' * export { c } from "../c.ts";\nexport type { D } from "../data/d.ts";\n';
  assert.deepStrictEqual(reExports(text), ["./b.ts", "../data/d.ts"]);
});

Deno.test("each lib/<folder>/mod.ts exports only what its own folder defines", async () => {
  const offenders: string[] = [];
  for await (const entry of Deno.readDir(LIB)) {
    if (!entry.isDirectory) continue;
    const mod = join(LIB, entry.name, "mod.ts");
    let text: string;
    try {
      text = await Deno.readTextFile(mod);
    } catch {
      continue;
    }
    for (const spec of reExports(text)) {
      if (!spec.startsWith("./")) offenders.push(`lib/${entry.name}/mod.ts re-exports ${spec}`);
    }
  }
  assert.deepStrictEqual(offenders, []);
});
