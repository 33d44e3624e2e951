import assert from "node:assert";
import {
  alphaGenerator,
  entropy,
  fDivergence,
  ganValue,
  gridDensity1d,
  gridDensity2d,
  histogram1d,
  histogram2d,
  jensenDifference,
  jensenShannon,
  jensenShannonDivergence,
  jensenShannonPower,
  klDivergence,
  lemmaG,
  lemmaL,
  minimizeKlSum,
  optimalDiscriminator,
} from "../../lib/theory/mod.ts";
import { assertClose } from "../_helpers.ts";

/** Asserts `fn` throws `type` with a message matching every pattern (argument name and value). */
function throwsWith(
  fn: () => unknown,
  type: typeof RangeError | typeof TypeError,
  ...patterns: RegExp[]
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e}`);
    assert.match((e as Error).message, /^Cannot /);
    for (const p of patterns) assert.match((e as Error).message, p);
    return true;
  });
}

Deno.test("probability vectors: different lengths, negatives, NaN, empty and non-arrays throw", () => {
  throwsWith(
    () => jensenShannon([0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]),
    RangeError,
    /p\.length=2/,
    /q\.length=3/,
  );
  throwsWith(
    () => klDivergence([1.2, -0.2], [0.5, 0.5]),
    RangeError,
    /non-negative/,
    /p\[1\]=-0\.2/,
  );
  throwsWith(() => entropy([0.5, NaN, 0.5]), RangeError, /NaN/, /p\[1\]=NaN/);
  throwsWith(() => entropy([Infinity, 0]), RangeError, /p\[0\]=Infinity/);
  throwsWith(() => entropy([]), RangeError, /empty/, /p\.length=0/);
  throwsWith(() => entropy(0.5 as unknown as number[]), TypeError, /p=0\.5/);
  throwsWith(() => entropy(["0.5", "0.5"] as unknown as number[]), TypeError, /p\[0\]="0\.5"/);
  throwsWith(() => jensenShannonDivergence([1], null as unknown as number[]), TypeError, /q=null/);
});

Deno.test("vectors not summing to 1 throw beyond the tolerance, or normalise on request", () => {
  throwsWith(() => entropy([0.5, 0.6]), RangeError, /sum to 1/, /sum\(p\)=1\.1/, /normalize/);
  throwsWith(() => jensenShannon([0.5, 0.5], [2, 2]), RangeError, /sum\(q\)=4/);
  // Within 1e-9 is accepted as is; a float32 vector gets 1e-6.
  assert.ok(Number.isFinite(entropy([0.5, 0.5 + 5e-10])));
  throwsWith(() => entropy([0.5, 0.5 + 5e-9]), RangeError, /within 1e-9/);
  assert.ok(Number.isFinite(entropy(new Float32Array([0.1, 0.2, 0.7]))));
  assert.ok(Number.isFinite(entropy([0.5, 0.5 + 5e-9], { tolerance: 1e-8 })));
  assertClose(entropy([2, 2, 2, 2], { normalize: true }), Math.log(4), { atol: 1e-15 });
  assertClose(jensenShannon([3, 0], [0, 5], { normalize: true }), 2 * Math.LN2, { atol: 1e-15 });
  throwsWith(() => entropy([0, 0], { normalize: true }), RangeError, /positive sum/, /sum\(p\)=0/);
  throwsWith(() => entropy([1], { tolerance: -1 }), RangeError, /tolerance=-1/);
});

Deno.test("alpha out of range throws, for JS^alpha and alpha-divergences", () => {
  for (const alpha of [0, -0.1, 0.55, 1, NaN]) {
    throwsWith(
      () => jensenShannonPower([1, 0], [0, 1], alpha),
      RangeError,
      /\(0, 1\/2\]/,
      new RegExp(`alpha=${alpha}`),
    );
  }
  for (const alpha of [0, 1, Infinity, NaN]) {
    throwsWith(() => alphaGenerator(alpha), RangeError, new RegExp(`alpha=${alpha}`));
  }
});

Deno.test("other bad arguments name themselves and their values", () => {
  throwsWith(
    () => fDivergence([1], [1], "kl" as unknown as (u: number) => number),
    TypeError,
    /f="kl"/,
  );
  throwsWith(() => ganValue([1.5, 0], [0.5, 0.5], [0.5, 0.5]), RangeError, /d\[0\]=1\.5/);
  throwsWith(() => ganValue([0.5], [0.5, 0.5], [0.5, 0.5]), RangeError, /d\.length=1/);
  throwsWith(
    () => optimalDiscriminator([1], [0.5, 0.5]),
    RangeError,
    /pData\.length=1/,
    /pG\.length=2/,
  );
  throwsWith(() => jensenDifference([[1, 0]]), RangeError, /distributions\.length=1/);
  throwsWith(
    () => jensenDifference([[1, 0], [0, 1]], [0.5, 0.25, 0.25]),
    RangeError,
    /weights\.length=3/,
  );
  throwsWith(
    () => jensenDifference([[1, 0], [0, 1, 0]]),
    RangeError,
    /distributions\[1\]\.length=3/,
  );
  throwsWith(() => lemmaL(-1, 1), RangeError, /p=-1/);
  throwsWith(() => lemmaG(1), RangeError, /x=1/);
  throwsWith(() => lemmaG(NaN), RangeError, /x=NaN/);
  throwsWith(
    () => minimizeKlSum([0.5, 0.5], [0.5, 0.5], { init: [1, 0] }),
    RangeError,
    /init\[1\]=0/,
  );
  throwsWith(() => minimizeKlSum([1], [1], { stepSize: 0 }), RangeError, /stepSize=0/);
});

Deno.test("histogram and grid options are checked", () => {
  throwsWith(() => histogram1d([0.5], { min: 1, max: 0, bins: 2 }), RangeError, /min=1, max=0/);
  throwsWith(() => histogram1d([0.5], { min: 0, max: 1, bins: 2.5 }), RangeError, /bins=2\.5/);
  throwsWith(
    () => histogram1d([0.5, NaN], { min: 0, max: 1, bins: 2 }),
    RangeError,
    /samples\[1\]=NaN/,
  );
  throwsWith(() => histogram1d([], { min: 0, max: 1, bins: 2 }), RangeError, /samples\.length=0/);
  throwsWith(
    () => histogram1d([5], { min: 0, max: 1, bins: 2, outside: "drop" }),
    RangeError,
    /no sample/,
  );
  throwsWith(
    () => histogram1d([0.5], { min: 0, max: 1, bins: 2, outside: "wrap" as "drop" }),
    RangeError,
    /outside="wrap"/,
  );
  throwsWith(
    () => histogram2d([0, 1, 2], { xMin: 0, xMax: 1, yMin: 0, yMax: 1, bins: 2 }),
    RangeError,
    /xy\.length=3/,
  );
  throwsWith(
    () => histogram2d([[0, 1, 2]], { xMin: 0, xMax: 1, yMin: 0, yMax: 1, bins: 2 }),
    TypeError,
    /xy\[0\]/,
  );
  throwsWith(
    () => gridDensity1d((x) => x - 1, { min: 0, max: 2, n: 4 }),
    RangeError,
    /pdf\(0\.25\)=-0\.75/,
  );
  throwsWith(
    () => gridDensity1d(() => 1, { min: 0, max: Infinity, n: 4 }),
    TypeError,
    /max=Infinity/,
  );
  throwsWith(
    () => gridDensity2d(() => 0, { xMin: 0, xMax: 1, yMin: 0, yMax: 1, n: 2 }),
    RangeError,
    /positive mass/,
  );
});
