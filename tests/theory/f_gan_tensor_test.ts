import assert from "node:assert";
import * as tf from "@tensorflow/tfjs";
import {
  alphaGenerator,
  fGanObjective,
  fGanTensorForms,
  fGenerators,
  ganGenerator,
  ganValueFromLogits,
  jensenShannonGenerator,
  l1Generator,
  totalVariationGenerator,
} from "../../lib/theory/mod.ts";
import { assertAllClose, useBackend } from "../_helpers.ts";

const GENERATORS = [
  ...Object.values(fGenerators),
  alphaGenerator(2),
  alphaGenerator(0.5),
  alphaGenerator(-1),
];

Deno.test("fGanTensorForms() agree with the float64 g_f and f*(g_f) of each generator", async () => {
  await useBackend("cpu");
  const vs = Array.from({ length: 41 }, (_, i) => -5 + i / 4);
  const v = tf.tensor1d(vs);
  for (const g of GENERATORS) {
    const forms = fGanTensorForms(g);
    const act = forms.activation(v), conj = forms.conjugateOfActivation(v);
    const expectedAct = vs.map((x) => g.activation(x));
    const expectedConj = vs.map((x) => g.conjugate(g.activation(x)));
    // float32: ~1e-7 relative per op; values up to ~e^5 (Hellinger's e^-v - 1 at v = -5).
    assertAllClose(await act.data(), expectedAct, { atol: 1e-5, rtol: 1e-5, msg: g.name });
    assertAllClose(await conj.data(), expectedConj, { atol: 1e-5, rtol: 1e-4, msg: g.name });
    tf.dispose([act, conj]);
  }
  v.dispose();
});

Deno.test("fGanTensorForms() stay finite at v = +-100 for bounded activations", async () => {
  await useBackend("cpu");
  const v = tf.tensor1d([-100, 100]);
  for (const g of [ganGenerator, jensenShannonGenerator, totalVariationGenerator, l1Generator]) {
    const forms = fGanTensorForms(g);
    const out = [forms.activation(v), forms.conjugateOfActivation(v)];
    for (const t of out) assert.ok((await t.data()).every(Number.isFinite), g.name);
    tf.dispose(out);
  }
  v.dispose();
});

Deno.test("fGanObjective() with the GAN generator is the GAN value from logits", async () => {
  await useBackend("cpu");
  const real = tf.tensor1d([2, -1, 0.5, 30]), fake = tf.tensor1d([-3, 0.2, 100, -100]);
  const a = fGanObjective(real, fake, ganGenerator);
  const b = ganValueFromLogits(real, fake);
  assertAllClose(await a.data(), await b.data(), { atol: 1e-5 });
  assert.throws(() => fGanTensorForms({ ...ganGenerator, name: "nope" }), /generator\.name="nope"/);
  tf.dispose([real, fake, a, b]);
});
