/**
 * Forward and backward passes of a planned MLP (see plan.ts) on row-major float32 buffers:
 * matrix products by a BLAS `sgemm`, everything else in plain loops, with no tfjs engine,
 * tape or intermediate tensors. Each element-wise operation rounds to float32 as tfjs's cpu
 * kernels do; products are summed in BLAS's order, as the native backend's matMuls are.
 *
 * @module
 */
import type { MlpPlan, PlanOp } from "./plan.ts";
import { maxGradRows, sigmoidTable } from "../../fast_math.ts";
import { unrolledLoop } from "../../unrolled.ts";

/** The BLAS calls a compiled step makes (a subset of the native backend's CBLAS binding). */
export interface Gemm {
  /** Row-major `C = op(A) op(B) + beta C` (see lib/backend/blas.ts). */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    beta?: number,
  ): void;
  /** `y <- alpha x + y`. */
  axpy(alpha: number, x: Float32Array, y: Float32Array): void;
  /** `x <- alpha x`. */
  scal(alpha: number, x: Float32Array): void;
  /** Sum of squares accumulated in float64. */
  sumOfSquares(x: Float32Array): number;
}

/** The buffers of one forward pass over `rows` rows (reused by later passes of that size). */
export interface PassBuffers {
  rows: number;
  /** The input rows `[rows, inWidth]` (fill before {@linkcode MlpRunner.prototype.forward}). */
  input: Float32Array;
  /** Each operation's output `[rows, op.outWidth]`. */
  outs: Float32Array[];
  /** Each dropout operation's mask, redrawn by each forward pass (null for other operations). */
  masks: (Float32Array | null)[];
  /** Gradient buffers `[rows, width]` for each operation's input. */
  grads: Float32Array[];
  /** Adjoint buffers `[rows, width]` for each operation's output (gradient penalty only). */
  adjoints: Float32Array[] | null;
}

/** Where a pass reads each dense layer's kernel and bias values. */
export type WeightValues = (op: Extract<PlanOp, { kind: "dense" }>) => {
  kernel: Float32Array;
  bias: Float32Array | null;
};

/** Runs one planned model's passes; holds its buffers per row count. */
export class MlpRunner {
  readonly plan: MlpPlan;
  readonly gemm: Gemm;
  #buffers = new Map<number, PassBuffers>();

  /**
   * @param plan The model's plan.
   * @param gemm The BLAS calls.
   */
  constructor(plan: MlpPlan, gemm: Gemm) {
    this.plan = plan;
    this.gemm = gemm;
  }

  /** The buffers for passes over `rows` rows (allocated once per size). */
  buffers(rows: number): PassBuffers {
    let b = this.#buffers.get(rows);
    if (b === undefined) {
      const ops = this.plan.ops;
      b = {
        rows,
        input: new Float32Array(rows * this.plan.inWidth),
        outs: ops.map((op) => new Float32Array(rows * op.outWidth)),
        masks: ops.map((op) => op.kind === "dropout" ? new Float32Array(rows * op.inWidth) : null),
        grads: ops.map((op) => new Float32Array(rows * op.inWidth)),
        adjoints: null,
      };
      this.#buffers.set(rows, b);
    }
    return b;
  }

  /** The output rows of the last pass over `rows` rows `[rows, outWidth]`. */
  output(b: PassBuffers): Float32Array {
    return b.outs.length === 0 ? b.input : b.outs[b.outs.length - 1];
  }

  /**
   * The forward pass over `b.input` in training mode: dropout layers draw fresh masks (one
   * mask over all rows per layer, in layer order, as a tfjs training call on the whole batch).
   *
   * @param b Buffers from {@linkcode MlpRunner.prototype.buffers} with the input filled.
   * @param weights Where each dense layer's values are.
   * @returns The output rows.
   */
  forward(b: PassBuffers, weights: WeightValues): Float32Array {
    const rows = b.rows;
    let x = b.input;
    this.plan.ops.forEach((op, i) => {
      const y = b.outs[i];
      if (op.kind === "dense") {
        const { kernel, bias } = weights(op);
        if (bias) {
          for (let r = 0; r < rows; r++) y.set(bias, r * op.outWidth);
        }
        this.gemm.sgemm(false, false, rows, op.outWidth, op.inWidth, x, kernel, y, bias ? 1 : 0);
      } else if (op.kind === "activation") {
        activate(op.fn, op.alpha, x, y);
      } else if (op.kind === "maxout") {
        maxout(x, y, op.pieces);
      } else {
        const mask = op.source.drawMask(x.length, b.masks[i]!);
        for (let j = 0; j < y.length; j++) y[j] = x[j] * mask[j];
      }
      x = y;
    });
    return x;
  }

