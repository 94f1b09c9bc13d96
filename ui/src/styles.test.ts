// The design tokens in styles.css meet WCAG 2.1 AA contrast in both themes (1.4.3 text 4.5:1,
// 1.4.11 control boundaries 3:1), every colour lives in one token, and the rules use them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Read from disk: Vitest stubs CSS imports out. Tests run from ui/ (Vitest's root).
const css = readFileSync(join(process.cwd(), "src/styles.css"), "utf8");

type Tokens = Record<string, string>;

/** The custom properties declared in the block that starts with `selector {`. */
function block(selector: string): Tokens {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no block ${selector}`);
  const body = css.slice(start, css.indexOf("}", start));
  const tokens: Tokens = {};
  for (const m of body.matchAll(/(--[\w-]+):\s*([^;]+);/g)) {
    const [, name, value] = m;
    if (name && value) tokens[name] = value.trim();
  }
  return tokens;
}

/** The body of the first rule whose selector list is exactly `selector`. */
function rule(selector: string): string {
  const at = css.indexOf(`\n${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  return css.slice(at, css.indexOf("}", at));
}

const LIGHT = block(":root");
const DARK = { ...LIGHT, ...block(':root[data-theme="dark"]') };
const THEMES = { light: LIGHT, dark: DARK };

function resolve(tokens: Tokens, name: string): string {
  let value = tokens[name];
  for (let i = 0; value?.startsWith("var(") && i < 5; i++) value = tokens[value.slice(4, -1)];
  if (!value?.match(/^#[0-9a-f]{6}$/i)) throw new Error(`${name} is not a #rrggbb colour: ${String(value)}`);
  return value;
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(tokens: Tokens, fg: string, bg: string): number {
  const [a, b] = [luminance(resolve(tokens, fg)), luminance(resolve(tokens, bg))].sort((x, y) => y - x);
  return ((a ?? 0) + 0.05) / ((b ?? 0) + 0.05);
}

const SURFACES = ["--bg", "--bg-card", "--bg-sidebar", "--bg-hover"];
/** Text colours and the surfaces they are drawn on, at 4.5:1 or more. */
const TEXT: [string, string[]][] = [
  ["--text", SURFACES],
  // Muted text, and the grey zero CI counts on a row (hovered too).
  ["--text-muted", [...SURFACES, "--error-bg", "--warn-bg"]],
  ["--ok-text", ["--bg-card", "--bg-hover", "--bg-active"]],
  ["--bad-text", ["--bg-card", "--bg-hover", "--error-bg"]],
  ["--warn-text", ["--bg-card", "--bg-hover", "--warn-bg"]],
  ["--focus", ["--bg", "--bg-card"]],
  // The primary button (Add Account, Save).
  ["--accent-text", ["--accent", "--accent-hover"]],
];
const PROVIDERS = ["--provider-github", "--provider-gitlab", "--provider-bitbucket", "--provider-gitea"];

describe.each(Object.entries(THEMES))("the %s theme", (_, tokens) => {
  it.each(TEXT)("%s is readable (4.5:1) on its surfaces", (fg, surfaces) => {
    for (const bg of surfaces) expect({ bg, ratio: contrast(tokens, fg, bg) >= 4.5 }).toEqual({ bg, ratio: true });
  });

  it.each(PROVIDERS)("the badge letters are readable (4.5:1) on %s", (bg) => {
    expect(contrast(tokens, "--provider-text", bg)).toBeGreaterThanOrEqual(4.5);
  });

  it("text fields and selects have a boundary of 3:1 against the page and cards", () => {
    for (const bg of ["--bg", "--bg-card", "--bg-sidebar"]) {
      expect({ bg, ratio: contrast(tokens, "--border-control", bg) >= 3 }).toEqual({ bg, ratio: true });
    }
  });
});

describe("styles.css", () => {
  it("defines the dark theme once for the OS setting and once for the chosen theme, alike", () => {
    expect(block(':root:not([data-theme="light"])')).toEqual(block(':root[data-theme="dark"]'));
  });

  it("writes colours only in token declarations", () => {
    const literals = css
      .split("\n")
      .filter((line) => /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(line))
      .filter((line) => !/^\s*--[\w-]+:/.test(line));
    expect(literals).toEqual([]);
  });

  it("draws form controls with the control border and zero CI counts in grey, not faded", () => {
    for (const selector of [
      ".field input",
      ".dash-filters input,\n.dash-filters select,\n.filters-button",
      ".setting-field select,\n.quiet-times input",
      ".watched-textarea",
    ]) {
      expect({ selector, border: rule(selector).includes("border: 1px solid var(--border-control);") }).toEqual({
        selector,
        border: true,
      });
    }
    expect(rule(".ci-zero")).not.toContain("opacity");
    expect(rule(".ci-zero")).toContain("color: var(--text-muted);");
    for (const provider of ["gitlab", "bitbucket", "gitea"]) {
      expect(rule(`.provider-${provider}`)).toContain(`background: var(--provider-${provider});`);
    }
  });
});
