import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import {
  BACKEND_CHOICES,
  findGpuAdapter,
  gpuDeviceFiles,
  initBackend,
  summariseGpuAdapter,
} from "../../lib/backend/mod.ts";
import { webgpuWanted } from "../_helpers.ts";

Deno.test("summariseGpuAdapter() reads the fallback flag from the adapter or its info", () => {
  // Deno 2.9.6 on this machine: the flag sits on adapter.info.
  const llvmpipe = summariseGpuAdapter({
    info: {
      vendor: "65541",
      architecture: "",
      description: "llvmpipe (LLVM 15.0.6, 256 bits)",
      isFallbackAdapter: true,
    },
  });
  assert.deepStrictEqual(llvmpipe, {
    description: "llvmpipe (LLVM 15.0.6, 256 bits)",
    vendor: "65541",
    architecture: "",
    isFallback: true,
  });
  // Older drafts: on the adapter itself.
  assert.strictEqual(summariseGpuAdapter({ isFallbackAdapter: true, info: {} }).isFallback, true);
  // A software rasteriser that does not say so is still recognised by name.
  assert.strictEqual(
    summariseGpuAdapter({ info: { description: "SwiftShader Device" } }).isFallback,
    true,
  );
  const gpu = summariseGpuAdapter({
    info: { description: "NVIDIA H100", vendor: "nvidia", isFallbackAdapter: false },
  });
  assert.strictEqual(gpu.isFallback, false);
});

Deno.test("initBackend() picks native without a real GPU and says why", async () => {
  const { adapter, probed, note } = await findGpuAdapter();
  const info = await initBackend();
  assert.strictEqual(tf.getBackend(), info.backend);
  assert.deepStrictEqual(info.adapter, adapter);
  if (adapter !== null && !adapter.isFallback) {
    assert.strictEqual(info.backend, "webgpu");
    assert.ok(info.reason.includes(note), info.reason);
    return;
  }
  // On this project's machines there is no GPU: native, and the reason says what was looked at.
  assert.strictEqual(info.backend, "native", info.reason);
  assert.strictEqual(info.threads, 1);
  assert.match(info.blas?.path ?? "", /blas/i);
  assert.match(info.reason, /native/);
  // The reason names no file the published package leaves out (bench/, tests/).
  assert.doesNotMatch(info.reason, /bench\/|tests\//);
  if (adapter === null) assert.ok(info.reason.startsWith(note), info.reason);
  else {
    assert.ok(probed);
    assert.ok(
      info.reason.includes(`only a fallback GPU adapter (${adapter.description})`),
      info.reason,
    );
  }
});

Deno.test("findGpuAdapter() does not ask WebGPU on Linux without GPU device files, and asks once", async () => {
  const files = gpuDeviceFiles();
  const first = await findGpuAdapter();
  assert.strictEqual(await findGpuAdapter(), first, "the answer is cached");
  if (Deno.build.os !== "linux") {
    assert.strictEqual(files, null);
    assert.strictEqual(first.probed, true);
    return;
  }
  assert.ok(Array.isArray(files), "with --allow-read /dev is readable");
  for (const f of files) assert.match(f, /^\/dev\/(dri\/renderD\d+|nvidia\d+|nvidiactl|dxg)$/);
  assert.strictEqual(first.probed, files.length > 0);
  if (files.length === 0) {
    assert.strictEqual(first.adapter, null);
    assert.match(first.note, /no GPU device .*WebGPU not asked/);
  }
});

Deno.test("summariseGpuAdapter() tells a real GPU by its flag and name", () => {
  const h200 = summariseGpuAdapter({
    info: { description: "NVIDIA H200", vendor: "nvidia", isFallbackAdapter: false },
  });
  assert.strictEqual(h200.isFallback, false);
  assert.strictEqual(
    summariseGpuAdapter({ info: { description: "llvmpipe (LLVM 15)" } }).isFallback,
    true,
  );
});

Deno.test("initBackend() honours an explicit cpu, wasm or native choice", async () => {
  const cpu = await initBackend({ backend: "cpu" });
  assert.strictEqual(cpu.backend, "cpu");
  assert.strictEqual(tf.getBackend(), "cpu");
  assert.match(cpu.reason, /^asked for cpu/);

  const wasm = await initBackend({ backend: "wasm" });
  assert.strictEqual(tf.getBackend(), "wasm");
  assert.strictEqual(wasm.threads, 1);
  assert.strictEqual(wasm.fastTransposedMatMul, true);

  const native = await initBackend({ backend: "native" });
  assert.strictEqual(tf.getBackend(), "native");
  assert.notStrictEqual(native.blas, null);
  // An explicit CPU choice does not load the GPU driver stack to look for an adapter.
  assert.deepStrictEqual([cpu.adapter, wasm.adapter, native.adapter], [null, null, null]);
});

// Asking WebGPU loads the GPU driver stack into the process; on a machine without a GPU that is
// Mesa's llvmpipe, whose teardown aborted processes at exit (issue 13). So this runs in a child
// process, and only where a GPU device exists or AN_TEST_WEBGPU=1 asks for it.
Deno.test({
  name: "initBackend() honours an explicit webgpu choice, or says there is no adapter",
  ignore: !(await webgpuWanted()),
  fn: async () => {
    const script = `
      import * as tf from "@tensorflow/tfjs";
      import { initBackend } from "./lib/backend/mod.ts";
      try {
        const info = await initBackend({ backend: "webgpu" });
        const y = await tf.mul(tf.tensor1d([1, 2, 3]), 2).data();
        console.log(JSON.stringify({ backend: tf.getBackend(), reason: info.reason, y: [...y] }));
      } catch (error) {
        console.log(JSON.stringify({ error: String(error) }));
      }`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", script],
      cwd: new URL("../..", import.meta.url).pathname,
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1) ?? "";
    assert.strictEqual(out.code, 0, `the child exited with ${out.code}: ${text}`);
    const result = JSON.parse(text);
    if (result.error !== undefined) {
      assert.match(result.error, /no adapter/);
      return;
    }
    assert.strictEqual(result.backend, "webgpu");
    assert.deepStrictEqual(result.y, [2, 4, 6]);
  },
});