  /**
   * The backward pass of rows `[from, from + count)` of the last forward pass over `b`: given
   * the gradient of a loss with respect to those output rows, accumulates nothing, but writes
   * each dense layer's kernel and bias gradient (when `weightGrads` is given) and returns the
   * gradient with respect to the input rows (when `inputGrad` is true; the returned buffer is
   * reused by the next pass).
   *
   * @param b The forward pass's buffers.
   * @param weights Where each dense layer's values are (the values the forward pass used).
   * @param dOut `[count, outWidth]` gradient of the output rows.
   * @param from First row.
   * @param count Rows.
   * @param weightGrads Per dense layer (plan order) its kernel and bias gradient buffers.
   * @param inputGrad Whether to compute the input rows' gradient.
   * @returns `[count, inWidth]` when `inputGrad`, else null.
   */
  backward(
    b: PassBuffers,
    weights: WeightValues,
    dOut: Float32Array,
    from: number,
    count: number,
    weightGrads: { kernel: Float32Array; bias: Float32Array | null }[] | null,
    inputGrad: boolean,
  ): Float32Array | null {
    const ops = this.plan.ops;
    // Operations before the first dense layer need no gradient unless the input's is wanted.
    const firstDense = ops.findIndex((op) => op.kind === "dense");
    let dense = ops.reduce((n, op) => n + Number(op.kind === "dense"), 0);
    let dy = dOut;
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i];
      const rowsIn = (a: Float32Array, width: number) =>
        a.subarray(from * width, (from + count) * width);
      const x = i === 0 ? rowsIn(b.input, op.inWidth) : rowsIn(b.outs[i - 1], op.inWidth);
      const needDx = inputGrad || i > firstDense;
      const dx = b.grads[i].subarray(0, count * op.inWidth);
      if (op.kind === "dense") {
        dense--;
        const { kernel } = weights(op);
        if (weightGrads) {
          const g = weightGrads[dense];
          this.gemm.sgemm(true, false, op.inWidth, op.outWidth, count, x, dy, g.kernel, 0);
          if (g.bias) columnSums(dy, count, op.outWidth, g.bias);
        }
        if (!needDx) break;
        this.gemm.sgemm(false, true, count, op.inWidth, op.outWidth, dy, kernel, dx, 0);
      } else if (!needDx) {
        break;
      } else if (op.kind === "activation") {
        activationGrad(op.fn, op.alpha, rowsIn(b.outs[i], op.outWidth), dy, dx);
      } else if (op.kind === "maxout") {
        maxGradRows(dy, x, rowsIn(b.outs[i], op.outWidth), op.pieces, dx);
      } else {
        const mask = (b.masks[i] as Float32Array).subarray(
          from * op.inWidth,
          (from + count) * op.inWidth,
        );
        for (let j = 0; j < dx.length; j++) dx[j] = dy[j] * mask[j];
      }
      dy = dx;
    }
    return inputGrad ? dy : null;
  }
}

/**
 * The weight gradient of `sum_r <u_r, dD(x_r)/dx_r>` for a piecewise-linear model (dense,
 * ReLU / leaky ReLU, maxout, dropout: its slopes, selections and masks are constant almost
 * everywhere, so the input gradient is linear in each kernel and constant in the biases): the
 * gradient penalty's term of WGAN-GP (Gulrajani et al. 2017) by "double backpropagation".
 * Needs the buffers of a forward pass and of the backward pass that gave the input gradient
 * (upstream `dOut`, usually ones); propagates the adjoint `u` forward through the backward
 * chain's transposes.
 *
 * @param runner The model's runner.
 * @param b Buffers after `forward` and `backward(..., inputGrad = true)` over all rows.
 * @param weights The values the passes used.
 * @param dOut The upstream gradient the backward pass started from `[rows, outWidth]`.
 * @param u `[rows, inWidth]` adjoint of the input gradient.
 * @param grads Per dense layer (plan order) its kernel and bias gradient buffers (biases get 0).
 */
export function inputGradientWeightGrads(
  runner: MlpRunner,
  b: PassBuffers,
  weights: WeightValues,
  dOut: Float32Array,
  u: Float32Array,
  grads: { kernel: Float32Array; bias: Float32Array | null }[],
): void {
  const ops = runner.plan.ops, rows = b.rows;
  if (b.adjoints === null) b.adjoints = ops.map((op) => new Float32Array(rows * op.outWidth));
  const lastDense = ops.map((op) => op.kind).lastIndexOf("dense");
  let a = u, dense = 0;
  for (let i = 0; i <= lastDense; i++) {
    const op = ops[i];
    const next = b.adjoints[i];
    if (op.kind === "dense") {
      // The backward chain's step here was dIn = dOutHere W^T.
      const dy = i === ops.length - 1 ? dOut : b.grads[i + 1];
      const g = grads[dense++];
      runner.gemm.sgemm(true, false, op.inWidth, op.outWidth, rows, a, dy, g.kernel, 0);
      g.bias?.fill(0);
      if (i === lastDense) break;
      runner.gemm.sgemm(
        false,
        false,
        rows,
        op.outWidth,
        op.inWidth,
        a,
        weights(op).kernel,
        next,
        0,
      );
    } else if (op.kind === "activation") {
      if (op.fn !== "relu" && op.fn !== "leakyRelu") {
        throw new RangeError(
          `Cannot differentiate the input gradient through ${op.fn} layer ${op.name}`,
        );
      }
      activationGrad(op.fn, op.alpha, b.outs[i], a, next);
    } else if (op.kind === "maxout") {
      const x = i === 0 ? b.input : b.outs[i - 1], y = b.outs[i], k = op.pieces;
      for (let j = 0, p0 = 0; j < y.length; j++, p0 += k) {
        const m = y[j];
        let s = 0;
        for (let p = 0; p < k; p++) s += a[p0 + p] * Number(x[p0 + p] === m);
        next[j] = s;
      }
    } else {
      const mask = b.masks[i] as Float32Array;
      for (let j = 0; j < next.length; j++) next[j] = a[j] * mask[j];
    }
    a = next;
  }
}

