// An in-memory FHIR repository with what Medplum's MemoryRepository lacks for an EMR stand-in:
// validation of every write, serialised transactions, rollback of a failed transaction, saving to a file, and an
// index of the references that searches by encounter and patient follow (the upstream search scans every resource
// of the type, which grows with every patient loaded).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { badRequest, OperationOutcomeError, validateResource } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';

// Search parameters served from the reference index: code -> resource type -> where the reference sits.
// Only these types: elsewhere the parameter's path differs (DocumentReference.context.encounter, ...).
const encounterOf = (resource) => resource.encounter?.reference;
const indexedReferences = {
  encounter: {
    Condition: encounterOf,
    Observation: encounterOf,
    MedicationRequest: encounterOf,
    Procedure: encounterOf,
    DiagnosticReport: encounterOf,
  },
  patient: {
    Condition: (resource) => resource.subject?.reference,
    AllergyIntolerance: (resource) => resource.patient?.reference,
  },
};

export class SandboxRepository extends MemoryRepository {
  #journal = undefined;
  #writeQueue = Promise.resolve();
  // `${type}|${code}|${reference}` -> ids. Entries are only added: a search still checks every filter against the
  // candidates, so an entry left over from an update or a rollback costs a comparison, never a wrong answer.
  #references = new Map();

  /** Runs writers one at a time, so that a transaction is isolated from every other write. */
  serialise(work) {
    const run = this.#writeQueue.then(work, work);
    this.#writeQueue = run.catch(() => undefined);
    return run;
  }

  createResourceSync(resource, options, update = false) {
    assertValid(resource);
    const { resourceType, id } = resource;
    const previous = id ? this.#snapshot(resourceType, id) : { current: undefined, historyLength: 0 };
    const created = super.createResourceSync(resource, options, update);
    this.#journal?.push({ resourceType, id: created.id, ...previous });
    this.#index(created);
    return created;
  }

  searchSync(request) {
    const filter = (request.filters ?? []).find(
      (f) =>
        indexedReferences[f.code]?.[request.resourceType] &&
        f.operator === 'eq' &&
        typeof f.value === 'string' &&
        /^[A-Za-z]+\/[^,/]+$/.test(f.value),
    );
    const all = this.resources.get(request.resourceType);
    if (!filter || !all) {
      return super.searchSync(request);
    }
    const candidates = new Map();
    for (const id of this.#references.get(`${request.resourceType}|${filter.code}|${filter.value}`) ?? []) {
      const resource = all.get(id);
      if (resource) {
        candidates.set(id, resource);
      }
    }
    this.resources.set(request.resourceType, candidates);
    try {
      return super.searchSync(request);
    } finally {
      this.resources.set(request.resourceType, all);
    }
  }

  #index(resource) {
    for (const [code, byType] of Object.entries(indexedReferences)) {
      const reference = byType[resource.resourceType]?.(resource);
      if (typeof reference === 'string') {
        const key = `${resource.resourceType}|${code}|${reference}`;
        let ids = this.#references.get(key);
        if (!ids) {
          ids = new Set();
          this.#references.set(key, ids);
        }
        ids.add(resource.id);
      }
    }
  }

  async deleteResource(resourceType, id, options) {
    this.#journal?.push({ resourceType, id, ...this.#snapshot(resourceType, id) });
    return super.deleteResource(resourceType, id, options);
  }

  async withTransaction(callback) {
    if (this.#journal) {
      return callback(this);
    }
    this.#journal = [];
    try {
      return await callback(this);
    } catch (err) {
      this.#rollback();
      throw err;
    } finally {
      this.#journal = undefined;
    }
  }

  /** Reads every stored version in creation order without the upstream in-place reversal. */
  async readHistory(resourceType, id) {
    await this.readResource(resourceType, id);
    const versions = [...(this.history.get(resourceType)?.get(id) ?? [])].reverse();
    return { resourceType: 'Bundle', type: 'history', entry: versions.map((resource) => ({ resource: structuredClone(resource) })) };
  }

  /** Restores what save() wrote: every resource with its history. Returns how many resources were restored. */
  load(file) {
    if (!file || !existsSync(file)) {
      return 0;
    }
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    let count = 0;
    for (const [resourceType, byId] of Object.entries(saved.history ?? {})) {
      const history = new Map();
      const current = new Map();
      for (const [id, versions] of Object.entries(byId)) {
        history.set(id, versions);
        const latest = saved.resources?.[resourceType]?.[id];
        if (latest) {
          current.set(id, latest);
          this.#index(latest);
          count++;
        }
      }
      this.history.set(resourceType, history);
      this.resources.set(resourceType, current);
    }
    return count;
  }

  /** Writes every resource with its history to a file (atomically), so that a restarted server has the same data. */
  save(file) {
    const mapToObject = (map, value) => Object.fromEntries([...map].map(([key, v]) => [key, value(v)]));
    const saved = {
      resources: mapToObject(this.resources, (byId) => mapToObject(byId, (r) => r)),
      history: mapToObject(this.history, (byId) => mapToObject(byId, (versions) => versions)),
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(saved));
    renameSync(`${file}.tmp`, file);
  }

  #snapshot(resourceType, id) {
    return {
      current: this.resources.get(resourceType)?.get(id),
      historyLength: this.history.get(resourceType)?.get(id)?.length ?? 0,
    };
  }

  #rollback() {
    for (const step of this.#journal.reverse()) {
      const resources = this.resources.get(step.resourceType);
      const history = this.history.get(step.resourceType);
      if (step.current) {
        resources?.set(step.id, step.current);
      } else {
        resources?.delete(step.id);
      }
      history?.get(step.id)?.splice(step.historyLength);
      if (history?.get(step.id)?.length === 0) {
        history.delete(step.id);
      }
    }
  }
}

function assertValid(resource) {
  let issues;
  try {
    issues = validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      throw err;
    }
    throw new OperationOutcomeError(badRequest(String(err?.message ?? err)));
  }
  const errors = (issues ?? []).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  if (errors.length > 0) {
    throw new OperationOutcomeError({ resourceType: 'OperationOutcome', issue: errors });
  }
}
