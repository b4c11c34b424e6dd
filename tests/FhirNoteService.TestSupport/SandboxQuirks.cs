namespace FhirNoteService.TestSupport;

/// <summary>
/// The behaviours of independent FHIR servers that the sandbox can switch on (deploy/sandbox-fhir/src/quirks.mjs),
/// so that tests prove the service on each, not only on a server that answers the way the code expects.
/// </summary>
public static class SandboxQuirks
{
    /// <summary>Atomic, isolated transactions; every answer whole.</summary>
    public const string Strict = "";

    /// <summary>Writes under <c>Prefer: return=minimal</c> answer 200 with an empty body.</summary>
    public const string MinimalEmptyBody = "minimal-empty-body";

    /// <summary>Searches ignore <c>_revinclude:iterate</c>; the self link omits it.</summary>
    public const string IgnoresRevincludeIterate = "ignores-revinclude-iterate";

    /// <summary>Transactions neither atomic nor isolated; a failed entry answers 500 inside a 200.</summary>
    public const string NoTransactionIsolation = "no-transaction-isolation";

    /// <summary><c>urn:uuid</c> references in repeating elements are left as they were sent.</summary>
    public const string NoUrnRewriteInArrays = "no-urn-rewrite-in-arrays";

    /// <summary>If-None-Exist ignores <c>_tag</c> and answers with the first match of the rest.</summary>
    public const string LenientIfNoneExist = "lenient-if-none-exist";

    /// <summary>No <c>_history</c> and no vread.</summary>
    public const string NoHistory = "no-history";

    /// <summary>
    /// An EMR that takes single requests only (reported for Epic): no batch or transaction, If-None-Exist ignored (a
    /// replayed create creates again), creates answered 201 with an empty body, a relative Location and no ETag. The
    /// <c>single-requests</c> write profile is for it; the transaction profile refuses to start on it.
    /// </summary>
    public const string SingleRequestsEmr = "no-batch,ignores-if-none-exist,create-empty-body";

    /// <summary>Strict, then every quirk on its own: the modes each server-facing test of the transaction profile runs in.</summary>
    public static IReadOnlyList<string> EveryMode { get; } =
        [Strict, MinimalEmptyBody, IgnoresRevincludeIterate, NoTransactionIsolation, NoUrnRewriteInArrays, LenientIfNoneExist, NoHistory];
}