/**
 * `y = f(x)` as tfjs's cpu kernels compute it. ReLU and leaky ReLU select by arithmetic, not
 * by a branch: on a layer's pre-activations the sign is a coin flip, and the mispredicted
 * branch made ReLU 5 times slower (0.63 against 0.13 ms for G's 100 x 1200 values here).
 */
function activate(fn: string, alpha: number, x: Float32Array, y: Float32Array): void {
  const n = x.length;
  if (fn === "relu") {
    // v * 1 is v; v * 0 is -0 for v < 0, and + 0 makes it tfjs's +0; NaN stays NaN. Only
    // -Infinity * 0 is NaN too: that rare (well-predicted) branch puts its 0 back.
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const r = v * Number(v > 0) + 0;
      y[i] = r === r ? r : v === -Infinity ? 0 : r;
    }
  } else if (fn === "leakyRelu") {
    // 1 + (a - 1) is exactly a (a in [0, 1], a float32): y is a * v rounded, as before.
    const aMinus1 = Math.fround(alpha) - 1;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      y[i] = v * (1 + aMinus1 * Number(v < 0));
    }
  } else if (fn === "sigmoid") {
    sigmoidTable(x, y);
  } else {
    for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
  }
}

/** `dx = dy f'(x)` from the outputs `y`, rounded as tfjs's gradient op chains round. */
function activationGrad(
  fn: string,
  alpha: number,
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
): void {
  const n = dx.length;
  if (fn === "relu") {
    for (let i = 0; i < n; i++) dx[i] = dy[i] * Number(y[i] > 0);
  } else if (fn === "leakyRelu") {
    // y > 0 exactly where x > 0 (alpha >= 0).
    const a = Math.fround(alpha);
    for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : dy[i] * a;
  } else if (fn === "sigmoid") {
    for (let i = 0; i < n; i++) {
      const s = y[i];
      dx[i] = dy[i] * Math.fround(s * Math.fround(1 - s));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const t = y[i];
      dx[i] = Math.fround(1 - Math.fround(t * t)) * dy[i];
    }
  }
}

type MaxoutLoop = (x: Float32Array, y: Float32Array) => void;

const maxoutLoops = new Map<number, MaxoutLoop>();

/**
 * `y[r, j] = max_p x[r, j * pieces + p]` (a unit's pieces adjacent, as pylearn2 lays them); the
 * first of equal maxima, and NaN once a piece is NaN.
 */
function maxout(x: Float32Array, y: Float32Array, pieces: number): void {
  // Straight-line code per unit (generated once per piece count): twice the inner loop's speed.
  // The winner's index moves by arithmetic, not a branch: which piece wins is unpredictable,
  // and the branchy form took 2.3 times as long on a real layer's values.
  const unrolled = unrolledLoop(maxoutLoops, pieces, ["x", "y"], (k) => {
    const body = Array.from(
      { length: k - 1 },
      (_, p) =>
        `v = x[i + ${p + 1}]; w += (Number(v > x[w]) | Number(v !== v)) * (i + ${p + 1} - w);`,
    ).join("\n");
    return `for (let j = 0, i = 0; j < y.length; j++, i += ${k}) {
      let w = i, v;
      ${body}
      y[j] = x[w];
    }`;
  });
  if (unrolled !== null) return unrolled(x, y);
  for (let j = 0, i = 0; j < y.length; j++, i += pieces) {
    let m = x[i];
    for (let p = 1; p < pieces; p++) {
      const v = x[i + p];
      if (v > m || v !== v) m = v;
    }
    y[j] = m;
  }
}

const sums = { buffer: new Float64Array(0) };

/** `out[c] = sum_r a[r, c]` over `rows` rows, summed in float64 (as tfjs's cpu Sum sums). */
function columnSums(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  if (sums.buffer.length < cols) sums.buffer = new Float64Array(cols);
  const acc = sums.buffer;
  acc.fill(0, 0, cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) acc[c] += a[base + c];
  }
  for (let c = 0; c < cols; c++) out[c] = acc[c];
}
