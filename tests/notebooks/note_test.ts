/**
 * Runs notebooks/06_note.ipynb through real Jupyter in quick mode (AN_QUICK=1): the seed note
 * section by section (1.2-1.5.6, 2.1-2.3), each claim's number read back from its cell's
 * key/value table, every figure an SVG, and the closing checklist complete.
 */
import assert from "node:assert";
import { fileURLToPath } from "node:url";
import { executeNotebook, mimeText, type Notebook, outputsByTag } from "./harness.ts";
import { keyValues, notebooksAvailable, num, tagText } from "./key_values.ts";

const NOTEBOOK = fileURLToPath(new URL("../../notebooks/06_note.ipynb", import.meta.url));
const available = await notebooksAvailable();
const LOG4 = Math.log(4);

/**
 * `runQuick` with a longer per-cell timeout: the critic cell trains 6 small critics, which took
 * ~10 s on an idle 2-core machine but over a minute next to other training runs.
 */
async function runQuick(path: string): Promise<Notebook> {
  const env = { ...Deno.env.toObject(), AN_QUICK: "1" };
  const nb = await executeNotebook(path, { env, timeoutSeconds: 600 });
  const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
  assert.deepStrictEqual(outputs.filter((o) => o.output_type === "error"), [], "no cell raised");
  assert.deepStrictEqual(outputs.filter((o) => o.output_type === "stream"), [], "nothing printed");
  return nb;
}

/** The number of SVG figures among the outputs of the cells tagged `tag` (each with xmlns). */
function figures(nb: Notebook, tag: string): number {
  const svgs = outputsByTag(nb, tag).map((o) => mimeText(o, "image/svg+xml")).filter((s) =>
    s !== undefined
  );
  for (const s of svgs) assert.match(s!, /^<svg[^>]*xmlns=/, tag);
  return svgs.length;
}

