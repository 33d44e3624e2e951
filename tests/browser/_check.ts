/**
 * What the browser test asks of every figure on a page, measured by Chromium's layout
 * (text boxes from getBoundingClientRect, svg viewports from their CTMs) rather than estimated: each text inside the box of every `<svg>`
 * that holds it (nested svgs clip), no two texts overlapping, a visible title. Plus the
 * harness: finding Chromium, opening a page with puppeteer-core, collecting console errors.
 */

/** The parts of the DOM the in-page check uses (Deno's type check has no DOM library). */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
interface Matrix {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}
interface Length {
  baseVal: { value: number };
}
interface Node {
  readonly parentElement: Node | null;
  readonly viewBox?: { baseVal: { x: number; y: number; width: number; height: number } | null };
  readonly width?: Length;
  readonly height?: Length;
  getScreenCTM?(): Matrix | null;
  readonly ownerSVGElement?: Node | null;
  readonly textContent: string | null;
  closest(selector: string): Node | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node> & Iterable<Node>;
  getClientRects(): { length: number };
  getBoundingClientRect(): Box;
}
interface Page {
  document: Node;
  getComputedStyle(el: Node): { visibility: string; opacity: string };
}

/** One problem found on a page. */
export interface FigureProblem {
  /** The figure's title, else its caption, else "svg #i". */
  figure: string;
  /** What is wrong, e.g. `text "0.69316" extends past the left edge of its svg by 7.3 px`. */
  problem: string;
}

/**
 * Runs in the page (passed to `page.evaluate`, so it must not refer to anything outside
 * itself): checks every top-level `<svg>` of the document.
 *
 * @param tolerance Pixels a text box may stick out or overlap (glyph boxes include the font's
 *   line gap).
 * @returns The problems, in document order.
 */
export function figureProblems(tolerance: number): FigureProblem[] {
  const { document, getComputedStyle } = globalThis as unknown as Page;
  const problems: FigureProblem[] = [];
  const roots = [...document.querySelectorAll("svg")].filter((s) =>
    !s.parentElement?.closest("svg")
  );
  roots.forEach((root, i) => {
    const titleText = root.querySelector("text[data-figure-title]");
    const caption = root.closest("figure")?.querySelector("figcaption")?.textContent?.trim();
    const name = titleText?.textContent?.trim() || caption || `svg #${i + 1}`;
    const report = (problem: string) => problems.push({ figure: name, problem });
    const visible = (el: Node) => {
      const style = getComputedStyle(el);
      return el.getClientRects().length > 0 && style.visibility !== "hidden" &&
        Number(style.opacity) > 0 && (el.textContent ?? "").trim() !== "";
    };
    // Chromium gives a nested svg's content box as its bounding rect: its viewport is
    // (0, 0, width, height) in its parent's units (or its viewBox), mapped by its CTM.
    const viewport = (svg: Node): Box => {
      if (svg === root || !svg.getScreenCTM) return svg.getBoundingClientRect();
      const m = svg.getScreenCTM()!;
      const vb = svg.viewBox?.baseVal;
      const [x0, y0, w, h] = vb && vb.width > 0
        ? [vb.x, vb.y, vb.width, vb.height]
        : [0, 0, svg.width!.baseVal.value, svg.height!.baseVal.value];
      const xs = [m.a * x0 + m.c * y0 + m.e, m.a * (x0 + w) + m.c * (y0 + h) + m.e];
      const ys = [m.b * x0 + m.d * y0 + m.f, m.b * (x0 + w) + m.d * (y0 + h) + m.f];
      return {
        left: Math.min(...xs),
        right: Math.max(...xs),
        top: Math.min(...ys),
        bottom: Math.max(...ys),
      };
    };
    const texts = [...root.querySelectorAll("text")].filter(visible).map((el) => ({
      el,
      text: (el.textContent ?? "").trim(),
      box: el.getBoundingClientRect(),
    }));
    for (const t of texts) {
      for (let svg = t.el.ownerSVGElement; svg; svg = svg.parentElement?.closest("svg") ?? null) {
        const s = viewport(svg);
        const out: Array<[string, number]> = [
          ["left", s.left - t.box.left],
          ["right", t.box.right - s.right],
          ["top", s.top - t.box.top],
          ["bottom", t.box.bottom - s.bottom],
        ];
        const [side, by] = out.reduce((a, b) => (b[1] > a[1] ? b : a));
        if (by > tolerance) {
          report(
            `text "${t.text}" extends past the ${side} edge of its svg by ${by.toFixed(1)} px`,
          );
          break;
        }
      }
    }
    for (let a = 0; a < texts.length; a++) {
      for (let b = a + 1; b < texts.length; b++) {
        const [p, q] = [texts[a].box, texts[b].box];
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > tolerance && h > tolerance) {
          report(
            `texts "${texts[a].text}" and "${texts[b].text}" overlap (${w.toFixed(1)} x ${
              h.toFixed(1)
            } px)`,
          );
        }
      }
    }
    if (!titleText || !visible(titleText)) report("no visible title");
  });
  return problems;
}

/**
 * Where Chromium is: `AN_CHROMIUM` when set (only there: a wrong path means none), else the
 * first of the usual paths that exists.
 */
export function findChromium(): string | null {
  const chosen = Deno.env.get("AN_CHROMIUM");
  const candidates = chosen
    ? [chosen]
    : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const path of candidates) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return null;
}

/** What {@linkcode checkPage} saw. */
export interface PageCheck {
  /** Problems from {@linkcode figureProblems}. */
  problems: FigureProblem[];
  /** Console errors, uncaught page errors and failed requests. */
  errors: string[];
  /** Top-level svgs checked. */
  figures: number;
}

/**
 * Opens `html` in headless Chromium, checks its figures, and optionally saves a full-page
 * screenshot.
 *
 * @param chromium Path of the Chromium binary.
 * @param html The page.
 * @param screenshot Where to write a PNG of the whole page, if anywhere.
 * @returns The problems and errors.
 */
export async function checkPage(
  chromium: string,
  html: string,
  screenshot?: string,
): Promise<PageCheck> {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // root in containers needs --no-sandbox; no GPU here
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--font-render-hinting=none",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e}`));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    await page.setContent(html, { waitUntil: "load" });
    const problems = await page.evaluate(figureProblems, 1);
    const figures = await page.evaluate(() => {
      const { document } = globalThis as unknown as Page;
      return [...document.querySelectorAll("svg")].filter((s) => !s.parentElement?.closest("svg"))
        .length;
    });
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { problems, errors, figures };
  } finally {
    await browser.close();
  }
}
