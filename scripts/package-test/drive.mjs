// The package test's hands: a minimal W3C WebDriver client (Node's fetch) against
// tauri-driver, driving the unpacked package's binary as a user would.
// Usage: node drive.mjs add-account DRIVER_URL APP FORGE_GITHUB_URL TOKEN
//        node drive.mjs no-tray     DRIVER_URL APP
// Exits non-zero with the reason when an expectation fails.
const [mode, driver, application, baseUrl, token] = process.argv.slice(2);
const TIMEOUT_MS = 30000;
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

async function call(method, path, body) {
  const res = await fetch(`${driver}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

async function session() {
  const caps = { capabilities: { alwaysMatch: { "tauri:options": { application } } } };
  for (let i = 0; ; i++) {
    try {
      return (await call("POST", "/session", caps)).sessionId;
    } catch (e) {
      if (i > 40) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function eventually(what, check) {
  const end = Date.now() + TIMEOUT_MS;
  let last = "nothing";
  for (;;) {
    try {
      const seen = await check();
      if (seen === true) return;
      last = String(seen);
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > end) throw new Error(`${what}: found ${last}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function ui(sid) {
  const find = async (css) => {
    const found = await call("POST", `/session/${sid}/element`, { using: "css selector", value: css });
    // W3C names the reference ELEMENT; older dialects (JSON Wire) say "ELEMENT".
    const id = found?.[ELEMENT] ?? found?.ELEMENT;
    if (!id) throw new Error(`${css}: no element reference in ${JSON.stringify(found)}`);
    return id;
  };
  const text = async (css) => call("GET", `/session/${sid}/element/${await find(css)}/text`);
  return {
    async click(css) {
      await eventually(`click ${css}`, async () => {
        await call("POST", `/session/${sid}/element/${await find(css)}/click`, {});
        return true;
      });
    },
    async fill(css, value) {
      await eventually(`fill ${css}`, async () => {
        const id = await find(css);
        await call("POST", `/session/${sid}/element/${id}/clear`, {});
        await call("POST", `/session/${sid}/element/${id}/value`, { text: value });
        const now = await call("GET", `/session/${sid}/element/${id}/property/value`);
        return now === value || `value ${now}`;
      });
    },
    async expectText(css, wanted) {
      await eventually(`${css} should contain ${JSON.stringify(wanted)}`, async () => {
        const t = await text(css);
        return t.includes(wanted) || t;
      });
    },
    async expectAttr(css, attr, wanted) {
      await eventually(`${css}[${attr}] should be ${wanted}`, async () => {
        const v = await call("GET", `/session/${sid}/element/${await find(css)}/attribute/${attr}`);
        return v === wanted || v;
      });
    },
    /** Sends a Tauri command from the page, as the UI does, without waiting for its answer. */
    async send(cmd, args) {
      const script = "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]); return 'sent';";
      return call("POST", `/session/${sid}/execute/sync`, { script, args: [cmd, args] });
    },
    async enabledAndChecked(css) {
      const id = await find(css);
      const enabled = await call("GET", `/session/${sid}/element/${id}/enabled`);
      const checked = await call("GET", `/session/${sid}/element/${id}/selected`);
      return { enabled, checked };
    },
  };
}

async function addAccount(page) {
  await page.click("[data-testid=nav-accounts]");
  await page.expectText("[data-testid=key-not-created]", "created with your first account");
  await page.click("[data-testid=accounts-add]");
  await page.click("[data-testid=provider-github]");
  await page.fill("[data-testid=field-name]", "Package GitHub");
  await page.click("[data-testid=toggle-advanced]");
  await page.fill("[data-testid=field-base-url]", baseUrl);
  await page.fill("[data-testid=field-token]", token);
  await page.click("[data-testid=test-connection]");
  await page.expectAttr("[data-testid=test-result]", "data-ok", "true");
  await page.click("[data-testid=save-account]");
  await page.expectText('[data-testid=account-row][data-account-name="Package GitHub"]', "Package GitHub");
  await page.expectAttr('[data-testid=account-row][data-account-name="Package GitHub"] [data-testid=account-status]', "data-status", "verified");
  console.log("drive: added the account 'Package GitHub' through the window");
}

async function noTray(page) {
  await page.click("[data-testid=nav-general]");
  await page.expectText("[data-testid=tray-missing]", "libayatana-appindicator3");
  await eventually("close to tray should be off and disabled", async () => {
    const { enabled, checked } = await page.enabledAndChecked("[data-testid=setting-close-to-tray]");
    return (!enabled && !checked) || `enabled=${String(enabled)} checked=${String(checked)}`;
  });
  console.log("drive: General settings say why close to tray is off");
}

const sid = await session();
const page = ui(sid);
if (mode === "add-account") await addAccount(page);
else if (mode === "no-tray") await noTray(page);
else throw new Error(`unknown mode ${mode}`);
// Quit through the app's own Quit (the tray menu's code path, which exists without a tray too).
const quit = await page.send("tray_action", { id: "quit" }).catch((e) => `session ended: ${String(e)}`);
console.log(`drive: quit requested (${quit})`);
await call("DELETE", `/session/${sid}`).catch(() => undefined);
