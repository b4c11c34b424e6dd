using System.CommandLine;
using FhirNoteService.Worker.Demo;
using FhirNoteService.Worker.Hosting;

var root = new RootCommand("FhirNoteService: drafts clinical notes from FHIR encounter events and writes them back to the EMR for clinician review.")
{
    RunCommand.Create(),
    DemoCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
