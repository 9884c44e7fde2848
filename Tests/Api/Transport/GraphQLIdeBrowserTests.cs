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
        var demoUser = app.ClientFor(DemoData.DemoUser, "Dev User");
        var board = Assert.Single((await demoUser.DataAsync("{ boards(first: 1) { nodes { id lastEventSeq } } }")).Nodes("boards"));
        await using var ide = await IdeSession.OpenAsync(new Uri(address, "/graphql"));

        // The demo query, as the start-up log offers it, put into the editor and run.
        await ide.SetQueryAsync(DemoData.TryQuery);
        await ide.RunAsync();
        await ide.WaitForResponseAsync("Checkout fails for company cards");

        // A subscription from the board's last event on, then a change over plain HTTP: its event arrives in the IDE.
        var title = "Seen live in the IDE " + Guid.NewGuid().ToString("N");
        await ide.SetQueryAsync($$"""subscription { boardEvents(boardId: "{{board.Str("id")}}", afterSeq: {{board.Number("lastEventSeq")}}) { seq type payload } }""");
        await ide.RunAsync();
        await demoUser.CreateCardAsync(board.Str("id"), title);
        await ide.WaitForResponseAsync(title);

        Assert.True(ide.Problems.IsEmpty, "The browser's console:\n" + string.Join("\n", ide.Problems));
        Assert.Contains(new Uri(address, "/graphql").ToString(), ide.Requests);
        Assert.All(ide.Requests, url => Assert.True(new Uri(url).Authority == address.Authority || url.StartsWith("data:", StringComparison.Ordinal), $"The page loaded {url}"));
        Assert.Equal($"ws://{address.Authority}/graphql", Assert.Single(ide.Sockets));
    }

    [Fact]
    public async Task A_token_edited_in_the_Headers_tab_goes_into_connection_init_and_a_refusal_shows_in_the_result_pane()
    {
        RequireChromium();
        await using var ide = await IdeSession.OpenAsync(new Uri(app.Address, "/graphql"));

        await ide.SetHeadersAsync("""{ "Authorization": "Bearer not-a-token" }""");
        await ide.SetQueryAsync("subscription { viewerNotifications { id } }");
        await ide.RunAsync();

        await ide.WaitForResponseAsync("The WebSocket was closed (4403): Forbidden: the token is not valid");
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

    /// <summary>Headless Chromium with a fresh profile, on the IDE's page, recording every request, socket and console error.</summary>
    private sealed class IdeSession : IAsyncDisposable
    {
        private const string ResponseText = "() => document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue() ?? ''";

        private readonly DirectoryInfo _profile;
        private readonly IPlaywright _playwright;
        private readonly IBrowserContext _browser;
        private readonly IPage _page;

        private IdeSession(DirectoryInfo profile, IPlaywright playwright, IBrowserContext browser, IPage page)
        {
            (_profile, _playwright, _browser, _page) = (profile, playwright, browser, page);
            page.Request += (_, request) => Requests.Enqueue(request.Url);
            page.WebSocket += (_, socket) => Sockets.Enqueue(socket.Url);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    Problems.Enqueue($"{message.Text} ({message.Location})");
            };
            page.PageError += (_, error) => Problems.Enqueue(error);
        }

        public ConcurrentQueue<string> Requests { get; } = new();

        public ConcurrentQueue<string> Sockets { get; } = new();

        public ConcurrentQueue<string> Problems { get; } = new();

        public static async Task<IdeSession> OpenAsync(Uri url)
        {
            var profile = Directory.CreateTempSubdirectory("kanban-chromium-");
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = Timeout,
            });
            var session = new IdeSession(profile, playwright, browser, browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync());
            await session._page.GotoAsync(url.ToString(), new() { Timeout = Timeout });
            await session._page.WaitForSelectorAsync(".graphiql-query-editor .CodeMirror", new() { Timeout = Timeout });
            return session;
        }

        public async Task SetQueryAsync(string query) =>
            await _page.EvaluateAsync("query => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query)", query);

        /// <summary>Replaces the Headers tab's text (the editor that holds the prefilled Authorization).</summary>
        public async Task SetHeadersAsync(string headers) =>
            await _page.EvaluateAsync("""
                headers => [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map(e => e.CodeMirror)
                    .find(editor => editor.getValue().includes('Authorization')).setValue(headers)
                """, headers);

        public Task RunAsync() => _page.ClickAsync(".graphiql-execute-button", new() { Timeout = Timeout });

        /// <summary>Waits (bounded) until the result pane holds <paramref name="text"/>; on timeout, fails with what the pane and the console held.</summary>
        public async Task WaitForResponseAsync(string text)
        {
            try
            {
                await _page.WaitForFunctionAsync($"text => ({ResponseText})().includes(text)", text, new() { Timeout = Timeout, PollingInterval = 100 });
            }
            catch (TimeoutException)
            {
                var shown = await _page.EvaluateAsync<string>(ResponseText);
                Assert.Fail($"The result pane never showed '{text}' within {Timeout / 1000} s. It shows:\n{shown}\nConsole errors:\n{string.Join("\n", Problems)}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
            _profile.Delete(recursive: true);
        }
    }
}
