// Validates OpenRPC documents with @open-rpc/schema-utils-js: first against the
// meta-schema, then by parsing (which dereferences every $ref). Prints one line per
// document and exits non-zero when any fails.
const { validateOpenRPCDocument, parseOpenRPCDocument } = require("@open-rpc/schema-utils-js");
const fs = require("fs");

async function check(file) {
  const document = JSON.parse(fs.readFileSync(file, "utf8"));
  const validation = validateOpenRPCDocument(document);
  if (validation !== true) {
    return file + ": invalid\n" + validation.message;
  }
  const parsed = await parseOpenRPCDocument(document);
  return file + ": valid, " + parsed.methods.length + " methods parsed";
}

(async () => {
  let failed = false;
  for (const file of process.argv.slice(2)) {
    try {
      const line = await check(file);
      failed = failed || !line.includes(": valid,");
      console.log(line);
    }
    catch (e) {
      failed = true;
      console.log(file + ": failed: " + e.message);
    }
  }
  process.exit(failed ? 1 : 0);
})();
