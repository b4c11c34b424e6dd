// A thin node:http host around Medplum's FHIR engine: a sandbox FHIR R4 server standing in for an EMR.
// Usage: node --experimental-websocket src/server.mjs
//   env: SANDBOX_FHIR_HOST, SANDBOX_FHIR_PORT, SANDBOX_FHIR_DATA, SANDBOX_FHIR_QUIRKS (see quirks.mjs; none = strict)
// With SANDBOX_FHIR_DATA set, the data is saved to that file on SIGTERM/SIGINT and loaded from it at start, so that
// the server can be stopped and started again without losing what it holds (tests stop it to simulate an outage).
import { createServer } from 'node:http';
import { badRequest, getStatus, normalizeOperationOutcome } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import { capabilityStatement } from './capability.mjs';
import { SandboxRepository } from './repository.mjs';
import { hideUrnUuidsInArrays, knownQuirks, parseQuirks, withoutRevincludeIterate } from './quirks.mjs';
import { loadR4Definitions, resourceTypes } from './schema.mjs';

const host = process.env.SANDBOX_FHIR_HOST ?? '127.0.0.1';
const port = Number(process.env.SANDBOX_FHIR_PORT ?? 8103);
const dataFile = process.env.SANDBOX_FHIR_DATA;
const maxBodyBytes = 64 * 1024 * 1024;
const quirks = parseQuirks(process.env.SANDBOX_FHIR_QUIRKS);

loadR4Definitions();
const router = new FhirRouter();
const repo = new SandboxRepository(quirks);
const restored = repo.load(dataFile);
const baseUrl = `http://${host}:${port}/`;
const metadata = capabilityStatement(baseUrl, resourceTypes(), quirks);

let requestCount = 0;

const server = createServer((req, res) => {
  requestCount++;
  handle(req, res).catch((err) => send(res, 500, normalizeOperationOutcome(err)));
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  const mode = quirks.size === 0 ? 'strict' : `quirks: ${[...quirks].map((q) => `${q} (${knownQuirks[q]})`).join(', ')}`;
  console.log(`sandbox FHIR server listening on ${baseUrl} (${restored} resources restored; ${mode})`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    // Writes in progress finish before the data is saved.
    repo.serialise(() => undefined).then(() => {
      if (dataFile) {
        repo.save(dataFile);
      }
      process.exit(0);
    });
  });
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', baseUrl);
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  if (req.method === 'GET' && path === 'metadata') {
    return send(res, 200, metadata);
  }
  if (req.method === 'GET' && path === 'healthz') {
    // The request count lets benchmarks measure FHIR requests per note.
    return send(res, 200, { status: 'ok', requests: requestCount, quirks: [...quirks] });
  }
  if (quirks.has('no-history') && path.split('/').includes('_history')) {
    return send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', details: { text: 'History is not supported' } }] });
  }

  let body;
  try {
    body = await readBody(req);
  } catch (err) {
    return send(res, 400, badRequest(err.message));
  }

  if (quirks.has('no-batch') && req.method === 'POST' && path === '' && body?.resourceType === 'Bundle') {
    return send(res, 400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', details: { text: 'Batch and transaction are not supported' } }] });
  }
  if (quirks.has('no-preliminary') && ['POST', 'PUT'].includes(req.method) && writesPreliminaryNote(body)) {
    return send(res, 422, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'business-rule', details: { text: 'DocumentReference.docStatus must be final or amended' } }] });
  }
  const headersSeen = quirks.has('ignores-if-none-exist') ? withoutHeader(req.headers, 'if-none-exist') : req.headers;
  const understood = understand(path + url.search);
  const isTransaction = body?.resourceType === 'Bundle' && body.type === 'transaction';
  const routed = asReceived(body);
  const fhirRequest = {
    method: req.method,
    url: understood,
    pathname: '',
    params: {},
    query: toQuery(new URL(understood, baseUrl).searchParams),
    body: routed,
    headers: headersSeen,
    config: { transactions: true },
  };
  const run = () => router.handleRequest(fhirRequest, repo);
  // Strict: one request at a time, so that no read sees a transaction half done and no two writes interleave.
  let [outcome, resource] = quirks.has('no-transaction-isolation') ? await run() : await repo.serialise(run);
  if (isTransaction && routed.type === 'batch' && resource?.resourceType === 'Bundle') {
    resource = asTransactionResponse(resource);
  }
  const status = getStatus(outcome);
  const headers = versionHeaders(status, resource);
  withSelfLinks(req.method === 'GET' ? understood : undefined, resource, routed);
  const isRead = req.method === 'GET' || (req.method === 'POST' && path.endsWith('_search'));
  if (quirks.has('create-empty-body') && req.method === 'POST' && status === 201 && resource?.resourceType !== 'Bundle') {
    return send(res, 201, undefined, { Location: `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}` });
  }
  if (!isRead && wantsMinimal(req) && status < 300) {
    if (resource?.resourceType === 'Bundle' && quirks.has('minimal-empty-body')) {
      return send(res, 200, undefined);
    }
    return resource?.resourceType === 'Bundle' ? send(res, status, withoutWrittenResources(resource, body), headers) : send(res, status, undefined, headers);
  }
  send(res, status, resource ?? outcome, headers);
}

