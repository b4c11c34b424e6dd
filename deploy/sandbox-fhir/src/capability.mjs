// The CapabilityStatement served at /metadata, so that FHIR clients that check the server version work.
export function capabilityStatement(baseUrl, resourceTypes) {
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
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        resource: resourceTypes.map((type) => ({
          type,
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'].map(
            (code) => ({ code })
          ),
        })),
      },
    ],
  };
}
