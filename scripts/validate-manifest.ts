/**
 * Validates manifest.xml offline against the Office add-in manifest XSDs in ../shared/office-manifest-schemas
 * (`office-addin-manifest validate` needs Microsoft's web service, which machines here cannot reach).
 * Uses xmllint-wasm (libxml2 compiled to WebAssembly), so no system xmllint is needed.
 *
 *   npx tsx scripts/validate-manifest.ts [manifest.xml]     exit 0 valid, 1 invalid, 0 with a notice when the
 *                                                           schemas are absent
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateXML } from 'xmllint-wasm';

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'shared', 'office-manifest-schemas');
const ROOT_SCHEMA = 'OfficeAppManifestV1_1.xsd';

export interface ManifestCheck {
  /** False when the schemas are not beside the project: nothing was checked. */
  readonly checked: boolean;
  readonly valid: boolean;
  /** `manifest.xml:LINE: message` for each problem. */
  readonly problems: readonly string[];
}

export async function validateManifest(manifestPath: string, schemaDir = SCHEMA_DIR): Promise<ManifestCheck> {
  if (!fs.existsSync(path.join(schemaDir, ROOT_SCHEMA))) return { checked: false, valid: false, problems: [] };
  const schemas = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.xsd'));
  const fileName = path.basename(manifestPath);
  const result = await validateXML({
    xml: [{ fileName, contents: fs.readFileSync(manifestPath, 'utf8') }],
    schema: [{ fileName: ROOT_SCHEMA, contents: fs.readFileSync(path.join(schemaDir, ROOT_SCHEMA), 'utf8') }],
    preload: schemas.filter((f) => f !== ROOT_SCHEMA).map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(schemaDir, f), 'utf8') })),
  });
  return {
    checked: true,
    valid: result.valid,
    problems: result.errors.map((e) => (e.loc ? `${e.loc.fileName}:${e.loc.lineNumber}: ${e.message}` : e.message)),
  };
}

if (require.main === module) {
  const manifest = process.argv[2] ?? path.resolve(__dirname, '..', 'manifest.xml');
  validateManifest(manifest).then((check) => {
    if (!check.checked) {
      console.log(`Manifest schema check skipped: no schemas at ${SCHEMA_DIR}.`);
      return;
    }
    if (check.valid) console.log(`${path.basename(manifest)} is valid against the Office add-in manifest schemas.`);
    else {
      for (const problem of check.problems) console.error(problem);
      process.exitCode = 1;
    }
  });
}
