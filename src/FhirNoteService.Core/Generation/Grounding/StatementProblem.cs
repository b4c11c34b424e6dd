namespace FhirNoteService.Core.Generation.Grounding;

/// <summary>Why a statement could not be verified against the record; each is shown to the reviewing clinician.</summary>
public enum StatementProblem
{
    /// <summary>The statement cites no fact at all.</summary>
    NoCitation,

    /// <summary>It cites or references a fact number the record does not have.</summary>
    UnknownFact,

    /// <summary>A number (a dose, a result, a vital sign) that no cited fact holds, even rounded as written.</summary>
    ValueNotInRecord,

    /// <summary>A number with a unit the cited facts do not give it (mcg for mg, kPa for mmHg).</summary>
    UnitNotInRecord,

    /// <summary>Two values of a pair (a blood pressure) in the wrong order.</summary>
    SwappedValues,

    /// <summary>A date no cited fact has, in any of the forms dates are written.</summary>
    DateNotInRecord,

    /// <summary>An age other than the patient's.</summary>
    AgeNotInRecord,

    /// <summary>A sex other than the patient's.</summary>
    SexNotInRecord,

    /// <summary>A drug the record does not name.</summary>
    DrugNotInRecord,

    /// <summary>A diagnosis the record does not name.</summary>
    DiagnosisNotInRecord,

    /// <summary>A procedure the record does not name.</summary>
    ProcedureNotInRecord,

    /// <summary>A name the record has, but not in the facts this statement cites (a wrong citation).</summary>
    NameNotInCitedFacts,

    /// <summary>Denies or rules out what the record holds (an allergy, a diagnosis, a medication).</summary>
    NegatesRecord,

    /// <summary>Left/right, bilateral, acute or chronic where the cited facts say otherwise or nothing.</summary>
    QualifierNotInRecord,

    /// <summary>The verifying model (Generation:Verifier) judged the statement not supported by the facts it cites.</summary>
    VerifierDisagrees,
}
