using System.CommandLine;
using FhirNoteService.Worker.Demo;
using FhirNoteService.Worker.Hosting;
using FhirNoteService.Worker.Operations;

var root = new RootCommand("FhirNoteService: drafts clinical notes from FHIR encounter events and writes them back to the EMR for clinician review.")
{
    RunCommand.Create(),
    DemoCommand.Create(),
    ErrorsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