Deno.test({
  name: "06_note.ipynb runs in quick mode and computes every item of the note",
  ignore: !available,
  sanitizeResources: false,
  async fn() {
    const nb = await runQuick(NOTEBOOK);

    // 1.2: the game with the pushforward G_*P_z
    const game = keyValues(nb, "game");
    assert.ok(Math.abs(num(game, "V over Z") - num(game, "V with G_*P_z")) < 1e-9);
    assert.ok(Math.abs(num(game, "V(1/2, G)") + LOG4) < 1e-9);
    assert.ok(Math.abs(num(game, "V(D*, G)") - num(game, "-2 log 2 + JS(P0, P1)")) < 1e-9);
    assert.match(tagText(nb, "game"), /0\.001\s+0\.001\s+0\.999/);

    // 1.3: KL fails, sqrt JS holds; the metric axioms and the lemma on R_+^3
    const kl = keyValues(nb, "kl");
    assert.strictEqual(kl["triangle violated"], "yes");
    assert.strictEqual(num(kl, "KL(Q, P)"), Infinity);
    assert.ok(num(kl, "KL(Q, R)") !== num(kl, "KL(R, Q)"));
    assert.ok(num(kl, "sqrt JS(P, R)") <= num(kl, "sqrt JS(P, Q) + sqrt JS(Q, R)"));
    const metric = keyValues(nb, "metric");
    assert.strictEqual(num(metric, "triples"), 20000);
    assert.strictEqual(num(metric, "violations (slack > 1e-12)"), 0);
    assert.ok(num(metric, "max scaled slack of the lemma") <= 1e-12);
    assert.ok(num(metric, "max |sqrt JS - ||sqrt L||_2|") < 1e-12);
    assert.ok(num(metric, "max |JS(P, Q) - JS(Q, P)|") < 1e-12);

    // eq. (2) three ways; g's ranges; the domain slip
    const eq2 = keyValues(nb, "eq2");
    assert.ok(num(eq2, "max rel. |reduced - first form|") < 1e-10);
    assert.ok(num(eq2, "max rel. |reduced - finite difference|") < 1e-6);
    const g = keyValues(nb, "g");
    assert.ok(Math.abs(num(g, "g(0)") - Math.sqrt(Math.LN2)) < 1e-8);
    // g((0, 1)) in (0, 1) and g((1, inf)) in (-1, 0): the distances to +-1 stay positive
    assert.ok(num(g, "min g on (0, 1)") > 0 && num(g, "1 - max g on (0, 1)") > 0);
    assert.ok(num(g, "1 + min g on (1, 1e4]") > 0 && num(g, "max g on (1, 1e4]") < 0);
    assert.strictEqual(g["increasing on (0, 1)"], "yes");
    assert.strictEqual(g["increasing on (1, 1e4]"], "yes");
    assert.strictEqual(g["L(-0.5, 1) by the formula"], "NaN");
    assert.strictEqual(g["lemmaG(-0.5)"], "RangeError");
    assert.strictEqual(figures(nb, "g"), 1);

    // f(p, q, .): equal minima at p and q, one maximum between, three sign changes of eq. 2
    const f = keyValues(nb, "f_shape");
    const floor = num(f, "sqrt L(p, q)");
    assert.strictEqual(num(f, "f(p, q, p)"), floor);
    assert.strictEqual(num(f, "f(p, q, q)"), floor);
    assert.ok(num(f, "min f on grid") >= floor);
    assert.ok(num(f, "argmax r") > 1 && num(f, "argmax r") < 4);
    assert.ok(num(f, "max f") > floor);
    assert.strictEqual(num(f, "sign changes of eq. 2"), 3);
    assert.strictEqual(figures(nb, "f_shape"), 2);

    // Propositions 1 and 2
    const p1 = keyValues(nb, "prop1");
    assert.ok(num(p1, "max |grid argmax - a/(a+b)|") <= num(p1, "grid step"));
    const p2 = keyValues(nb, "prop2");
    assert.ok(num(p2, "max |V(D*, G) - (-2 log 2 + JS)|") < 1e-12);
    assert.ok(num(p2, "max V(D, G) - V(D*, G), D perturbed") <= 0);
    assert.ok(Math.abs(num(p2, "V(D*, G) at P1 = P0") + LOG4) < 1e-3);
    assert.strictEqual(p2["D* = 1/2 everywhere at P1 = P0"], "yes");

    // 1.4: convergence with D = D*, what breaks without it, the saddle
    const conv = keyValues(nb, "convergence");
    assert.ok(num(conv, "first round with JS < 1e-6") >= 1);
    assert.ok(num(conv, "first round with JS < 1e-6") <= 15);
    assert.ok(num(conv, "JS at the last round") < 1e-6);
    assert.ok(Math.abs(num(conv, "JS ratio per round (last 5)") - 0.25) < 0.01);
    assert.strictEqual(figures(nb, "convergence"), 1);
    const br = keyValues(nb, "breaks");
    assert.ok(num(br, "k = 1: min JS, last 20 rounds") > 1e-3);
    assert.ok(num(br, "20 G steps: largest mass of P1") > 0.9);
    assert.ok(num(br, "parametric: residual JS") > 0.1);
    assert.strictEqual(figures(nb, "breaks"), 2);
    const saddle = keyValues(nb, "saddle");
    assert.ok(num(saddle, "V(1/2, g) spread") < 1e-12);
    assert.strictEqual(num(saddle, "argmax_d V(d, 1/2)"), 0.5);
    assert.strictEqual(num(saddle, "argmin_g C(g)"), 0.5);
    assert.ok(
      Math.abs(num(saddle, "simultaneous: final radius") - num(saddle, "(1 + eta^2)^(steps/2)")) <
        1e-3,
    );
    assert.ok(num(saddle, "simultaneous: final radius") > 2);
    assert.ok(num(saddle, "alternating: max radius") < 1.1);
    assert.strictEqual(figures(nb, "saddle"), 2);

    // 1.5.1-1.5.6
    const jd = keyValues(nb, "s1_5_1");
    assert.ok(num(jd, "max |JS - (2H(M) - H(P) - H(Q))|") < 1e-12);
    const pw = keyValues(nb, "s1_5_2");
    assert.ok(num(pw, "worst ratio, alpha = 0.5") <= 1);
    assert.ok(num(pw, "worst ratio, alpha = 0.55") > 1.07);
    const vf = keyValues(nb, "s1_5_3");
    assert.ok(Math.abs(num(vf, "min_R KL(P, R) + KL(Q, R)") - num(vf, "JS(P, Q)")) < 1e-9);
    const mx = keyValues(nb, "s1_5_4");
    assert.ok(Math.abs(num(mx, "JS, disjoint supports") - 2 * Math.LN2) < 1e-7);
    assert.ok(Math.abs(num(mx, "sqrt JS, disjoint supports") - Math.sqrt(2 * Math.LN2)) < 1e-5);
    assert.ok(Math.abs(num(mx, "JSD (paper, scipy), disjoint") - Math.LN2) < 1e-7);
    assert.ok(num(mx, "max JS over random pairs") < 2 * Math.LN2);
    const chi = keyValues(nb, "s1_5_5");
    assert.ok(Math.abs(num(chi, "ratio at t = 1e-6") - 1) < 1e-5);
    assert.ok(
      Math.abs(num(chi, "ratio at t = 1e-2") - 1) < Math.abs(num(chi, "ratio at t = 1") - 1),
    );
    const fd = keyValues(nb, "s1_5_6");
    assert.ok(num(fd, "max |D_f - direct| (exact rows)") < 1e-12);
    const fTable = tagText(nb, "s1_5_6", "text/html");
    for (const name of ["KL", "JS (note)", "TV = 1/2 sum|p - q|", "alpha = 0.5", "alpha = 2"]) {
      assert.ok(fTable.includes(name), name);
    }

    // 2.1: the f-GAN bound; 2.3: JS flat, W1 = |offset|, trained critics
    const fb = keyValues(nb, "s2_1");
    assert.ok(num(fb, "max |D_f - bound at T*|") < 1e-9);
    assert.ok(num(fb, "max over s of bound - D_f") < 1e-9);
    const w = keyValues(nb, "s2_3");
    assert.ok(num(w, "max |JS - 2 log 2|, offset != 0") < 1e-12);
    assert.strictEqual(num(w, "JS at offset 0"), 0);
    assert.ok(num(w, "max |W1 - |offset||") < 1e-9);
    const critic = keyValues(nb, "critic");
    assert.strictEqual(num(critic, "critic steps"), 100);
    // seen 0.07 (quick) on cpu and native
    assert.ok(num(critic, "max |GP - W1| / W1, offset != 0") < 0.3);
    assert.ok(num(critic, "|GP estimate| at offset 0") < 0.1);
    assert.ok(num(critic, "|clipped estimate| at offset 0") < 0.05);
    assert.ok(num(critic, "clipped estimate / W1, min") > 0.3);
    assert.strictEqual(figures(nb, "critic"), 1);

    // the closing checklist names every section of the note
    const list = tagText(nb, "checklist", "text/html");
    assert.match(list, /26 items of the note/);
    for (const s of ["1.2", "1.3 lemma", "1.3 eq. 2", "1.4", "1.5.1", "1.5.2", "1.5.3"]) {
      assert.ok(list.includes(`>${s}<`), s);
    }
    for (const s of ["1.5.4 slip", "1.5.5", "1.5.6", "2.1", "2.2", "2.3"]) {
      assert.ok(list.includes(`>${s}<`), s);
    }
  },
});
