/**
 * A local stand-in for the JSR registry, serving this repository as `jsr:@adversarial/nets`
 * the way JSR would after `deno publish`: the files of deno.json's `publish.include` (minus
 * `publish.exclude`), bare specifiers rewritten to the `npm:` ones of deno.json's imports (as
 * publishing does), a sha256 manifest Deno checks every file against. Point Deno at it with
 * `JSR_URL=<url>` (the real JSR cannot be reached from this project's machines).
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** A running registry: its URL (for `JSR_URL`) and how to stop it. */
export interface LocalJsr {
  url: string;
  name: string;
  version: string;
  /** The published paths, e.g. `/mod.ts`. */
  files: string[];
  close(): Promise<void>;
}

interface Config {
  name: string;
  version: string;
  exports: Record<string, string>;
  imports: Record<string, string>;
  publish: { include: string[]; exclude: string[] };
}

/** Whether `path` (relative, with /) matches a publish pattern such as `lib/**\/*.ts`. */
function matches(path: string, pattern: string): boolean {
  if (pattern.endsWith("/")) return path.startsWith(pattern);
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*\*\//g, "\0").replace(/\*/g, "[^/]*").replaceAll("\0", "(?:.*/)?");
  return new RegExp(`^${re}$`).test(path);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await walk(path));
    else if (entry.isFile) out.push(path);
  }
  return out;
}

/** Rewrites bare specifiers of import/export statements and dynamic imports (as JSR does). */
function rewriteSpecifiers(text: string, imports: Record<string, string>): string {
  const keys = Object.keys(imports).sort((a, b) => b.length - a.length);
  return text.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\2/g,
    (whole, pre: string, quote: string, spec: string) => {
      const key = keys.find((k) => spec === k || spec.startsWith(`${k}/`));
      if (key === undefined) return whole;
      return `${pre}${quote}${imports[key]}${spec.slice(key.length)}${quote}`;
    },
  );
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts the registry on 127.0.0.1 (a free port).
 *
 * @returns The registry; `close()` it when done.
 */
export async function startLocalJsr(): Promise<LocalJsr> {
  const config: Config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const [scope, name] = config.name.slice(1).split("/");
  const encoder = new TextEncoder();
  const contents = new Map<string, Uint8Array>();
  for (const abs of await walk(ROOT)) {
    const path = relative(ROOT, abs).replaceAll("\\", "/");
    if (path.startsWith(".git/") || path.startsWith("node_modules/")) continue;
    if (!config.publish.include.some((p) => matches(path, p))) continue;
    if (config.publish.exclude.some((p) => matches(path, p))) continue;
    const bytes = await Deno.readFile(abs);
    contents.set(
      `/${path}`,
      path.endsWith(".ts")
        ? encoder.encode(rewriteSpecifiers(new TextDecoder().decode(bytes), config.imports))
        : bytes,
    );
  }
  const manifest: Record<string, { size: number; checksum: string }> = {};
  for (const [path, bytes] of contents) {
    manifest[path] = { size: bytes.length, checksum: `sha256-${await sha256(bytes)}` };
  }
  const base = `/@${scope}/${name}`;
  const json = (value: unknown) =>
    new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path === `${base}/meta.json`) {
      return json({ scope, name, latest: config.version, versions: { [config.version]: {} } });
    }
    if (path === `${base}/${config.version}_meta.json`) {
      return json({ manifest, exports: config.exports });
    }
    const prefix = `${base}/${config.version}`;
    const file = path.startsWith(`${prefix}/`) ? contents.get(path.slice(prefix.length)) : null;
    if (!file) return new Response("not found", { status: 404 });
    const type = path.endsWith(".ts")
      ? "application/typescript"
      : path.endsWith(".json")
      ? "application/json"
      : "text/plain";
    return new Response(file as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    name: config.name,
    version: config.version,
    files: [...contents.keys()].sort(),
    close: () => server.shutdown(),
  };
}
