import * as tf from "@tensorflow/tfjs";
import assert from "node:assert";
import {
  BACKEND_CHOICES,
  initBackend,
  probeGpuAdapter,
  summariseGpuAdapter,
} from "../../lib/backend/mod.ts";

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

Deno.test("initBackend() picks native without a real GPU and reports the adapter", async () => {
  const adapter = await probeGpuAdapter();
  const info = await initBackend();
  assert.strictEqual(tf.getBackend(), info.backend);
  assert.deepStrictEqual(info.adapter, adapter);
  if (adapter !== null && !adapter.isFallback) {
    assert.strictEqual(info.backend, "webgpu");
    return;
  }
  // On this project's machines the only adapter is Mesa llvmpipe, a fallback one.
  assert.strictEqual(info.backend, "native", info.reason);
  assert.strictEqual(info.threads, 1);
  assert.match(info.blas?.path ?? "", /blas/i);
  assert.match(info.reason, /native/);
  if (adapter !== null) {
    assert.strictEqual(info.adapter?.isFallback, true);
    assert.ok(
      info.reason.includes(`only a fallback GPU adapter (${adapter.description})`),
      info.reason,
    );
  }
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

Deno.test("initBackend() honours an explicit webgpu choice, or says there is no adapter", async () => {
  const adapter = await probeGpuAdapter();
  if (adapter === null) {
    await assert.rejects(initBackend({ backend: "webgpu" }), /no adapter/);
    return;
  }
  const info = await initBackend({ backend: "webgpu" });
  assert.strictEqual(tf.getBackend(), "webgpu");
  if (adapter.isFallback) assert.match(info.reason, /fallback adapter/);
  const x = tf.tensor1d([1, 2, 3]);
  assert.deepStrictEqual(await tf.mul(x, 2).data(), new Float32Array([2, 4, 6]));
  await initBackend({ backend: "cpu" });
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
