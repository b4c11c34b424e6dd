using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using FhirNoteService.Core.Events;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.DeadLetters;
using FhirNoteService.Worker.Hosting;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// <c>errors list</c> and <c>errors republish</c>: the dead-lettered encounter events, with their reasons, and their
/// re-publication once the cause is fixed. RabbitMQ settings as for <c>run</c> (appsettings, environment, --Section:Key=value).
/// </summary>
internal static partial class ErrorsCommand
{
    // A reason is the service's own sentence; anything longer was not written by it.
    private const int MaxReasonLength = 500;

    public static Command Create()
    {
        var max = new Option<int>("--max") { Description = "List at most this many", DefaultValueFactory = _ => 100 };
        var list = new Command("list", $"List the encounter events in {ErrorQueueClient.QueueName} with the reason each failed; nothing is removed.")
        {
            max,
        };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, async (queue, output) =>
        {
            var letters = await queue.ListAsync(parseResult.GetValue(max), cancellationToken);
            Print(output, letters);
            await output.WriteLineAsync($"{letters.Count} dead-lettered event(s) shown from {ErrorQueueClient.QueueName}.");
            return 0;
        }));

        var ids = new Option<string[]>("--message-id") { Description = "Re-publish the event with this message id (repeatable)", AllowMultipleArgumentsPerToken = true };
        var kind = new Option<string?>("--kind") { Description = "Re-publish every event that failed with this kind, e.g. EncounterNotFound" };
        var all = new Option<bool>("--all") { Description = "Re-publish every dead-lettered event" };
        var republish = new Command("republish", $"Move chosen events from {ErrorQueueClient.QueueName} back to {EncounterEventConsumerDefinition.QueueName}, after the cause is fixed.")
        {
            ids,
            kind,
            all,
        };
        republish.TreatUnmatchedTokensAsErrors = false;
        republish.Validators.Add(result =>
        {
            if (result.GetValue(ids) is not { Length: > 0 } && result.GetValue(kind) is null && !result.GetValue(all))
            {
                result.AddError("Choose what to re-publish: --message-id, --kind or --all (see 'errors list').");
            }
        });
        republish.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, async (queue, output) =>
        {
            var chosenIds = new HashSet<string>(parseResult.GetValue(ids) ?? [], StringComparer.OrdinalIgnoreCase);
            var chosenKind = parseResult.GetValue(kind);
            var everything = parseResult.GetValue(all);
            var moved = await queue.RepublishAsync(
                letter => everything
                    || (letter.MessageId is { } id && chosenIds.Contains(id))
                    || (chosenKind is not null && string.Equals(letter.Kind, chosenKind, StringComparison.OrdinalIgnoreCase)),
                cancellationToken);
            Print(output, moved);
            await output.WriteLineAsync($"{moved.Count} event(s) re-published to {EncounterEventConsumerDefinition.QueueName}.");
            return moved.Count > 0 || everything ? 0 : 1;
        }));

        return new Command("errors", "Operate the error queue: list dead-lettered encounter events and re-publish them after a fix.")
        {
            list,
            republish,
        };
    }

    private static async Task<int> RunAsync(ParseResult parseResult, Func<ErrorQueueClient, TextWriter, Task<int>> action)
    {
        var builder = OperatorHost.CreateBuilder(parseResult);
        builder.Services.AddErrorQueue();
        using var host = builder.Build();
        if (!await SettingsReport.CheckAsync(host.Services))
        {
            return SettingsReport.InvalidSettings;
        }
        try
        {
            return await action(host.Services.GetRequiredService<ErrorQueueClient>(), Console.Out);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException unreachable)
        {
            await Console.Error.WriteLineAsync($"RabbitMQ is not reachable ({unreachable.InnerException?.Message ?? unreachable.Message}); check Messaging:RabbitMq.");
            return 3;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException interrupted) when (interrupted.ShutdownReason?.ReplyCode == 404)
        {
            await Console.Error.WriteLineAsync($"There is no {ErrorQueueClient.QueueName} queue on this RabbitMQ virtual host yet: nothing has been dead-lettered.");
            return 0;
        }
    }

    // Everything in a dead letter came with the message, so a sender may have put anything there: a row is printed
    // from validated values only (a reference that parses, an id of id characters) and every control character that
    // could move the cursor, clear the screen or start a new line is replaced.
    private static void Print(TextWriter output, IReadOnlyList<DeadLetter> letters)
    {
        foreach (var letter in letters)
        {
            var at = letter.FaultedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "?";
            var id = IdCharacters().IsMatch(letter.MessageId) ? letter.MessageId : "(unprintable id)";
            var encounter = letter.EncounterReference is { } reference && EncounterId.TryParse(reference, out var parsed, out _) ? parsed!.Reference : "(unreadable event)";
            output.WriteLine($"{letter.Position,4}  {id,-36}  {at}  {encounter,-48}  {Printable(letter.Reason)}");
        }
    }

    private static string Printable(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= MaxReasonLength ? clean : $"{clean[..MaxReasonLength]}...";
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,80}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdCharacters();
}
