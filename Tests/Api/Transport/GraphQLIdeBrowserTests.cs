using System.Collections.Concurrent;
using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Tests.Support;
using Microsoft.Playwright;

namespace KanbanCustomer.Tests.Api;

/// <summary>The server as <c>dotnet run --project Api</c> starts it (Development, the demo board) on real Kestrel, for a real browser.</summary>
public sealed class DevelopmentKestrelApp : KestrelApp
{
    protected override string Environment => "Development";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings) { ["Database:SeedDemoData"] = "true" };
}

/// <summary>
/// The GraphQL IDE in headless Chromium (Debian's <c>chromium</c>, driven by Playwright; no browser download): the page
/// loads from this server alone, runs the demo query, and shows a subscription's event. Skips locally without
/// Chromium, and fails under CI=true (.ci/run installs it).
/// </summary>
public sealed class GraphQLIdeBrowserTests(DevelopmentKestrelApp app) : IClassFixture<DevelopmentKestrelApp>
{
    private const string Chromium = "/usr/bin/chromium";
    private const float Timeout = 60_000; // bounded, with room for a loaded CI machine parsing a 1.3 MB script

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task The_IDE_runs_the_demo_query_and_shows_a_subscriptions_event_with_nothing_loaded_from_elsewhere()
    {
        RequireChromium();
        var address = app.Address;
        var ide = new Uri(address, "/graphql");
        var demoUser = app.ClientFor(DemoData.DemoUser, "Dev User");
        var board = Assert.Single((await demoUser.DataAsync("{ boards(first: 1) { nodes { id lastEventSeq } } }")).Nodes("boards"));

        var profile = Directory.CreateTempSubdirectory("kanban-chromium-");
        using var playwright = await Playwright.CreateAsync();
        try
        {
            await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = Timeout,
            });
            var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
            var requests = new ConcurrentQueue<string>();
            var sockets = new ConcurrentQueue<string>();
            var problems = new ConcurrentQueue<string>();
            page.Request += (_, request) => requests.Enqueue(request.Url);
            page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    problems.Enqueue($"{message.Text} ({message.Location})");
            };
            page.PageError += (_, error) => problems.Enqueue(error);

            await page.GotoAsync(ide.ToString(), new() { Timeout = Timeout });
            await page.WaitForSelectorAsync(".graphiql-query-editor .CodeMirror", new() { Timeout = Timeout });

            // The demo query, as the start-up log offers it, typed into the editor and run.
            await SetQueryAsync(page, DemoData.TryQuery);
            await page.ClickAsync(".graphiql-execute-button", new() { Timeout = Timeout });
            await WaitForResponseAsync(page, "Checkout fails for company cards", problems);

            // A subscription from the board's last event on, then a change over plain HTTP: its event arrives in the IDE.
            var title = "Seen live in the IDE " + Guid.NewGuid().ToString("N");
            await SetQueryAsync(page, $$"""subscription { boardEvents(boardId: "{{board.Str("id")}}", afterSeq: {{board.Number("lastEventSeq")}}) { seq type payload } }""");
            await page.ClickAsync(".graphiql-execute-button", new() { Timeout = Timeout });
            await demoUser.CreateCardAsync(board.Str("id"), title);
            await WaitForResponseAsync(page, title, problems);

            Assert.True(problems.IsEmpty, "The browser's console:\n" + string.Join("\n", problems));
            Assert.Contains(ide.ToString(), requests);
            Assert.All(requests, url => Assert.True(new Uri(url).Authority == address.Authority || url.StartsWith("data:", StringComparison.Ordinal), $"The page loaded {url}"));
            Assert.Equal($"ws://{address.Authority}/graphql", Assert.Single(sockets));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static void RequireChromium()
    {
        if (File.Exists(Chromium))
            return;
        const string reason = Chromium + " is not installed (apt-get install chromium, or run .ci/run).";
        if (TestDatabase.InCi)
            Assert.Fail("CI=true needs Chromium: " + reason);
        Assert.Skip(reason);
    }

    private static async Task SetQueryAsync(IPage page, string query) =>
        await page.EvaluateAsync("query => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query)", query);

    /// <summary>Waits (bounded) until the result pane holds <paramref name="text"/>; on timeout, fails with what the pane and the console held.</summary>
    private static async Task WaitForResponseAsync(IPage page, string text, IEnumerable<string> problems)
    {
        const string response = "() => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''";
        try
        {
            await page.WaitForFunctionAsync($"text => ({response})().includes(text)", text, new() { Timeout = Timeout, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var shown = await page.EvaluateAsync<string>(response);
            Assert.Fail($"The result pane never showed '{text}' within {Timeout / 1000} s. It shows:\n{shown}\nConsole errors:\n{string.Join("\n", problems)}");
        }
    }
}