// A DocumentReference with docStatus other than final or amended, alone or in a Bundle.
function writesPreliminaryNote(body) {
  const resources = body?.resourceType === 'Bundle' ? (body.entry ?? []).map((e) => e.resource) : [body];
  return resources.some((r) => r?.resourceType === 'DocumentReference' && !['final', 'amended'].includes(r.docStatus));
}

function withoutHeader(headers, name) {
  const { [name]: _dropped, ...rest } = headers;
  return rest;
}

// A request URL as this server understands it: a server that ignores a parameter answers as if it was not sent.
function understand(url) {
  return quirks.has('ignores-revinclude-iterate') ? withoutRevincludeIterate(url) : url;
}

// The body as the router gets it under the quirks: searches in a batch understood as above, urn:uuid references in
// repeating elements hidden from the router's rewriting, a transaction processed as a batch without isolation.
function asReceived(body) {
  if (body?.resourceType !== 'Bundle' || !Array.isArray(body.entry)) {
    return body;
  }
  const entry = body.entry.map((e) => ({
    ...e,
    request: e.request?.method === 'GET' && e.request.url ? { ...e.request, url: understand(e.request.url) } : e.request,
    resource: e.resource && quirks.has('no-urn-rewrite-in-arrays') ? hideUrnUuidsInArrays(e.resource) : e.resource,
  }));
  const type = body.type === 'transaction' && quirks.has('no-transaction-isolation') ? 'batch' : body.type;
  return { ...body, type, entry };
}

// What a server without transaction isolation answered: 200 with a transaction-response whose failed entries (a stale
// If-Match) say 500, the other entries committed.
function asTransactionResponse(bundle) {
  return {
    ...bundle,
    type: 'transaction-response',
    entry: (bundle.entry ?? []).map((e) => (e.response && Number(e.response.status) >= 400 ? { ...e, response: { ...e.response, status: '500' } } : e)),
  };
}

// Searchsets carry a self link with the search as the server understood it, as real servers answer: a parameter it
// ignored is missing there. For a batch, each GET entry's searchset gets its own.
function withSelfLinks(searchUrl, resource, request) {
  if (resource?.resourceType !== 'Bundle') {
    return;
  }
  if (resource.type === 'searchset' && searchUrl) {
    resource.link = [{ relation: 'self', url: new URL(searchUrl, baseUrl).toString() }];
    return;
  }
  (resource.entry ?? []).forEach((entry, i) => {
    const asked = request?.entry?.[i]?.request;
    if (asked?.method === 'GET' && entry.resource?.resourceType === 'Bundle' && entry.resource.type === 'searchset') {
      entry.resource.link = [{ relation: 'self', url: new URL(asked.url, baseUrl).toString() }];
    }
  });
}

// Prefer: return=minimal, as FHIR servers honour it: no copy of what was written, only the status and the location.
function wantsMinimal(req) {
  return /\breturn=minimal\b/.test(req.headers.prefer ?? '');
}

// In a batch or transaction answer, the entries that wrote lose their resource and their informational outcome;
// the answers to reads (GET entries) stay whole.
function withoutWrittenResources(bundle, request) {
  const requested = request?.entry ?? [];
  return {
    ...bundle,
    entry: (bundle.entry ?? []).map((entry, i) => {
      if ((requested[i]?.request?.method ?? 'GET') === 'GET') {
        return entry;
      }
      const { resource: _written, ...rest } = entry;
      const informational = (rest.response?.outcome?.issue ?? []).every((issue) => issue.severity === 'information');
      if (rest.response && informational) {
        const { outcome: _outcome, ...response } = rest.response;
        rest.response = response;
      }
      return rest;
    }),
  };
}

function versionHeaders(status, resource) {
  const headers = {};
  const versionId = resource?.meta?.versionId;
  if (!versionId || !resource.id || resource.resourceType === 'Bundle') {
    return headers;
  }
  headers.ETag = `W/"${versionId}"`;
  if (resource.meta.lastUpdated) {
    headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  }
  if (status === 201) {
    headers.Location = `${baseUrl}${resource.resourceType}/${resource.id}/_history/${versionId}`;
  }
  return headers;
}

function send(res, status, payload, headers = {}) {
  const text = payload === undefined ? '' : JSON.stringify(payload);
  res.writeHead(status, {
    ...(payload === undefined ? {} : { 'Content-Type': 'application/fhir+json; charset=utf-8' }),
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      throw new Error(`Request body exceeds ${maxBodyBytes} bytes`);
    }
    chunks.push(chunk);
  }
  if (size === 0) {
    return undefined;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('Request body is not valid JSON');
  }
}

function toQuery(searchParams) {
  const query = {};
  for (const [key, value] of searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [].concat(existing, value);
  }
  return query;
}
