import assert from "node:assert";

// These tests need a CBLAS library: on Debian `apt-get install -y libopenblas0-pthread`.
const mapped = () => /openblas/i.test(Deno.readTextFileSync("/proc/self/maps"));

Deno.test({
  name: "openBlas() keeps the library loaded after the isolate that opened it ends",
  ignore: Deno.build.os !== "linux",
  async fn() {
    // Opened and closed with its worker, OpenBLAS would be unloaded and loaded again by the
    // next isolate (every module of `deno test`): the load/unload cycles its teardown races in.
    const worker = new Worker(new URL("./_blas_worker.ts", import.meta.url), { type: "module" });
    const path = await new Promise<string>((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(e);
    });
    worker.terminate();
    await new Promise((r) => setTimeout(r, 200));
    assert.match(path, /openblas/i);
    assert.ok(mapped(), "the library is still mapped after its worker ended");
  },
});
