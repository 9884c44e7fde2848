using KanbanCustomer.Benchmarks;

return args.FirstOrDefault() switch
{
    "fanout" => await FanOutBenchmark.RunAsync(args.Skip(1).ToArray()),
    "stale-scan" => await StaleScanBenchmark.RunAsync(args.Skip(1).ToArray()),
    "stale-scan-run" => await StaleScanBenchmark.ScanOnceAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Tests/Benchmarks -- fanout [subscribers...]   (default: 100 1000)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- stale-scan [cards]         (default: 1000000)");
    return 2;
}
