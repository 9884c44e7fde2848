using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Infrastructure.Events;
using KanbanCustomer.Infrastructure.Jobs;
using KanbanCustomer.Infrastructure.Persistence;
using KanbanCustomer.Infrastructure.Telemetry;
using KanbanCustomer.Infrastructure.Webhooks;
using KanbanCustomer.Tests.Support;
using KanbanCustomer.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tags = KanbanCustomer.Infrastructure.Telemetry.KanbanTelemetry.Tags;

namespace KanbanCustomer.Tests.Api.Hosting;

/// <summary>
/// OTLP pointed at a recording endpoint on 127.0.0.1, Prometheus on, and the spans and metrics also kept in memory.
/// Webhooks to 127.0.0.1 allowed (a test delivers one); the relay's own timer is out of the way (a test runs it).
/// </summary>
public sealed class TelemetryApp() : TelemetryAppBase(new SqliteTestDatabase());

/// <summary>The same on PostgreSQL, with Redis as the event bus (a redis-server of the test's own).</summary>
public sealed class PostgresTelemetryApp() : TelemetryAppBase(new PostgresTestDatabase())
{
    public RedisProcess Redis { get; } = new();

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            if (RedisProcess.Executable is null)
            {
                if (TestDatabase.InCi)
                    throw new InvalidOperationException("CI=true needs redis-server (apt-get install redis-server, or run .ci/run).");
                return settings;
            }

            if (!Redis.IsRunning)
                Redis.StartAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
            settings["Redis:Configuration"] = Redis.Configuration;
            return settings;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

public abstract class TelemetryAppBase(TestDatabase database) : WebhookApp(database)
{
    private WebhookReceiver? _collector;

    /// <summary>Every span that ended in this process while the host ran (other hosts' too: filter by name or trace).</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>What the in-memory exporter got at each flush.</summary>
    public List<MetricSnapshot> Exported { get; } = [];

