using FluentValidation;

namespace FhirNoteService.Core.Events;

/// <summary>Checks the <c>Events</c> settings at start-up.</summary>
public sealed class EventOptionsValidator : AbstractValidator<EventOptions>
{
    public EventOptionsValidator()
    {
        RuleFor(o => o.SourceSystem)
            .Matches("^[A-Za-z0-9._-]{1,64}$")
            .When(o => !string.IsNullOrEmpty(o.SourceSystem))
            .WithMessage("Events:SourceSystem must be up to 64 letters, digits, '.', '_' or '-'");
    }
}
