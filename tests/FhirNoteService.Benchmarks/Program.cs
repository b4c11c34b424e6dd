using BenchmarkDotNet.Running;
using FhirNoteService.Benchmarks;
using FhirNoteService.Benchmarks.Load;

// End to end:  dotnet run -c Release --project tests/FhirNoteService.Benchmarks -- load [--events 1000] [--concurrency 64] [--model-latency 2]
// Receiver:    dotnet run -c Release --project tests/FhirNoteService.Benchmarks -- receiver [--notifications 20000] [--concurrency 8,16,32]
// Micro:       dotnet run -c Release --project tests/FhirNoteService.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "receiver")
{
    return await FhirNoteService.Benchmarks.Load.ReceiverBenchmark.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "load")
{
    return await LoadBenchmark.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
return 0;
