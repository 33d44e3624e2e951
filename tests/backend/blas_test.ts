import assert from "node:assert";
import { registerNativeBackend } from "../../lib/backend/mod.ts";
import { openBlas } from "../../lib/backend/blas.ts";

Deno.test("blas.sgemm() refuses short arrays, bad sizes and an output overlapping an input", () => {
  const blas = openBlas();
  const a = new Float32Array(6), b = new Float32Array(6), c = new Float32Array(4);
  blas.sgemm(false, false, 2, 2, 3, a, b, c); // in bounds
  const refused = (call: () => void, pattern: RegExp) =>
    assert.throws(call, (e: Error) => {
      assert.ok(e instanceof RangeError, String(e));
      assert.match(e.message, /^Cannot run sgemm as /);
      assert.match(e.message, pattern);
      return true;
    });
  refused(
    () => blas.sgemm(false, false, 2, 2, 4, a, b, c),
    /a.length=6 < m\*k=8 \(m=2, n=2, k=4\)/,
  );
  refused(() => blas.sgemm(false, false, 2, 3, 3, a, b, c), /b.length=6 < k\*n=9/);
  refused(() => blas.sgemm(false, false, 3, 2, 2, a, b, c), /c.length=4 < m\*n=6/);
  refused(() => blas.sgemm(false, false, 2, 2, 1.5, a, b, c), /integers >= 0: m=2, n=2, k=1.5/);
  const shared = new Float32Array(12);
  refused(
    () => blas.sgemm(false, false, 2, 2, 2, shared.subarray(0, 4), b, shared.subarray(2, 6)),
    /c overlaps a/,
  );
  // Disjoint views of one buffer are fine.
  blas.sgemm(false, false, 2, 2, 2, shared.subarray(0, 4), b, shared.subarray(4, 8));
  assert.throws(
    () => blas.axpy(1, new Float32Array(2), new Float32Array(3)),
    /axpy.*x.length=2, y.length=3/,
  );
});

Deno.test("registerNativeBackend() refuses a misspelt option", () => {
  assert.throws(
    () => registerNativeBackend({ blasPath: [] } as never),
    /option "blasPath" is unknown \(did you mean "blasPaths"\?/,
  );
});

Deno.test("addRuns adds runs inside two arrays (offset views too) and rejects runs outside them", () => {
  const blas = openBlas();
  const x = Float32Array.from({ length: 300 }, (_, i) => i + 0.5);
  const y = new Float32Array(300).fill(1);
  const add = blas.addRuns(x.subarray(100), y);
  add(5, 10, 150);
  for (let i = 0; i < 300; i++) {
    const want = i >= 10 && i < 160 ? 1 + (100 + 5 + i - 10 + 0.5) : 1;
    assert.strictEqual(y[i], Math.fround(want), `y[${i}]`);
  }
  add(0, 0, 0);
  assert.throws(() => add(150, 0, 51), /outside the arrays: xAt=150, yAt=0, n=51/);
  assert.throws(() => add(0, 299, 2), RangeError);
  assert.throws(() => add(-1, 0, 1), RangeError);
  assert.throws(() => blas.addRuns(x, x.subarray(10)), /share an ArrayBuffer/);
});
