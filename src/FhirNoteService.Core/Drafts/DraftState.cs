using System.Security.Cryptography;
using FhirNoteService.Contracts;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>Tells a draft still as the service wrote it from a note a clinician has signed or edited.</summary>
public static class DraftState
{
    /// <summary>Signed: docStatus final or amended, or an authenticator is set.</summary>
    public static bool IsSigned(DocumentReference document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.DocStatus is CompositionStatus.Final or CompositionStatus.Amended || document.Authenticator is not null;
    }

    /// <summary>
    /// Untouched: preliminary, unsigned, and its one attachment still hashes to the SHA-1 the service recorded when it
    /// wrote it. Anything else is the clinician's and is never superseded.
    /// </summary>
    public static bool IsUntouched(DocumentReference document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (IsSigned(document) || document.DocStatus != CompositionStatus.Preliminary || document.Content.Count != 1)
        {
            return false;
        }
        var attachment = document.Content[0].Attachment;
        return attachment?.Data is { Length: > 0 } data && attachment.Hash is { Length: > 0 } recorded && HashOf(data).AsSpan().SequenceEqual(recorded);
    }

    /// <summary>A copy of an untouched draft with <c>status = superseded</c>, to be written with If-Match on its version.</summary>
    public static DocumentReference AsSuperseded(DocumentReference draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var superseded = (DocumentReference)draft.DeepCopy();
        superseded.Status = DocumentReferenceStatus.Superseded;
        return superseded;
    }

    /// <summary>The attachment hash FHIR defines: SHA-1 of the data.</summary>
#pragma warning disable CA5350 // FHIR fixes Attachment.hash to SHA-1; here it detects edits and protects no secret.
    public static byte[] HashOf(byte[] data) => SHA1.HashData(data);
#pragma warning restore CA5350

    /// <summary>Why the service leaves this note alone.</summary>
    public static string ClinicianStateOf(DocumentReference document) => IsSigned(document) ? NoteSkipReasons.SignedByClinician : NoteSkipReasons.EditedByClinician;
}
