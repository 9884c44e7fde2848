using System.Diagnostics;
using System.Text;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// A bounded, seeded fuzz run against real Kestrel in Production: thousands of hostile requests (see
/// <see cref="HostileRequests"/>), two at a time. None may get a 5xx (but Kestrel's 505 for an unknown HTTP version), show a stack trace or connection detail, or take
/// longer than the budget; the log gets no error; and the server answers a normal request afterwards.
/// </summary>
public sealed class FuzzTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private const int Seed = 20_261_204;
    private const int Cases = 3_000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    // What no answer may show: stack frames, exception types, the database's words, configuration and paths.
    private static readonly string[] Leaks =
        ["   at ", "Exception", "Npgsql", "SQLite Error", "Microsoft.", "System.", "Data Source", "Host=", "Password", "/work/", "/tmp/", "SigningKey"];

    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_no_leak_and_no_error_log()
    {
        var address = app.Address;
        var generator = new HostileRequests(Seed, user => app.TokenFor(user), Encoding.UTF8.GetBytes(KanbanApp.SigningKey), KanbanApp.Issuer);
        var generated = Stopwatch.StartNew();
        var requests = generator.Take(Cases).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"generated in {generated.Elapsed.TotalSeconds:0.0} s, {requests.Sum(r => (long)r.Bytes.Length) / 1024} KiB");
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(requests.Select((r, i) => (r, i)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (item, _) =>
        {
            var answer = await HostileRequests.SendAsync(address.Host, address.Port, item.r, Budget + TimeSpan.FromSeconds(5));
            lock (failures)
            {
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                slowest = answer.Elapsed > slowest ? answer.Elapsed : slowest;
                // 505 is Kestrel's own answer to a request line of another HTTP version: the protocol's word for a client's error.
                var problem = answer.Status is >= 500 and not 505 ? $"status {answer.Status}"
                    : answer.Elapsed > Budget ? $"took {answer.Elapsed.TotalMilliseconds:0} ms"
                    : Leaks.FirstOrDefault(l => answer.Text.Contains(l, StringComparison.Ordinal)) is { } leak ? $"shows '{leak}'"
                    : null;
                if (problem is not null && failures.Count < 10)
                    failures.Add($"case {item.i} ({item.r.Kind}): {problem}: {Shorten(answer.Text)}");
            }
        });

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Cases} cases in {clock.Elapsed.TotalSeconds:0.0} s, slowest {slowest.TotalMilliseconds:0} ms; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(app.Log.Errors.Count == 0, string.Join("\n", app.Log.Errors.Take(10)));
        var data = await new GraphQLClient(new HttpClient { BaseAddress = address }, app.TokenFor("after-fuzz")).DataAsync("{ viewer { userId } }");
        Assert.Equal("after-fuzz", data.Str("viewer.userId"));
        // Most requests must get past the transport, or the fuzzer tests nothing but the HTTP parser.
        Assert.True(statuses.Where(s => s.Key is 200 or 400).Sum(s => s.Value) > Cases / 2, string.Join(", ", statuses));
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + " ...";
}
