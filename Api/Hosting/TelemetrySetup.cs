using System.Diagnostics;
using KanbanCustomer.Infrastructure.Telemetry;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// OpenTelemetry (docs/observability.md): our own spans and metrics (<see cref="KanbanTelemetry"/>) with ASP.NET Core,
/// EF Core, Npgsql, Redis and the webhook HTTP client beneath them. Spans are made only when an OTLP endpoint receives
/// them; metrics when OTLP or the Prometheus endpoint does. Without either, no OpenTelemetry SDK runs at all.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Paths whose requests make no span: probes and scrapes come often and tell nothing.</summary>
    private static readonly string[] Untraced = ["/health"];

    public static IServiceCollection AddKanbanTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TelemetrySettings.From(configuration);
        services.AddSingleton(settings);
        services.AddKanbanMetrics();
        if (!settings.Tracing && !settings.Metrics)
            return services;

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()));
        if (settings.Tracing)
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddSource(KanbanTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsUntraced(http.Request.Path, settings))
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddNpgsql()
                    .AddRedisInstrumentation()
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = HideUrlPath);
                tracing.AddOtlpExporter(o => Export(o, settings, "traces"));
            });
        }

        if (settings.Metrics)
        {
            otel.WithMetrics(metrics =>
            {
                metrics.AddMeter(KanbanTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (settings.OtlpEndpoint is not null)
                    metrics.AddOtlpExporter(o => Export(o, settings, "metrics"));
                if (settings.Prometheus.Enabled)
                    metrics.AddPrometheusExporter();
            });
        }

        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint where <c>Telemetry:Prometheus:Enabled</c> is on.</summary>
    public static void UseKanbanTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<TelemetrySettings>();
        if (settings.Prometheus.Enabled)
            app.MapPrometheusScrapingEndpoint(settings.Prometheus.Path);
    }

    private static bool IsUntraced(PathString path, TelemetrySettings settings) =>
        Untraced.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) ||
        (settings.Prometheus.Enabled && path.StartsWithSegments(settings.Prometheus.Path, StringComparison.OrdinalIgnoreCase));

    /// <summary>Over HTTP the exporter is given each signal's full path; over gRPC the base address.</summary>
    private static void Export(OtlpExporterOptions options, TelemetrySettings settings, string signal)
    {
        options.Protocol = settings.Protocol;
        options.Endpoint = settings.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(settings.OtlpEndpoint!, settings.OtlpEndpoint!.AbsolutePath.TrimEnd('/') + "/v1/" + signal)
            : settings.OtlpEndpoint!;
    }

    /// <summary>A webhook's URL may carry its secret in the path or query (as chat services' do): outgoing spans show only where a call goes.</summary>
    private static void HideUrlPath(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
            activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + "/");
        activity.SetTag("url.path", null);
        activity.SetTag("url.query", null);
    }
}
