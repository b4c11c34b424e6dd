// An in-memory FHIR repository with what Medplum's MemoryRepository lacks for an EMR stand-in:
// validation of every write, serialised transactions, rollback of a failed transaction, saving to a file, and an
// index of the references and identifiers that the service's searches and conditional creates use (the upstream
// search scans every resource of the type, which grows with every patient loaded).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { allOk, badRequest, created, OperationOutcomeError, validateResource } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import { parametersUnknownToLenientServer, restoreUrnUuids } from './quirks.mjs';

// Search parameters served from the index: code -> resource type -> the values a resource matches, as written in a
// search (a reference "Type/id", a token "system|value"). Only these types: elsewhere the paths differ
// (DocumentReference.context.encounter, ...).
const reference = (r) => (r?.reference ? [r.reference] : []);
const tokens = (list) => (list ?? []).filter((t) => t?.system && (t.value ?? t.code)).map((t) => `${t.system}|${t.value ?? t.code}`);
const byEncounter = (resource) => reference(resource.encounter);
const indexed = {
  encounter: { Condition: byEncounter, Observation: byEncounter, MedicationRequest: byEncounter, Procedure: byEncounter, DiagnosticReport: byEncounter },
  patient: { Condition: (r) => reference(r.subject), AllergyIntolerance: (r) => reference(r.patient), MedicationRequest: (r) => reference(r.subject) },
  target: { Provenance: (r) => (r.target ?? []).flatMap(reference) },
  identifier: { DocumentReference: (r) => tokens([...(r.identifier ?? []), r.masterIdentifier]), Device: (r) => tokens(r.identifier) },
  _tag: { Provenance: (r) => tokens(r.meta?.tag) },
};

// One or more comma-separated values a search gives for an indexed parameter, or undefined to fall back to a scan.
function indexedValues(filter, resourceType) {
  if (!indexed[filter.code]?.[resourceType] || filter.operator !== 'eq' || typeof filter.value !== 'string') {
    return undefined;
  }
  const values = filter.value.split(',');
  const shape = ['encounter', 'patient', 'target'].includes(filter.code) ? /^[A-Za-z]+\/[^/|\\]+$/ : /^[^|\\]+\|[^|\\]+$/;
  return values.every((v) => shape.test(v)) ? values : undefined;
}

export class SandboxRepository extends MemoryRepository {
  #quirks;
  #journal = undefined;
  #writeQueue = Promise.resolve();
  // `${type}|${code}|${value}` -> ids. Entries are only added: a search still checks every filter against the
  // candidates, so an entry left over from an update or a rollback costs a comparison, never a wrong answer.
  #references = new Map();

  constructor(quirks = new Set()) {
    super();
    this.#quirks = quirks;
  }

  /**
   * A transaction is all or nothing: every write inside it is journalled, and a failure restores what it changed
   * (Medplum's MemoryRepository keeps the entries before the one that failed). Nested calls join the outer one.
   */
  async withTransaction(work) {
    if (this.#journal || this.#quirks.has('no-transaction-isolation')) {
      return work(this);
    }
    this.#journal = [];
    try {
      return await work(this);
    } catch (err) {
      this.#rollback();
      throw err;
    } finally {
      this.#journal = undefined;
    }
  }

  async conditionalCreate(resource, search, options) {
    const lenient = this.#quirks.has('lenient-if-none-exist');
    const racy = this.#quirks.has('no-transaction-isolation');
    if (!lenient && !racy) {
      return super.conditionalCreate(resource, search, options);
    }
    const filters = (search.filters ?? []).filter((f) => !lenient || !parametersUnknownToLenientServer.has(f.code));
    const matches = this.searchSync({ ...search, filters, count: 2, sortRules: undefined }).entry?.map((e) => e.resource) ?? [];
    if (racy) {
      // Without isolation, other writes run between the search and the create.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (matches.length === 1 || (lenient && matches.length > 1)) {
      return { resource: matches[0], outcome: allOk };
    }
    if (matches.length > 1) {
      return super.conditionalCreate(resource, search, options);
    }
    return { resource: this.createResourceSync(resource, options), outcome: created };
  }

  /** Runs requests one at a time, so that a transaction is isolated from every other read and write. */
  serialise(work) {
    const run = this.#writeQueue.then(work, work);
    this.#writeQueue = run.catch(() => undefined);
    return run;
  }

  createResourceSync(resource, options, update = false) {
    if (this.#quirks.has('no-urn-rewrite-in-arrays')) {
      resource = restoreUrnUuids(resource);
    }
    assertValid(resource);
    const { resourceType, id } = resource;
    const previous = id ? this.#snapshot(resourceType, id) : { current: undefined, historyLength: 0 };
    const created = super.createResourceSync(resource, options, update);
    this.#journal?.push({ resourceType, id: created.id, ...previous });
    this.#index(created);
    return created;
  }

  searchSync(request) {
    const all = this.resources.get(request.resourceType);
    const filter = all && (request.filters ?? []).find((f) => indexedValues(f, request.resourceType));
    if (!filter) {
      return super.searchSync(request);
    }
    const candidates = new Map();
    for (const value of indexedValues(filter, request.resourceType)) {
      for (const id of this.#references.get(`${request.resourceType}|${filter.code}|${value}`) ?? []) {
        const resource = all.get(id);
        if (resource) {
          candidates.set(id, resource);
        }
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
    for (const [code, byType] of Object.entries(indexed)) {
      for (const value of byType[resource.resourceType]?.(resource) ?? []) {
        const key = `${resource.resourceType}|${code}|${value}`;
        let ids = this.#references.get(key);
        if (!ids) {
          ids = new Set();
          this.#references.set(key, ids);
        }
        ids.add(resource.id);
      }
    }
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
