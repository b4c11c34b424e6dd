using System.CommandLine;
using FhirNoteService.Worker.Demo;
using FhirNoteService.Worker.Hosting;
using FhirNoteService.Worker.Operations;

var root = new RootCommand("FhirNoteService: drafts clinical notes from FHIR encounter events and writes them back to the EMR for clinician review.")
{
    RunCommand.Create(),
    ReceiveCommand.Create(),
    DemoCommand.Create(),
    ErrorsCommand.Create(),
    BackfillCommand.Create(),
    SubscribeCommand.Create(),
    DraftCommand.Create(),
    JwksCommand.Create(),
};
// SIGTERM is the host's to handle (graceful shutdown bounded by Messaging:ShutdownGracePeriod); System.CommandLine
// would otherwise cancel at once and end the process two seconds later.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
