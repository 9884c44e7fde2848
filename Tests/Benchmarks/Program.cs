using KanbanCustomer.Benchmarks;

return args.FirstOrDefault() switch
{
    "fanout" => await FanOutBenchmark.RunAsync(args.Skip(1).ToArray()),
    "stale-scan" => await StaleScanBenchmark.RunAsync(args.Skip(1).ToArray()),
    "query-load" => await KanbanCustomer.Benchmarks.QueryLoad.QueryLoadBenchmark.RunAsync(args.Skip(1).ToArray()),
    "hostile-memory" => await HostileMemoryBenchmark.RunAsync(args.Skip(1).ToArray()),
    "stale-scan-run" => await StaleScanBenchmark.ScanOnceAsync(args.Skip(1).ToArray()),
    "forecast" => ForecastBenchmark.Run(args.Skip(1).ToArray()),
    "flow" => await FlowBenchmark.RunAsync(args.Skip(1).ToArray()),
    "comment-fanout" => await CommentFanOutBenchmark.RunAsync(args.Skip(1).ToArray()),
    "export" => await ExportBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Tests/Benchmarks -- fanout [subscribers...]   (default: 100 1000)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- stale-scan [cards]         (default: 1000000)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- query-load [--provider sqlite|postgres|both] [--seconds N] [--warmup N]");
    Console.Error.WriteLine("                                       [--rounds N] [--threads N] [--connections N] [--response-cache on|off] [--ops viewer,one-board,all-boards,big-board-page]   (needs wrk)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- hostile-memory [--requests N] [--idle SECONDS] [--provider sqlite|postgres] [--rate-limit on|off] [--response-cache on|off]");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- forecast                   (the Monte Carlo forecast on 90 days of samples)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- flow [--provider sqlite|postgres|both]   (flowMetrics on 100,000 cards, 500,000 steps)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- comment-fanout [--provider sqlite|postgres|both]   (addComment with 1 and 1,000 watchers)");
    Console.Error.WriteLine("       dotnet run -c Release --project Tests/Benchmarks -- export [--provider sqlite|postgres|both]   (a 100,000-card board exported as JSON and CSV)");
    return 2;
}