    public WebhookReceiver Collector => _collector ??= WebhookReceiver.StartAsync().GetAwaiter().GetResult();

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Telemetry:OtlpEndpoint"] = new Uri(Collector.Url, "/").ToString();
            settings["Telemetry:Prometheus:Enabled"] = "true";
            settings["Events:RelayInterval"] = "01:00:00";
            return settings;
        }
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SpanCapture(Spans)));
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Exported));
    }

    /// <summary>Exports what is pending now: spans to OTLP, metrics to OTLP and to <see cref="Exported"/>.</summary>
    public void Flush()
    {
        Assert.True(Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "Spans: " + Received);
        lock (Exported)
            Exported.Clear();
        // False with Prometheus on: its reader is pull-only and exports when scraped. The push readers flush all the same.
        Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
    }

    private string Received => string.Join(", ", Collector.Requests.Select(r => $"{r.Method} {r.Path} {r.Body.Length}"));

    /// <summary>Waits (bounded: 10 s unless told) for a span that <paramref name="match"/> picks.</summary>
    public async Task<Activity> SpanAsync(Func<Activity, bool> match, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Spans.FirstOrDefault(match) is { } found)
                return found;
            Assert.True(DateTime.UtcNow < deadline, $"No span {what} among: {string.Join(", ", Spans.Select(s => $"{s.Source.Name}/{s.DisplayName}").Distinct().Take(60))}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_collector is not null)
            await _collector.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class SpanCapture(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}

public sealed class PostgresTelemetryTests(PostgresTelemetryApp app) : IClassFixture<PostgresTelemetryApp>
{
    [Fact]
    public async Task On_PostgreSQL_Npgsql_spans_sit_under_EF_Core_spans_under_the_operation_and_Redis_publishes_make_spans()
    {
        if (RedisProcess.Executable is null)
            Assert.Skip("redis-server is not installed (apt-get install redis-server, or run .ci/run).");
        var name = "CreateBoardPg" + Guid.NewGuid().ToString("N")[..8];

        var response = await app.Require().ClientFor("alice", "Alice").SendAsync($"mutation {name} {{ createBoard(input: {{ name: \"Traced\" }}) {{ board {{ id }} }} }}");

        Assert.True(response.Errors is null, response.Text);
        var operation = await app.SpanAsync(s => s.DisplayName == $"mutation {name}", $"mutation {name}");
        var efSpans = app.Spans.Where(s => s.ParentSpanId == operation.SpanId && s.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore").Select(s => s.SpanId).ToHashSet();
        Assert.NotEmpty(efSpans);
        var npgsql = await app.SpanAsync(s => s.Source.Name == "Npgsql" && efSpans.Contains(s.ParentSpanId), "from Npgsql under an EF Core span");
        Assert.Equal(operation.TraceId, npgsql.TraceId);
        // The publisher sends the committed events to Redis off the request path, in a span of the same trace.
        var publish = await app.SpanAsync(s => s.DisplayName == KanbanTelemetry.Spans.PublishEvents && s.TraceId == operation.TraceId, "publishing the events");
        var redis = await app.SpanAsync(s => s.Source.Name == "OpenTelemetry.Instrumentation.StackExchangeRedis" && s.ParentSpanId == publish.SpanId,
            "from StackExchange.Redis under the publishing span", TimeSpan.FromSeconds(30));
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(operation.TraceId, redis.TraceId);
    }
}

public sealed class TelemetryTests(TelemetryApp app) : WebhookTestBase(app), IClassFixture<TelemetryApp>
{
    private const string EfCoreSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";
    private const string AspNetCoreSource = "Microsoft.AspNetCore";
    private const string HttpClientSource = "System.Net.Http";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operation_gets_a_span_named_after_it_under_the_HTTP_span_with_database_spans_beneath_and_no_variable_values()
    {
        var name = "CreateBoard" + Guid.NewGuid().ToString("N")[..8];
        var secret = "secret-board-name-" + Guid.NewGuid().ToString("N");
        var alice = Alice;

        var response = await alice.SendAsync($"mutation {name}($input: CreateBoardInput!) {{ createBoard(input: $input) {{ board {{ id }} }} }}",
            new { input = new { name = secret } });

        Assert.True(response.Errors is null, response.Text);
        var operation = await app.SpanAsync(s => s.Source.Name == KanbanTelemetry.Name && s.DisplayName == $"mutation {name}", $"mutation {name}");
        var server = await app.SpanAsync(s => s.SpanId == operation.ParentSpanId, "of the HTTP request");
        Assert.Equal("mutation", operation.GetTagItem(Tags.OperationType));
        Assert.Equal(name, operation.GetTagItem(Tags.OperationName));
        Assert.Null(operation.GetTagItem(Tags.DocumentId));
        Assert.Equal(ActivityStatusCode.Unset, operation.Status);
        Assert.Equal(AspNetCoreSource, server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        var database = Assert.Single(app.Spans.Where(s => s.ParentSpanId == operation.SpanId && s.Source.Name == EfCoreSource).Take(1));
        Assert.Equal(operation.TraceId, database.TraceId);
        AssertNotInAnySpan(operation.TraceId, secret, alice.Token!);
    }

    [Fact]
    public async Task A_GET_request_shows_neither_its_variables_nor_its_token_in_any_span()
    {
        var secret = "secret-variable-" + Guid.NewGuid().ToString("N");
        var name = "NodeByGet" + Guid.NewGuid().ToString("N")[..8];
        var alice = Alice;
        var query = Uri.EscapeDataString($"query {name}($id: ID!) {{ node(id: $id) {{ id }} }}");
        var variables = Uri.EscapeDataString($$"""{"id":"{{secret}}"}""");

        await alice.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}&variables={variables}"));

        var operation = await app.SpanAsync(s => s.DisplayName == $"query {name}", $"query {name}");
        await app.SpanAsync(s => s.SpanId == operation.ParentSpanId, "of the HTTP request");
        AssertNotInAnySpan(operation.TraceId, secret, alice.Token!);
    }

    [Fact]
    public async Task A_persisted_document_tags_its_span_with_the_document_id()
    {
        var id = PersistedOperations.IdOf(PersistedOperations.Normalise(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "Api", "PersistedOperations", "Viewer.graphql"), Token)));
        var before = app.Spans.Count(s => s.DisplayName == "query Viewer" && id.Equals(s.GetTagItem(Tags.DocumentId)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent($$"""{"documentId":"{{id}}"}""", Encoding.UTF8, "application/json") };
        var response = await Alice.SendAsync(request);

        Assert.True(response.Errors is null, response.Text);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (app.Spans.Count(s => s.DisplayName == "query Viewer" && id.Equals(s.GetTagItem(Tags.DocumentId))) == before && DateTime.UtcNow < deadline)
            await Task.Delay(20, Token);
        var span = app.Spans.Last(s => s.DisplayName == "query Viewer" && id.Equals(s.GetTagItem(Tags.DocumentId)));
        Assert.Equal("Viewer", span.GetTagItem(Tags.OperationName));
    }

    [Fact]
    public async Task Errors_are_counted_by_their_code_and_operation_and_durations_by_operation()
    {
        using var metrics = new MeterCapture(app.Services);
        var broken = "Broken" + Guid.NewGuid().ToString("N")[..8];
        var fine = "Fine" + Guid.NewGuid().ToString("N")[..8];

        var failed = await Alice.SendAsync($"query {broken} {{ noSuchField }}");
        await Alice.SendAsync($"query {fine} {{ viewer {{ id }} }}");

        Assert.Equal(KanbanErrorInfoProvider.ValidationFailed, failed.ErrorCode);
        var errors = metrics.Of(KanbanTelemetry.Metrics.Errors);
        Assert.True(errors.Count(m => m.Tag(Tags.OperationName) == broken) == 1, string.Join("; ", errors.Select(m => string.Join(",", m.Tags.Select(t => $"{t.Key}={t.Value}")))));
        var error = errors.Single(m => m.Tag(Tags.OperationName) == broken);
        Assert.Equal(KanbanErrorInfoProvider.ValidationFailed, error.Tag(Tags.Code));
        Assert.Equal("query", error.Tag(Tags.OperationType));
        Assert.Equal(1, error.Value);
        var durations = metrics.Of(KanbanTelemetry.Metrics.RequestDuration).Where(m => m.Tag(Tags.OperationName) == fine).ToList();
        Assert.Equal("query", Assert.Single(durations).Tag(Tags.OperationType));
        Assert.True(durations[0].Value is > 0 and < 30);
        Assert.DoesNotContain(metrics.Of(KanbanTelemetry.Metrics.Errors), m => m.Tag(Tags.OperationName) == fine);
        var span = await app.SpanAsync(s => s.DisplayName == $"query {broken}", $"query {broken}");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(KanbanErrorInfoProvider.ValidationFailed, span.GetTagItem(Tags.ErrorType));
    }

    [Fact]
    public async Task A_refusal_before_execution_is_counted_with_its_code()
    {
        using var metrics = new MeterCapture(app.Services);

        var refused = await Alice.SendAsync("{ viewer { id } }", new { n = double.PositiveInfinity.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("""{"query":"{ viewer { id } }","variables":{"n":1e999}}""", Encoding.UTF8, "application/json") };
        var infinite = await Alice.SendAsync(request);

        Assert.True(refused.Errors is null, refused.Text);
        Assert.Equal(KanbanErrorInfoProvider.BadRequest, infinite.ErrorCode);
        Assert.Contains(metrics.Of(KanbanTelemetry.Metrics.Errors), m => m.Tag(Tags.Code) == KanbanErrorInfoProvider.BadRequest && m.Tag(Tags.OperationType) == OperationTelemetry.UnknownType);
    }

    [Fact]
    public void Operation_names_as_metric_tags_are_bounded()
    {
        var telemetry = new OperationTelemetry(app.Services.GetRequiredService<KanbanMetrics>(), app.Services.GetRequiredService<GraphQL.Execution.IErrorInfoProvider>());

        var labels = Enumerable.Range(0, OperationTelemetry.MaxNames + 50).Select(i => telemetry.Label($"Op{i}")).ToList();

        Assert.Equal(OperationTelemetry.MaxNames, labels.Count(l => l != OperationTelemetry.OtherName));
        Assert.Equal(50, labels.Count(l => l == OperationTelemetry.OtherName));
        Assert.Equal("Op0", telemetry.Label("Op0"));
        Assert.Equal(OperationTelemetry.NoName, telemetry.Label(null));
    }

    [Fact]
    public async Task A_subscription_counts_as_live_from_subscribe_until_it_completes()
    {
        using var metrics = new MeterCapture(app.Services);
        var board = await Alice.CreateBoardAsync();
        await using var socket = await GraphQLWsClient.ConnectAsAsync(app, "alice");

        await socket.SubscribeAsync("live", "subscription Live($b: ID!) { boardEvents(boardId: $b) { seq } }", new { b = board.BoardId });
        var opened = await metrics.WaitForAsync(m => Live(m) == 1, TimeSpan.FromSeconds(10));
        await socket.CompleteAsync("live");
        var closed = await metrics.WaitForAsync(m => Live(m) == 0 && m.Of(KanbanTelemetry.Metrics.LiveSubscriptions).Count == 2, TimeSpan.FromSeconds(10));

        Assert.True(opened, "The subscription was not counted as live.");
        Assert.True(closed, $"The subscription was not counted as ended: {string.Join(", ", metrics.Of(KanbanTelemetry.Metrics.LiveSubscriptions).Select(m => m.Value))}");
        await app.SpanAsync(s => s.DisplayName == "subscription Live", "subscription Live");

        static double Live(MeterCapture m) => m.Of(KanbanTelemetry.Metrics.LiveSubscriptions).Sum(x => x.Value);
    }

    [Fact]
    public async Task The_relay_measures_the_outbox_lag_from_the_oldest_unpublished_event()
    {
        using var metrics = new MeterCapture(app.Services);
        var board = await Alice.CreateBoardAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var boardId = KanbanCustomer.Api.Common.Ids.Parse(board.BoardId, "Board");
            var db = scope.ServiceProvider.GetRequiredService<KanbanDbContext>();
            // As if the publisher had crashed between commit and publish.
            await db.BoardEvents.Where(e => e.BoardId == boardId).ExecuteUpdateAsync(s => s.SetProperty(e => e.PublishedAt, (DateTimeOffset?)null), Token);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(90));
        var relay = app.Services.GetRequiredService<BoardEventRelay>();
        var relayed = await relay.RelayOnceAsync(Token);
        metrics.Observe();
        var lagging = metrics.Of(KanbanTelemetry.Metrics.OutboxLag)[^1].Value;
        await relay.RelayOnceAsync(Token);
        metrics.Observe();
        var caughtUp = metrics.Of(KanbanTelemetry.Metrics.OutboxLag)[^1].Value;

        Assert.True(relayed > 0);
        Assert.True(lagging >= 90, $"lag {lagging} s");
        Assert.Equal(0, caughtUp);
    }

    [Fact]
    public async Task The_stale_scan_records_its_duration_and_span()
    {
        using var metrics = new MeterCapture(app.Services);

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaleScanJob>().RunAsync(Token);

        var scan = Assert.Single(metrics.Of(KanbanTelemetry.Metrics.StaleScanDuration));
        Assert.Equal("succeeded", scan.Tag(Tags.Outcome));
        Assert.True(scan.Value is > 0 and < 30);
        await app.SpanAsync(s => s.Source.Name == KanbanTelemetry.Name && s.DisplayName == KanbanTelemetry.Spans.StaleScan, "of the stale scan");
    }

    [Fact]
    public async Task A_webhook_delivery_counts_its_outcome_and_its_HTTP_span_hides_the_URL_path_and_query()
    {
        using var metrics = new MeterCapture(app.Services);
        await using var receiver = await WebhookReceiver.StartAsync();
        var board = await Alice.CreateBoardAsync();
        var url = new Uri(receiver.Url, "/hooks/secret-path-token?key=secret-query-token");
        var webhookId = await AddWebhookAsync(board.BoardId, url);
        var delivery = await CreateDeliveryAsync(board.BoardId, webhookId);

        Assert.Equal(DeliveryOutcome.Delivered, await DeliverAsync(delivery));
        Assert.Equal(DeliveryOutcome.AlreadyFinished, await DeliverAsync(delivery));

        Assert.Equal(["delivered", "already_finished"], metrics.Of(KanbanTelemetry.Metrics.WebhookDeliveries).Select(m => m.Tag(Tags.Outcome)));
        var http = await app.SpanAsync(s => s.Source.Name == HttpClientSource && (s.GetTagItem("server.port") as int?) == url.Port, "of the webhook's POST");
        var job = await app.SpanAsync(s => s.SpanId == http.ParentSpanId, "of the delivery job");
        Assert.Equal(KanbanTelemetry.Spans.WebhookDelivery, job.DisplayName);
        Assert.Equal(url.GetLeftPart(UriPartial.Authority) + "/", http.GetTagItem("url.full"));
        // The receiver (an ASP.NET Core app in this process too) records its own request path: only our spans count.
        AssertNotInAnySpan(http.TraceId, s => s.ParentSpanId != http.SpanId, "secret-path-token", "secret-query-token");
    }

    [Fact]
    public async Task Traces_and_metrics_reach_the_OTLP_endpoint_and_Prometheus_scrapes_the_metrics()
    {
        var name = "Exported" + Guid.NewGuid().ToString("N")[..8];
        await Alice.SendAsync($"query {name} {{ viewer {{ id }} }}");
        await app.SpanAsync(s => s.DisplayName == $"query {name}", $"query {name}");

        app.Flush();
        using var scrape = await app.CreateClient().GetAsync("/metrics", Token);
        var text = await scrape.Content.ReadAsStringAsync(Token);

        var requests = app.Collector.Requests;
        var traces = requests.Where(r => r.Path == "/v1/traces").ToList();
        Assert.Contains(traces, r => Contains(r.Body, $"query {name}"));
        Assert.All(traces, r => Assert.StartsWith("application/x-protobuf", r.Headers["Content-Type"], StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path == "/v1/metrics" && Contains(r.Body, KanbanTelemetry.Metrics.RequestDuration));
        lock (app.Exported)
        {
            var duration = Assert.Single(app.Exported, m => m.Name == KanbanTelemetry.Metrics.RequestDuration);
            Assert.Equal("s", duration.Unit);
        }

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("kanban_graphql_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains($"graphql_operation_name=\"{name}\"", text, StringComparison.Ordinal);
    }

    private void AssertNotInAnySpan(ActivityTraceId trace, params string[] secrets) => AssertNotInAnySpan(trace, _ => true, secrets);

    private void AssertNotInAnySpan(ActivityTraceId trace, Func<Activity, bool> ours, params string[] secrets)
    {
        foreach (var span in app.Spans.Where(s => s.TraceId == trace && ours(s)))
        {
            foreach (var (key, value) in span.TagObjects)
            {
                foreach (var secret in secrets)
                    Assert.False(value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true, $"{span.DisplayName}: {key} shows a secret");
            }

            Assert.DoesNotContain(secrets, secret => span.DisplayName.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static string RepositoryRoot([CallerFilePath] string source = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
