/** A line segment of an isoline. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Marching squares for one level on a regular grid: the segments where the
 * bilinear interpolation of `values` (row-major, `values[j * nx + i]` at
 * (xs[i], ys[j])) crosses `level`. Saddle cells are resolved by the cell mean.
 * (Plot's contour mark outlines filled regions, grid border included; the
 * decision boundary wants the line alone.)
 */
export function isoline(
  xs: readonly number[],
  ys: readonly number[],
  values: readonly number[],
  level: number,
): Segment[] {
  const nx = xs.length;
  const out: Segment[] = [];
  const at = (i: number, j: number) => values[j * nx + i] - level;
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // corners counter-clockwise: (i,j) (i+1,j) (i+1,j+1) (i,j+1)
      const c = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]].map(([a, b]) => ({
        x: xs[a],
        y: ys[b],
        v: at(a, b),
      }));
      const cross: Array<{ x: number; y: number }> = [];
      for (let e = 0; e < 4; e++) {
        const p = c[e];
        const q = c[(e + 1) % 4];
        if ((p.v < 0) !== (q.v < 0)) {
          const t = p.v / (p.v - q.v);
          cross.push({ x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) });
        }
      }
      if (cross.length === 2) {
        out.push({ x1: cross[0].x, y1: cross[0].y, x2: cross[1].x, y2: cross[1].y });
      } else if (cross.length === 4) {
        const centre = c.reduce((s, p) => s + p.v, 0) / 4;
        // the centre's sign decides which pairs of crossings connect
        const [a, b, d, e] = centre < 0 === c[0].v < 0 ? [1, 2, 3, 0] : [0, 1, 2, 3];
        out.push({ x1: cross[a].x, y1: cross[a].y, x2: cross[b].x, y2: cross[b].y });
        out.push({ x1: cross[d].x, y1: cross[d].y, x2: cross[e].x, y2: cross[e].y });
      }
    }
  }
  return out;
}
