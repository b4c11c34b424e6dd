// Switchable behaviours of independent FHIR R4 servers, seen in 2026, that the strict sandbox does not have.
// SANDBOX_FHIR_QUIRKS is a comma-separated list of these names; without it the sandbox is strict (atomic, isolated
// transactions, every answer whole). Each one exists so that the service's tests prove it copes with that server.
export const knownQuirks = {
  // A batch or transaction sent with `Prefer: return=minimal` is answered 200 with an empty body, although it committed.
  'minimal-empty-body': 'writes under Prefer: return=minimal answer 200 with an empty body',
  // `_revinclude:iterate` is dropped without an error; the searchset's self link simply omits it.
  'ignores-revinclude-iterate': 'searches ignore _revinclude:iterate (the self link omits it)',
  // Transactions are processed entry by entry beside other writes: a failed entry (a stale If-Match) answers 500
  // inside a 200 transaction-response while the other entries are committed, and conditional creates can race.
  'no-transaction-isolation': 'transactions are neither atomic nor isolated; a failed entry answers 500 inside a 200',
  // urn:uuid references inside repeating elements (DocumentReference.author, Provenance.target, agent.who) are stored
  // as they were sent, not rewritten to the ids the transaction created.
  'no-urn-rewrite-in-arrays': 'urn:uuid references in repeating elements are not rewritten',
  // If-None-Exist ignores parameters the server does not know (here: _tag) and answers with the first resource that
  // matches the rest, even one that does not carry what was asked for.
  'lenient-if-none-exist': 'If-None-Exist ignores _tag and answers with the first match of the rest',
  // No version history: _history and vread are refused.
  'no-history': '_history and vread are not supported',
  // Neither batch nor transaction: a Bundle posted to the base is refused (reported for Epic); the
  // CapabilityStatement does not list them.
  'no-batch': 'batch and transaction Bundles are refused with 400',
  // If-None-Exist is ignored: a conditional create replayed creates a second resource (reported for Epic).
  'ignores-if-none-exist': 'If-None-Exist is ignored: every create creates',
  // A create answers 201 with an empty body, a relative Location and no ETag (reported for Epic).
  'create-empty-body': 'a create answers 201 with an empty body, a relative Location and no ETag',
  // No draft state: a DocumentReference may be created or updated only as final or amended (reported for Oracle
  // Health's system access); preliminary is refused with 422.
  'no-preliminary': 'DocumentReference docStatus preliminary is refused with 422',
};

// The quirks of an EMR that takes single requests only, as reported for Epic.
export const singleRequestsEmr = 'no-batch,ignores-if-none-exist,create-empty-body';

export function parseQuirks(text) {
  const names = (text ?? '').split(',').map((q) => q.trim()).filter((q) => q.length > 0);
  const unknown = names.filter((q) => !(q in knownQuirks));
  if (unknown.length > 0) {
    throw new Error(`Unknown SANDBOX_FHIR_QUIRKS ${unknown.join(', ')}; known: ${Object.keys(knownQuirks).join(', ')}`);
  }
  return new Set(names);
}

// The parameters a lenient server does not know in If-None-Exist.
export const parametersUnknownToLenientServer = new Set(['_tag']);

// A search URL as a server that ignores `_revinclude:iterate` understands it.
export function withoutRevincludeIterate(url) {
  const [path, query] = splitUrl(url);
  if (query === undefined) {
    return url;
  }
  const kept = query.split('&').filter((p) => !decodeURIComponent(p.split('=')[0]).startsWith('_revinclude:iterate'));
  return kept.length > 0 ? `${path}?${kept.join('&')}` : path;
}

// A urn:uuid reference in an array element is sent to the router with a doubled colon, which the router's rewriting
// pattern does not match; the repository turns it back before storing (restoreUrnUuids).
export function hideUrnUuidsInArrays(resource) {
  const walk = (value, inArray) => {
    if (Array.isArray(value)) {
      return value.map((item) => walk(item, true));
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => {
          if (inArray && key === 'reference' && typeof v === 'string' && /^urn:uuid:[0-9a-f-]{36}$/.test(v)) {
            return [key, `urn:uuid::${v.slice('urn:uuid:'.length)}`];
          }
          return [key, walk(v, inArray)];
        })
      );
    }
    return value;
  };
  return walk(resource, false);
}

export function restoreUrnUuids(resource) {
  const text = JSON.stringify(resource);
  const restored = text.replaceAll('"urn:uuid::', '"urn:uuid:');
  return restored === text ? resource : JSON.parse(restored);
}

function splitUrl(url) {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}
