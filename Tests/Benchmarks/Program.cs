using KanbanCustomer.Benchmarks;

return args.FirstOrDefault() switch
{
    "fanout" => await FanOutBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Tests/Benchmarks -- fanout [subscribers...]   (default: 100 1000)");
    return 2;
}
