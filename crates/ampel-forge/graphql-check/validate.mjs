// Validates GraphQL query documents against GitHub's official public schema from
// @octokit/graphql-schema, twice: its SDL (schema.graphql) and its introspection
// result (schema.json, through the package's own validate()).
// Usage: node validate.mjs FILE...
// Exits 0 when every document is valid, 1 with the errors otherwise, 2 on bad use.
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { validate as validateWithIntrospection } from "@octokit/graphql-schema";

// The package exports only its index; schema.graphql sits beside it. Its SDL
// (15.26.1) defines EnterpriseOwnerInfo.repositoryDeployKeySetting twice, which
// graphql-js refuses as SDL; skipping the SDL self-check builds the schema anyway
// and does not weaken the validation of our queries.
function loadSdlSchema() {
  const index = import.meta.resolve("@octokit/graphql-schema");
  const sdl = readFileSync(new URL("schema.graphql", index), "utf8");
  return buildSchema(sdl, { assumeValidSDL: true });
}

function located(file, source, e) {
  const at = (e.locations ?? []).map((l) => `${l.line}:${l.column}`).join(", ");
  return `${file}${at ? ` (${at})` : ""} [${source}]: ${e.message}`;
}

function check(schema, file) {
  const text = readFileSync(file, "utf8");
  let document;
  try {
    document = parse(text);
  } catch (e) {
    return [located(file, "syntax", e)];
  }
  const sdl = validate(schema, document).map((e) => located(file, "schema.graphql", e));
  const json = validateWithIntrospection(text).map((e) => located(file, "schema.json", e));
  return [...sdl, ...json];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs QUERY.graphql...");
  process.exit(2);
}
const schema = loadSdlSchema();
const errors = files.flatMap((f) => check(schema, f));
if (errors.length > 0) {
  for (const e of errors) console.error(e);
  process.exit(1);
}
console.log(`valid against GitHub's schema: ${files.join(", ")}`);
