// Checks the Helm chart as `helm install` would, without Helm: the values (values.yaml, and values.yaml merged with
// each example the way Helm merges a -f file) against values.schema.json; every file of tests/chart/invalid-values
// must be refused; every .Values path a template reads must exist in values.yaml; template blocks must balance; and
// the docker-compose stack must parse and name its services. Prints one line per check and exits 1 if any failed.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import YAML from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const chart = join(root, 'charts', 'fhir-note-service');
let failures = 0;
const report = (ok, what, why = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${why ? `: ${why}` : ''}`);
  if (!ok) failures++;
};
const readYaml = (file) => YAML.parse(readFileSync(file, 'utf8'), { uniqueKeys: true, strict: true });
const yamlFiles = (folder) => readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(folder, f));

// Helm's coalescing: maps merge key by key, anything else (lists included) is replaced, null deletes the key.
const merge = (base, override) => {
  if (!isMap(base) || !isMap(override)) return override;
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    else merged[key] = merge(base[key], value);
  }
  return merged;
};
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8')));
const problems = () => (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`).join('; ');

const defaults = readYaml(join(chart, 'values.yaml'));
report(validate(defaults), 'values.yaml matches values.schema.json', problems());
for (const example of yamlFiles(join(chart, 'examples'))) {
  report(validate(merge(defaults, readYaml(example))), `${relative(root, example)} matches the schema`, problems());
}
for (const bad of yamlFiles(join(root, 'tests', 'chart', 'invalid-values'))) {
  const valid = validate(merge(defaults, readYaml(bad)));
  report(!valid, `${relative(root, bad)} is refused`, valid ? 'the schema accepted it' : problems());
}

// Every .Values path a template reads must exist in values.yaml (a typo would render as empty, silently).
const templates = join(chart, 'templates');
for (const file of readdirSync(templates).sort()) {
  const text = readFileSync(join(templates, file), 'utf8');
  const missing = [...text.matchAll(/\$?\.Values\.([A-Za-z0-9_.]+)/g)]
    .map((m) => m[1])
    .filter((path) => path.split('.').reduce((node, key) => (isMap(node) && key in node ? node[key] : undefined), defaults) === undefined);
  report(missing.length === 0, `templates/${file} reads only values that exist`, [...new Set(missing)].join(', '));
  const actions = [...text.matchAll(/\{\{-?\s*(if|range|with|define|end)\b/g)].map((m) => m[1]);
  const opened = actions.filter((a) => a !== 'end').length;
  const closed = actions.length - opened;
  report(opened === closed && text.split('{{').length === text.split('}}').length, `templates/${file} blocks balance`, `${opened} opened, ${closed} ended`);
}

const compose = readYaml(join(root, 'deploy', 'docker-compose.yml'));
const services = Object.keys(compose.services ?? {});
const expected = ['rabbitmq', 'hapi-fhir', 'worker', 'otel-collector', 'jaeger', 'ollama'];
report(expected.every((s) => services.includes(s)), 'deploy/docker-compose.yml has its services', `has ${services.join(', ')}`);
const unpinned = Object.entries(compose.services).filter(([, s]) => s.image && !/:[^:]+$/.test(s.image) ).map(([n]) => n);
report(unpinned.length === 0, 'every compose image is pinned to a tag', unpinned.join(', '));

console.log(failures === 0 ? 'chart check: passed' : `chart check: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
