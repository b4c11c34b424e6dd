// The CapabilityStatement served at /metadata, so that FHIR clients that check the server version work.
export function capabilityStatement(baseUrl, resourceTypes, quirks = new Set()) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'FhirNoteService sandbox FHIR server (Medplum FHIR engine)' },
    implementation: { description: 'Sandbox EMR stand-in for demos and tests', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        interaction: (quirks.has('no-batch') ? ['search-system'] : ['transaction', 'batch', 'search-system']).map((code) => ({ code })),
        resource: resourceTypes.map((type) => ({
          type,
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: !quirks.has('ignores-if-none-exist'),
          conditionalUpdate: true,
          interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'].map(
            (code) => ({ code })
          ),
        })),
      },
    ],
  };
}