Deno.test("initBackend() rejects an unknown backend with a RangeError listing the names", async () => {
  await assert.rejects(
    // @ts-expect-error: not a backend name
    initBackend({ backend: "tpu" }),
    (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.ok(error.message.includes("backend=tpu"), error.message);
      for (const name of BACKEND_CHOICES) assert.ok(error.message.includes(name), error.message);
      return true;
    },
  );
  await assert.rejects(initBackend({ threads: 0 }), /threads=0/);
  await assert.rejects(initBackend({ threads: 1.5 }), RangeError);
  await assert.rejects(
    // @ts-expect-error: misspelt option
    initBackend({ thread: 2 }),
    (error: Error) => error instanceof TypeError && /"thread".*"threads"/.test(error.message),
  );
});

Deno.test("initBackend() explains a native failure, and auto falls back to wasm saying why", async () => {
  const path = "/nonexistent/libnot-a-blas.so.0";
  await assert.rejects(initBackend({ backend: "native", blasPaths: [path] }), new RegExp(path));
  const info = await initBackend({ blasPaths: [path] });
  assert.strictEqual(info.backend, "wasm");
  assert.ok(info.reason.includes(`native failed`) && info.reason.includes(path), info.reason);
});

Deno.test("initBackend() refuses to change wasm's thread count once it runs", async () => {
  await initBackend({ backend: "wasm", threads: 1 });
  await assert.rejects(initBackend({ backend: "wasm", threads: 2 }), /already started with 1/);
});

Deno.test("initBackend() without read permission says wasm needs --allow-read, before tfjs prints an abort", async () => {
  const code = 'import { initBackend } from "./mod.ts";\n' +
    'await initBackend({ backend: "wasm" }).catch((e) => console.log(e.message));\n' +
    "console.log((await initBackend()).reason);\n";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "-"],
    cwd: new URL("../../", import.meta.url),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(code));
  await writer.close();
  const out = await child.output();
  const [stdout, stderr] = [out.stdout, out.stderr].map((b) => new TextDecoder().decode(b));
  assert.strictEqual(out.code, 0, stderr);
  assert.match(
    stdout,
    /^Cannot start wasm as reading its \.wasm file \(in the npm cache\) needs --allow-read\n/,
  );
  // auto: native needs FFI, wasm needs read, so cpu, and the reason says both
  assert.match(stdout, /native failed: .*--allow-ffi.*wasm failed: .*--allow-read.*so cpu/);
  assert.doesNotMatch(stderr, /Aborted|failed to asynchronously prepare wasm/);
});
